"""ARN-shape rules (shared aws-facts "Matching"): ARN matching is case-sensitive and real ARNs are
lower-case up to the resource; in the Resource element a `*` ending a segment may run past later
colons, which evaluators read differently, so a pattern with missing segments is ambiguous; an ARN
condition operator compares six components apart, so a value with fewer never matches."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedrock_gov.lint.context import LintContext, element_pointer, resource_key
from bedrock_gov.lint.model import Finding, Rule
from bedrock_gov.policy import Severity
from bedrock_gov.policy.jsontext import pointer_token
from bedrock_gov.policy.operators import OPERATORS

_VARIABLE = re.compile(r"\$\{[^}]*\}")
_SEGMENT_NAMES = ("partition", "service", "Region", "account")
SEGMENTS = 6


def _segments(resource: str) -> list[str]:
    """The ARN's colon-separated segments with variables blanked (their case and colons don't count)."""
    return _VARIABLE.sub("", resource).split(":", SEGMENTS - 1)


def _uppercase(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        statement = located.statement
        for index, resource in enumerate(statement.resources):
            if not resource.startswith("arn:"):
                continue
            segments = _segments(resource)[1:5]
            bad = [name for name, segment in zip(_SEGMENT_NAMES, segments, strict=False) if segment != segment.lower()]
            if not bad:
                continue
            parts = resource.split(":", SEGMENTS - 1)
            fixed = ":".join([*(part.lower() if 0 < i < 5 else part for i, part in enumerate(parts))])
            yield UPPERCASE.finding(
                located.file,
                element_pointer(located.file, statement, resource_key(statement), index),
                f"{located.label}: {resource!r} has upper case in its {', '.join(bad)} segment(s); "
                "ARN matching is case-sensitive and real ARNs are lower-case there, so it matches nothing",
                f"Write {fixed!r}.",
            )


def spelled_out(resource: str) -> str | None:
    """All six segments written out, when `resource` has fewer and a segment ends with `*`."""
    parts = _VARIABLE.sub(lambda match: match.group(0).replace(":", "\0"), resource).split(":")
    if len(parts) >= SEGMENTS:
        return None
    for index, part in enumerate(parts[1:], start=1):
        if part.endswith("*"):
            missing = SEGMENTS - len(parts)
            filled = [*parts[: index + 1], *(["*"] * missing), *parts[index + 1 :]]
            return ":".join(filled).replace("\0", ":")
    return None


def _ambiguous(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        statement = located.statement
        for index, resource in enumerate(statement.resources):
            if not resource.startswith("arn:"):
                continue
            fixed = spelled_out(resource)
            if fixed is None:
                continue
            yield AMBIGUOUS.finding(
                located.file,
                element_pointer(located.file, statement, resource_key(statement), index),
                f"{located.label}: {resource!r} has fewer than six segments and relies on a '*' running past "
                "colons; AWS documents this, but evaluators disagree, so what it matches is ambiguous",
                f"Write every segment: {fixed!r}.",
            )


def _components(value: str) -> int:
    return len(_VARIABLE.sub("", value).split(":"))


def _short_condition_values(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        statement = located.statement
        for condition in statement.conditions:
            family, negated = OPERATORS[condition.operator]
            if family != "Arn":
                continue
            for value in condition.values:
                if _components(value) >= SEGMENTS:
                    continue
                effect = (
                    "is true for every ARN, so the condition never narrows the statement"
                    if negated
                    else "can never match, so the statement never applies"
                )
                fixed = spelled_out(value)
                pointer = f"{statement.pointer}/Condition/{pointer_token(condition.operator_text)}/{pointer_token(condition.key)}"
                yield SHORT_CONDITION_VALUE.finding(
                    located.file,
                    pointer if pointer in located.file.document.positions else statement.pointer,
                    f"{located.label}: {condition.operator_text} {condition.key} {value!r} has "
                    f"{_components(value)} of the six ARN components; ARN condition operators compare each "
                    f"component apart, so it {effect}",
                    f"Write all six components: {fixed!r}." if fixed else None,
                )


UPPERCASE = Rule(
    "arn-uppercase-segment",
    Severity.WARNING,
    "Upper case in an ARN's partition, service, Region or account segment",
    "AWS documents ARN matching as case-sensitive, and real ARNs are lower-case in these segments, so "
    "the pattern matches nothing (some tools match it case-insensitively and hide the problem).",
    "Lower-case the partition, service, Region and account segments.",
    _uppercase,
)
AMBIGUOUS = Rule(
    "arn-ambiguous-wildcard",
    Severity.WARNING,
    "Segment-spanning trailing '*' in an ARN with missing segments",
    "A '*' that ends a segment may run on past later colons, so arn:aws:bedrock:*:foundation-model/x "
    "can stand for Region and account together; evaluators compare segment by segment and disagree.",
    "Write all six segments, with '*' (or an empty account for foundation models) where any value is meant.",
    _ambiguous,
)

SHORT_CONDITION_VALUE = Rule(
    "arn-condition-components",
    Severity.ERROR,
    "An ARN condition value with fewer than six components",
    "ArnLike, ArnEquals and their negations compare each of the six colon-separated ARN components "
    "apart (IAM guide, Condition operators, ARN), so arn:aws:bedrock:*:inference-profile/* matches no "
    "ARN: a Deny built on it never applies, and a negated one applies to every request.",
    "Write all six components (partition, service, Region, account, resource), with '*' where any value is "
    "meant, or use StringLike if a '*' should cross colons.",
    _short_condition_values,
)

RULES = (UPPERCASE, AMBIGUOUS, SHORT_CONDITION_VALUE)
