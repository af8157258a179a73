"""Layer 1 (preventive), against the intent: the SCPs `render(intent)` produces are attached to the
intent's targets, and what is attached under their names says the same thing.

Drift compares parsed statements, not bytes: whitespace, key order, statement order, a string
where a one-element list was, the case of action names and Sids are noise, not drift (AWS stores
the text verbatim, and the console reformats it). A policy attached under another name whose
statements equal a rendered document counts as that document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bedrock_gov.audit.context import AuditContext
from bedrock_gov.audit.control import Control, Where
from bedrock_gov.audit.findings import GLOBAL_REGION, Finding
from bedrock_gov.audit.hierarchy import POLICY_TYPE, attached, organization_reason
from bedrock_gov.audit.scp_analysis import NO_INTENT, organization_where
from bedrock_gov.policy import PolicyParseError, Statement, parse_policy
from bedrock_gov.render import PackingError, RenderedDocument, render
from bedrock_gov.snapshot.document import Organization, PolicyDocument

CanonicalStatement = tuple[object, ...]


def canonical(statement: Statement) -> CanonicalStatement:
    """What a statement means, without its spelling: sets of actions (any case), resources and conditions."""
    conditions = frozenset(
        (c.operator, c.key.lower(), c.qualifier, c.if_exists, frozenset(c.values)) for c in statement.conditions
    )
    return (
        statement.effect,
        statement.not_action,
        frozenset(action.lower() for action in statement.actions),
        statement.not_resource,
        frozenset(statement.resources),
        conditions,
    )


def statements_of(text: str, name: str) -> Counter[CanonicalStatement] | None:
    """The policy's canonical statements (a multiset), or None if it does not parse."""
    try:
        policy = parse_policy(text, name, limits=None, check_actions=False)
    except PolicyParseError:
        return None
    return Counter(canonical(statement) for statement in policy.statements)


@dataclass(frozen=True)
class Intended:
    """The intent's targets, and the rendered documents with their canonical statements."""

    targets: tuple[str, ...]
    documents: tuple[tuple[RenderedDocument, Counter[CanonicalStatement]], ...]


def _intended(context: AuditContext) -> Intended | str:
    """What should be attached where, or why the controls cannot say."""
    organization = context.snapshot["organization"]
    reason = organization_reason(organization) or (NO_INTENT if context.intent is None else None)
    if reason or context.intent is None:
        return reason or NO_INTENT
    if not context.intent.targets:
        return "the intent names no targets"
    try:
        rendered = render(context.intent)
    except PackingError as error:
        return f"the intent cannot be rendered: {error}"
    documents = []
    for document in rendered.documents:
        statements = statements_of(document.text, document.name)
        assert statements is not None, "render's output always parses"
        documents.append((document, statements))
    return Intended(tuple(context.intent.targets), tuple(documents))


def _target_exists(organization: Organization, target: str) -> bool:
    known = {
        organization["root_id"],
        *(u["id"] for u in organization["units"]),
        *(a["id"] for a in organization["accounts"]),
    }
    return target in known


def _where(context: AuditContext, target: str, name: str, policy: PolicyDocument | None = None) -> Where:
    account = context.snapshot["organization"]["management_account_id"] or "unknown"
    return Where(account, GLOBAL_REGION, POLICY_TYPE, f"{target}/{policy['id'] if policy else name}")


def against_intent(
    body: Callable[[Control, AuditContext, Intended], Iterator[Finding]],
) -> Callable[[Control, AuditContext], Iterator[Finding]]:
    """A control that compares the organization with the intent; one UNKNOWN when it cannot."""

    def run(control: Control, context: AuditContext) -> Iterator[Finding]:
        intended = _intended(context)
        if isinstance(intended, str):
            yield control.unknown(organization_where(context), intended)
            return
        yield from body(control, context, intended)

    return run


def _same(policy: PolicyDocument, statements: Counter[CanonicalStatement]) -> bool:
    return policy["content"] is not None and statements_of(policy["content"], policy["name"]) == statements


def _attached(control: Control, context: AuditContext, intended: Intended) -> Iterator[Finding]:
    organization = context.snapshot["organization"]
    for target in intended.targets:
        if not _target_exists(organization, target):
            for document, _ in intended.documents:
                yield control.failed(
                    _where(context, target, document.name), f"target {target} is not in the organization"
                )
            continue
        here = attached(organization, target)
        for document, statements in intended.documents:
            where = _where(context, target, document.name)
            by_name = [policy for policy in here if policy["name"] == document.name]
            by_content = [policy for policy in here if _same(policy, statements)]
            if by_name or by_content:
                policy = (by_name or by_content)[0]
                yield control.passed(
                    where, f"{document.name} is attached to {target} as {policy['name']} ({policy['id']})"
                )
            elif any(policy["content"] is None for policy in here):
                yield control.unknown(
                    where, f"{document.name} is not attached to {target} by name, and some SCPs there could not be read"
                )
            else:
                yield control.failed(where, f"{document.name} is not attached to {target}")


def _difference(expected: Counter[CanonicalStatement], actual: Counter[CanonicalStatement]) -> str:
    missing, extra = expected - actual, actual - expected
    return f"{sum(missing.values())} intended statement(s) missing or changed, {sum(extra.values())} statement(s) not in the intent"


def _drift(control: Control, context: AuditContext, intended: Intended) -> Iterator[Finding]:
    organization = context.snapshot["organization"]
    for target in intended.targets:
        for document, statements in intended.documents:
            for policy in (p for p in attached(organization, target) if p["name"] == document.name):
                where = _where(context, target, document.name, policy)
                if policy["content"] is None:
                    yield control.unknown(where, f"the content of {policy['name']} ({policy['id']}) could not be read")
                    continue
                actual = statements_of(policy["content"], policy["name"])
                if actual is None:
                    yield control.failed(where, f"{policy['name']} on {target} does not parse as an SCP")
                elif actual != statements:
                    yield control.failed(
                        where,
                        f"{policy['name']} on {target} has drifted from the intent: {_difference(statements, actual)}",
                    )
                else:
                    yield control.passed(where, f"{policy['name']} on {target} says what the intent renders")


CONTROLS: tuple[Control, ...] = (
    Control(
        "scp-intended-attached",
        "preventive",
        "The SCPs rendered from the intent are attached to each of its targets",
        "critical",
        "Deploy `bedrock-gov render` output with the Terraform module (scp_target_ids = the intent's targets).",
        against_intent(_attached),
    ),
    Control(
        "scp-not-drifted",
        "preventive",
        "The attached SCPs say what the intent renders (statements compared, not bytes)",
        "high",
        "Re-apply the Terraform module, or re-render if the intent changed; `bedrock-gov prove diff` shows what changed.",
        against_intent(_drift),
    ),
)
