"""Statements that can never match (dead) or that another Deny already covers (shadowed).

Both checks are sound but incomplete: a statement is reported only when the reason is certain
(no real action, `NotResource: "*"`, contradictory or impossible conditions; pattern subsumption
for shadowing). Not reporting a statement does not prove it live or needed.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Located, Rule
from bedrock_gov.lint.rules.actions import unknown_reason
from bedrock_gov.policy import Severity, Statement
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


def _shadowed(ctx: LintContext) -> Iterator[Finding]:
    denies = [located for located in ctx.statements() if located.statement.effect == "Deny"]
    live = [located for located in denies if dead_reason(located.statement) is None]
    for position, narrow in enumerate(live):
        shadow = _shadow_of(narrow, position, live)
        if shadow is not None:
            yield SHADOWED.finding(
                narrow.file,
                narrow.statement.pointer,
                f"{narrow.label} is already covered by {shadow.label}: it denies nothing more",
            )


def _shadow_of(narrow: Located, position: int, live: list[Located]) -> Located | None:
    for other_position, wide in enumerate(live):
        if other_position == position or not covers(wide.statement, narrow.statement):
            continue
        # Two statements that cover each other: report only the later one.
        if covers(narrow.statement, wide.statement) and other_position > position:
            continue
        return wide
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
