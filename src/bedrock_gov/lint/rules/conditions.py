"""Condition-key rules: a key must exist, belong to the statement's services, and an exemption for
service-linked roles must key on their path.

A condition on a key no request carries is false for positive operators (the statement never
applies: a Deny is inert) and true for negated ones (the statement applies whatever the caller
sends). Keys are checked against the global keys and each service's keys in the IAM database
(`catalog.condition_keys`); names are case-insensitive and `${TagKey}` matches any tag key.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.catalog import condition_keys as keys
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Located, Rule
from bedrock_gov.lint.rules.redundancy import false_when_absent
from bedrock_gov.policy import Condition, Severity

SLR_PATH = "/aws-service-role/"
SLR_EXEMPTION = "arn:aws:iam::*:role/aws-service-role/*"
PRINCIPAL_ARN = "aws:principalarn"


def _pointer(located: Located, condition: Condition) -> str:
    pointer = f"{located.statement.pointer}/Condition/{condition.operator_text}/{condition.key}"
    return pointer if pointer in located.file.document.positions else f"{located.statement.pointer}/Condition"


def _services(located: Located) -> tuple[str, ...] | None:
    """The services the statement's actions belong to, or None when it may cover any service."""
    statement = located.statement
    if statement.not_action or any("*" in a.split(":", 1)[0] or "?" in a.split(":", 1)[0] for a in statement.actions):
        return None
    return tuple(sorted({action.split(":", 1)[0].lower() for action in statement.actions}))


def _absent_is_false(condition: Condition) -> bool:
    """Whether the test fails when the request lacks the key (so a Deny on it never applies)."""
    return false_when_absent(condition.operator, condition.qualifier, condition.if_exists)


def _unknown(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        services = _services(located) or ()
        for condition in located.statement.conditions:
            if keys.key_exists_anywhere(condition.key):
                continue
            closest = keys.closest_keys(condition.key, services)
            effect = (
                "the test is always false, so the statement never applies"
                if _absent_is_false(condition)
                else "the test is always true, so the statement applies to every caller"
            )
            yield UNKNOWN_KEY.finding(
                located.file,
                _pointer(located, condition),
                f"{located.label} tests {condition.key!r}, which is neither a global condition key nor a key of "
                f"{condition.key.split(':', 1)[0]!r}: no request carries it; {effect}",
                f"Use the real key: {', '.join(closest)}." if closest else UNKNOWN_KEY.fix,
            )


def _wrong_service(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        services = _services(located)
        if services is None:
            continue
        for condition in located.statement.conditions:
            prefix = condition.key.split(":", 1)[0].lower()
            if (
                services == (prefix,)
                or keys.is_global_key(condition.key)
                or not keys.key_exists_anywhere(condition.key)
            ):
                continue
            mixed = prefix in services
            others = [action for action in located.statement.actions if action.split(":", 1)[0].lower() != prefix]
            effect = (
                "the test is false for them, so the statement never applies"
                if _absent_is_false(condition)
                else "the test is true for them whatever the caller sends"
            )
            yield WRONG_SERVICE.finding(
                located.file,
                _pointer(located, condition),
                f"{located.label} tests {condition.key}, a key only {prefix} requests carry, on "
                f"{', '.join(others)}: {effect}",
                severity=Severity.WARNING if mixed else Severity.ERROR,
            )


def _slr_exemption(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        for condition in located.statement.conditions:
            if condition.key.lower() != PRINCIPAL_ARN:
                continue
            for value in condition.values:
                lowered = value.lower()
                if "awsservicerole" not in lowered or SLR_PATH in lowered:
                    continue
                name = lowered.rsplit(":", 1)[-1]
                why = (
                    "a user-created role named so matches it too: an exemption anyone who can create a role can claim"
                    if "*" in name.split("awsservicerole", 1)[0] or not name.startswith("role/")
                    else "service-linked role ARNs carry the path /aws-service-role/, so it matches none of them"
                )
                yield SLR_EXEMPTION_RULE.finding(
                    located.file,
                    _pointer(located, condition),
                    f"{located.label} exempts service-linked roles with {value!r} in {condition.operator_text} "
                    f"{condition.key}, which keys on the role name, not the path: {why}",
                )


UNKNOWN_KEY = Rule(
    "unknown-condition-key",
    Severity.ERROR,
    "Condition key that exists nowhere",
    "The key is neither a global condition key nor one of its service's keys in the IAM database (a typo "
    "such as aws:RequestedRegoin). No request carries it: a Deny built on a positive test never applies, "
    "and a negated test applies to everyone.",
    "Use the key the message suggests (global keys: IAM User Guide, 'AWS global condition context keys').",
    _unknown,
)
WRONG_SERVICE = Rule(
    "condition-key-wrong-service",
    Severity.ERROR,
    "Service condition key on another service's actions",
    "A service-specific key (bedrock-mantle:Model, bedrock:InferenceProfileArn, ...) is carried only by that "
    "service's requests. A Deny that tests it on other services' actions is inert for them (positive "
    "operators) or applies regardless (negated ones).",
    "Test the key of the service whose actions the statement lists (bedrock:InvokeModel -> bedrock: keys; "
    "bedrock-mantle:CreateInference -> bedrock-mantle:Model), or split the statement by service.",
    _wrong_service,
)
SLR_EXEMPTION_RULE = Rule(
    "slr-exemption-without-path",
    Severity.ERROR,
    "Service-linked-role exemption keyed on the role name, not the /aws-service-role/ path",
    "Service-linked role ARNs are arn:aws:iam::<account>:role/aws-service-role/<service>/AWSServiceRoleFor...; "
    "role/AWSServiceRoleFor* without the path matches none of them, and a name-only pattern such as "
    "*AWSServiceRole* is matched by any role a user creates with that name.",
    f"Key the exemption on the path: ArnNotLike aws:PrincipalArn {SLR_EXEMPTION}.",
    _slr_exemption,
)

RULES = (UNKNOWN_KEY, WRONG_SERVICE, SLR_EXEMPTION_RULE)
