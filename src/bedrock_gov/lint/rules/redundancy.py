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


@dataclass
class _PrefixIndex:
    """Statement positions by the literal prefixes of their patterns, to find in time linear in a
    string's length the statements that may cover it (instead of comparing every pair)."""

    by_prefix: dict[str, set[int]] = field(default_factory=dict)
    always: set[int] = field(default_factory=set)

    def add(self, position: int, patterns: tuple[str, ...]) -> None:
        for pattern in patterns:
            self.by_prefix.setdefault(_literal_prefix(pattern), set()).add(position)

    def add_resource_parts(self, position: int, patterns: tuple[str, ...]) -> None:
        """Index ARNs by their resource part (after the fifth colon), compared apart from the rest."""
        for pattern in patterns:
            parts = pattern.split(":", 5)
            if len(parts) == 6 and "$" not in pattern:
                self.by_prefix.setdefault(_literal_prefix(parts[5]), set()).add(position)
            else:
                self.always.add(position)

    def candidates(self, text: str) -> set[int]:
        lowered = text.lower()
        found = set(self.always)
        for length in range(len(lowered) + 1):
            found |= self.by_prefix.get(lowered[:length], set())
        return found


def _signature(statement: Statement) -> tuple[object, ...]:
    """What `covers` reads of a statement: two with one signature cover each other."""
    return (statement.not_action, statement.actions, statement.not_resource, statement.resources, statement.conditions)


def _shadowed(ctx: LintContext) -> Iterator[Finding]:
    """Each live Deny another one covers. Statements repeated verbatim (a common shape of large
    sets) are indexed once: a repeat is covered by whatever covers its first occurrence from
    before it, else by that first occurrence; so the index holds distinct statements only."""
    denies = [located for located in ctx.statements() if located.statement.effect == "Deny"]
    live = [located for located in denies if dead_reason(located.statement) is None]
    first_of: dict[tuple[object, ...], int] = {}
    for position, located in enumerate(live):
        first_of.setdefault(_signature(located.statement), position)
    actions, resources, parts = _PrefixIndex(), _PrefixIndex(), _PrefixIndex()
    conditions = _ConditionIndex()
    for position in first_of.values():
        statement = live[position].statement
        if statement.not_action:
            continue  # never covers (see `covers`)
        actions.add(position, statement.actions)
        conditions.add(position, statement)
        if statement.not_resource:
            resources.always.add(position)
            parts.always.add(position)
        else:
            resources.add(position, statement.resources)
            parts.add_resource_parts(position, statement.resources)
    shadow_of_first: dict[int, int | None] = {}
    for position, narrow in enumerate(live):
        first = first_of[_signature(narrow.statement)]
        if first == position or not covers(live[first].statement, narrow.statement):
            shadow = _shadow_of(narrow, position, live, (actions, resources, parts, conditions))
            shadow_of_first[position] = shadow
        else:
            earlier = shadow_of_first[first]
            shadow = earlier if earlier is not None and earlier < first else first
        if shadow is not None:
            yield SHADOWED.finding(
                narrow.file,
                narrow.statement.pointer,
                f"{narrow.label} is already covered by {live[shadow].label}: it denies nothing more",
            )


@dataclass
class _ConditionIndex:
    """Statement positions by one of their conditions: a covering Deny has no condition the covered
    one lacks, so it is unconditioned or shares its first condition with it."""

    by_condition: dict[Condition, set[int]] = field(default_factory=dict)
    unconditioned: set[int] = field(default_factory=set)

    def add(self, position: int, statement: Statement) -> None:
        if statement.conditions:
            self.by_condition.setdefault(statement.conditions[0], set()).add(position)
        else:
            self.unconditioned.add(position)

    def candidates(self, statement: Statement) -> set[int]:
        found = set(self.unconditioned)
        for condition in statement.conditions:
            found |= self.by_condition.get(condition, set())
        return found


def _shadow_of(
    narrow: Located,
    position: int,
    live: list[Located],
    indexes: tuple[_PrefixIndex, _PrefixIndex, _PrefixIndex, _ConditionIndex],
) -> int | None:
    """The position of the first statement in `live` that covers `narrow` (of two that cover each
    other, the later is the one covered)."""
    statement = narrow.statement
    if statement.not_action or not statement.actions or not statement.resources:
        return None
    actions, resources, parts, conditions = indexes
    candidates = actions.candidates(statement.actions[0])
    resource = "*" if statement.not_resource else statement.resources[0]
    candidates &= resources.candidates(resource)
    resource_parts = resource.split(":", 5)
    if len(resource_parts) == 6 and "$" not in resource:
        # a covering six-part ARN pattern covers the resource part on its own (see `pattern_covers`)
        candidates &= parts.candidates(resource_parts[5])
    candidates &= conditions.candidates(statement)
    for other_position in sorted(candidates):
        wide = live[other_position]
        if other_position == position or not covers(wide.statement, statement):
            continue
        # Two statements that cover each other: report only the later one.
        if covers(statement, wide.statement) and other_position > position:
            continue
        return other_position
    return None


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
