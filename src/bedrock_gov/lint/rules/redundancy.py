"""Statements that can never match (dead) or that another Deny already covers (shadowed).

Both checks are sound but incomplete: a statement is reported only when the reason is certain
(no real action, `NotResource: "*"`, contradictory or impossible conditions; pattern subsumption
for shadowing). Not reporting a statement does not prove it live or needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Located, Rule
from bedrock_gov.lint.rules.actions import unknown_reason
from bedrock_gov.policy import Condition, Severity, Statement
from bedrock_gov.policy.matching import PatternSet
from bedrock_gov.policy.operators import OPERATORS


def false_when_absent(operator: str, qualifier: str | None, if_exists: bool) -> bool:
    return operator != "Null" and not OPERATORS[operator][1] and not if_exists and qualifier != "ForAllValues"


def dead_reason(statement: Statement) -> str | None:
    if not statement.not_action and all(action != "*" and unknown_reason(action) for action in statement.actions):
        return "none of its actions exists"
    if statement.not_resource and "*" in statement.resources:
        return 'NotResource "*" excludes every resource'
    absent = {c.key.lower() for c in statement.conditions if c.operator == "Null" and c.values == ("true",)}
    for condition in statement.conditions:
        if condition.key.lower() in absent and false_when_absent(
            condition.operator, condition.qualifier, condition.if_exists
        ):
            return f"it requires {condition.key} to be absent (Null) and to match {condition.operator_text}"
    return None


def _dead(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        reason = dead_reason(located.statement)
        if reason:
            yield DEAD.finding(located.file, located.statement.pointer, f"{located.label} can never match: {reason}")


def _prefix_covers(wide: str, narrow: str) -> bool:
    """`wide` is `narrow`, `*`, or a literal prefix plus one trailing `*` that `narrow` starts with."""
    if wide in ("*", narrow):
        return True
    prefix = wide[:-1]
    return wide.endswith("*") and "*" not in prefix and "?" not in prefix and narrow.startswith(prefix)


def pattern_covers(wide: str, narrow: str, *, arn: bool) -> bool:
    """Whether every string `narrow` matches is matched by `wide` (sound, not complete).

    ARNs are compared segment by segment (both must spell out all six); a `*` that ends a segment
    in `wide` matches at least what any text of that segment in `narrow` does."""
    if wide == "*":
        return True
    if "$" in wide or "$" in narrow:
        return wide == narrow
    if not arn:
        return _prefix_covers(wide.lower(), narrow.lower())
    if "*" not in narrow and "?" not in narrow:
        return PatternSet((wide,), arn=True).matches(narrow, {})
    wide_parts, narrow_parts = wide.split(":", 5), narrow.split(":", 5)
    if len(wide_parts) != 6 or len(narrow_parts) != 6:
        return wide == narrow
    return all(_prefix_covers(w, n) for w, n in zip(wide_parts, narrow_parts, strict=True))


def _covers_all(wide: tuple[str, ...], narrow: tuple[str, ...], *, arn: bool) -> bool:
    return all(any(pattern_covers(w, n, arn=arn) for w in wide) for n in narrow)


def covers(wide: Statement, narrow: Statement) -> bool:
    """Whether the Deny `wide` applies to every request the Deny `narrow` applies to."""
    if wide.not_action or narrow.not_action or not _covers_all(wide.actions, narrow.actions, arn=False):
        return False
    if not set(wide.conditions) <= set(narrow.conditions):
        return False
    if wide.not_resource and narrow.not_resource:
        return _covers_all(narrow.resources, wide.resources, arn=True)
    if wide.not_resource:
        return False
    if narrow.not_resource:
        return "*" in wide.resources
    return _covers_all(wide.resources, narrow.resources, arn=True)


def _literal_prefix(pattern: str) -> str:
    """The part of a pattern before its first wildcard or variable, lower-cased: any pattern that
    covers a string starts with its literal prefix (an index key, not a match)."""
    cut = min((index for index in (pattern.find(c) for c in "*?$") if index >= 0), default=len(pattern))
    return pattern[:cut].lower()


Buckets = list[set[int]]
"""Sets of statement groups, one of which holds every group that may cover a given statement."""


@dataclass
class _PrefixIndex:
    """Statement groups by the literal prefixes of their patterns, to find in time linear in a
    string's length the groups that may cover it (instead of comparing every pair)."""

    by_prefix: dict[str, set[int]] = field(default_factory=dict)
    always: set[int] = field(default_factory=set)
    lengths: set[int] = field(default_factory=set)

    def _add_prefix(self, group: int, prefix: str) -> None:
        self.by_prefix.setdefault(prefix, set()).add(group)
        self.lengths.add(len(prefix))

    def add(self, group: int, patterns: tuple[str, ...]) -> None:
        for pattern in patterns:
            self._add_prefix(group, _literal_prefix(pattern))

    def add_resource_parts(self, group: int, patterns: tuple[str, ...]) -> None:
        """Index ARNs by their resource part (after the fifth colon), compared apart from the rest."""
        for pattern in patterns:
            parts = pattern.split(":", 5)
            if len(parts) == 6 and "$" not in pattern:
                self._add_prefix(group, _literal_prefix(parts[5]))
            else:
                self.always.add(group)

    def buckets(self, text: str) -> Buckets:
        lowered = text.lower()
        found = [self.always]
        for length in self.lengths:
            if length <= len(lowered) and (bucket := self.by_prefix.get(lowered[:length])):
                found.append(bucket)
        return found


@dataclass
class _ConditionIndex:
    """Statement groups by one of their conditions: a covering Deny has no condition the covered
    one lacks, so it is unconditioned or shares its first condition with it."""

    by_condition: dict[Condition, set[int]] = field(default_factory=dict)
    unconditioned: set[int] = field(default_factory=set)

    def add(self, group: int, statement: Statement) -> None:
        if statement.conditions:
            self.by_condition.setdefault(statement.conditions[0], set()).add(group)
        else:
            self.unconditioned.add(group)

    def buckets(self, statement: Statement) -> Buckets:
        found = [self.unconditioned]
        found.extend(bucket for condition in statement.conditions if (bucket := self.by_condition.get(condition)))
        return found


Scope = tuple[frozenset[str], frozenset[str], bool, frozenset[Condition]]
"""What `covers` reads of a Deny without NotAction: actions, resources, NotResource, conditions."""


def _scope(statement: Statement) -> Scope:
    return (
        frozenset(statement.actions),
        frozenset(statement.resources),
        statement.not_resource,
        frozenset(statement.conditions),
    )


@dataclass
class _ScopeIndex:
    """Live Deny statements grouped by scope (statements of one scope cover each other), the groups
    indexed by action, resource, resource part and condition: comparing a group only with the
    groups found under all four keys keeps the check near-linear in the number of statements.
    A group is represented by its first statement and identified by its number."""

    groups: list[Statement] = field(default_factory=list)
    members: list[list[int]] = field(default_factory=list)
    actions: _PrefixIndex = field(default_factory=_PrefixIndex)
    resources: _PrefixIndex = field(default_factory=_PrefixIndex)
    parts: _PrefixIndex = field(default_factory=_PrefixIndex)
    conditions: _ConditionIndex = field(default_factory=_ConditionIndex)

    @classmethod
    def of(cls, live: list[Located]) -> _ScopeIndex:
        index = cls()
        numbers: dict[Scope, int] = {}
        for position, located in enumerate(live):
            if located.statement.not_action:
                continue  # never covers nor is covered (see `covers`)
            scope = _scope(located.statement)
            if scope not in numbers:
                numbers[scope] = len(index.groups)
                index._add(numbers[scope], located.statement)
            index.members[numbers[scope]].append(position)
        return index

    def _add(self, group: int, statement: Statement) -> None:
        self.groups.append(statement)
        self.members.append([])
        self.actions.add(group, statement.actions)
        self.conditions.add(group, statement)
        if statement.not_resource:
            self.resources.always.add(group)
            self.parts.always.add(group)
        else:
            self.resources.add(group, statement.resources)
            self.parts.add_resource_parts(group, statement.resources)

    def candidates(self, group: int) -> set[int]:
        """The groups filed under every key the statements of `group` would be found by if covered."""
        statement = self.groups[group]
        resource = "*" if statement.not_resource else statement.resources[0]
        dimensions = [
            self.actions.buckets(statement.actions[0]),
            self.resources.buckets(resource),
            self.conditions.buckets(statement),
        ]
        resource_parts = resource.split(":", 5)
        if len(resource_parts) == 6 and "$" not in resource:
            # a covering six-part ARN pattern covers the resource part on its own (see `pattern_covers`)
            dimensions.append(self.parts.buckets(resource_parts[5]))
        dimensions.sort(key=lambda buckets: sum(len(bucket) for bucket in buckets))
        smallest, *others = dimensions
        found: set[int] = set().union(*smallest)
        for buckets in others:  # intersect bucket by bucket: never a union of the large buckets
            found = set().union(*(found & bucket for bucket in buckets))
        return found

    def shadows(self, group: int) -> tuple[int | None, int | None]:
        """The first position of a group that covers `group` one way only, and the first of one that
        covers it both ways (`group` itself included): what the statements of `group` are shadowed by."""
        narrow = self.groups[group]
        one_way: int | None = None
        both_ways: int | None = None
        for other in self.candidates(group):
            wide = self.groups[other]
            if not covers(wide, narrow):
                continue
            first = self.members[other][0]
            if other == group or covers(narrow, wide):
                both_ways = first if both_ways is None else min(both_ways, first)
            else:
                one_way = first if one_way is None else min(one_way, first)
        return one_way, both_ways


def _shadowed(ctx: LintContext) -> Iterator[Finding]:
    denies = [located for located in ctx.statements() if located.statement.effect == "Deny"]
    live = [located for located in denies if dead_reason(located.statement) is None]
    index = _ScopeIndex.of(live)
    shadow_of: dict[int, Located] = {}
    for group, members in enumerate(index.members):
        if not index.groups[group].actions or not index.groups[group].resources:
            continue
        one_way, both_ways = index.shadows(group)
        for position in members:
            # Two statements that cover each other: report only the later one.
            earlier = both_ways if both_ways is not None and both_ways < position else None
            found = [first for first in (one_way, earlier) if first is not None]
            if found:
                shadow_of[position] = live[min(found)]
    for position, narrow in enumerate(live):
        shadow = shadow_of.get(position)
        if shadow is not None:
            yield SHADOWED.finding(
                narrow.file,
                narrow.statement.pointer,
                f"{narrow.label} is already covered by {shadow.label}: it denies nothing more",
            )


DEAD = Rule(
    "dead-statement",
    Severity.WARNING,
    "Statement that can never match",
    "A statement whose actions do not exist, whose NotResource excludes everything, or whose conditions "
    "cannot hold together never applies; if it was meant as a control, the control is missing.",
    "Fix the actions or conditions so the statement matches what it was meant to, or remove it.",
    _dead,
)
SHADOWED = Rule(
    "shadowed-statement",
    Severity.WARNING,
    "Deny statement fully covered by another Deny",
    "Another Deny on the same path applies to every request this one does (same or broader actions "
    "and resources, no extra conditions), so this statement adds nothing but size.",
    "Remove the statement, or narrow the broader one if the overlap is not intended.",
    _shadowed,
)

RULES = (DEAD, SHADOWED)
