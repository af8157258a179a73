"""Layer 1 (preventive), as deployed: `lint` and `prove` on each member account's effective SCP hierarchy.

Lint needs no intent: each error-level lint finding is a FAIL (one per rule and policy, check id
`scp-lint/<rule>`). Prove asks what the intent asks (P1-P4, check id `scp-prove/<property>`) of
the accounts under the intent's targets: VIOLATED is a FAIL with the counterexample, UNKNOWN stays
UNKNOWN with the prover's reason. Each distinct hierarchy is linted and proved once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache

from bedrock_gov.audit.context import ACCOUNT_TYPE, AuditContext
from bedrock_gov.audit.control import Control, Where
from bedrock_gov.audit.findings import GLOBAL_REGION, Finding
from bedrock_gov.audit.hierarchy import POLICY_TYPE, Hierarchy, member_hierarchies, organization_reason, path_of
from bedrock_gov.catalog.limits import limits_named
from bedrock_gov.intent import Intent
from bedrock_gov.lint import lint
from bedrock_gov.policy import Severity
from bedrock_gov.prove import PropertyResult, Prover, Status, prove_all

NO_INTENT = "no intent given"


def organization_where(context: AuditContext) -> Where:
    """Where a finding about the organization as a whole sits: its management account."""
    organization = context.snapshot["organization"]
    account = organization["management_account_id"] or "unknown"
    return Where(account, GLOBAL_REGION, "AWS::Organizations::Organization", organization["id"] or "unknown")


def _lint(control: Control, context: AuditContext) -> Iterator[Finding]:
    organization = context.snapshot["organization"]
    reason = organization_reason(organization)
    if reason:
        yield control.unknown(organization_where(context), reason)
        return
    limits = limits_named(context.intent.limits if context.intent else "current")

    @cache
    def errors(hierarchy: Hierarchy) -> dict[tuple[str, str], list[str]]:
        """(lint rule, policy id) -> the messages of its error-level findings."""
        levels, problems = hierarchy.lint_levels()
        found: dict[tuple[str, str], list[str]] = {}
        for finding in [*problems, *lint(levels, limits)]:
            if finding.severity is Severity.ERROR:
                where = f" (line {finding.position.line}, {finding.pointer or '/'})"
                found.setdefault((finding.rule, hierarchy.policy_id(finding.source)), []).append(
                    finding.message + where
                )
        return found

    for account, hierarchy in member_hierarchies(organization):
        here = Where(account["id"], GLOBAL_REGION, ACCOUNT_TYPE, account["id"])
        if isinstance(hierarchy, str):
            yield control.unknown(here, hierarchy)
            continue
        if unreadable := hierarchy.unreadable():
            yield control.unknown(here, f"the content of {', '.join(unreadable)} could not be read")
            continue
        found = errors(hierarchy)
        for (rule, policy_id), messages in sorted(found.items()):
            where = Where(account["id"], GLOBAL_REGION, POLICY_TYPE, policy_id)
            yield control.finding("FAIL", where, "; ".join(messages), check_id=f"{control.id}/{rule}")
        if not found:
            yield control.passed(here, "no error-level lint finding in the account's SCP hierarchy")


def _under_targets(context: AuditContext, intent: Intent) -> dict[str, bool]:
    """Account id -> whether the intent governs it (a target on its path from the root)."""
    organization = context.snapshot["organization"]
    governed: dict[str, bool] = {}
    for account in organization["accounts"]:
        path = path_of(organization, account)
        # An account whose path cannot be followed may be governed: it gets an UNKNOWN, not silence.
        governed[account["id"]] = isinstance(path, str) or bool(set(path) & set(intent.targets))
    return governed


def _counterexample(result: PropertyResult) -> str:
    violated = [check for check in result.checks if check.status is Status.VIOLATED]
    parts = []
    for check in violated[:3]:
        requests = json.dumps(check.to_json().get("requests", []), separators=(",", ":"))
        parts.append(f"{check.name}: {check.detail}; counterexample: {requests}")
    more = f" (and {len(violated) - 3} more)" if len(violated) > 3 else ""
    return "; ".join(parts) + more


def _undecided(result: PropertyResult) -> str:
    checks = [check for check in result.checks if check.status in (Status.UNKNOWN, Status.ERROR)]
    details = [f"{check.name}: {check.detail}" for check in checks]
    if any(check.status is Status.ERROR for check in checks):
        details.insert(0, "the prover and the evaluator disagree on a counterexample (an internal error)")
    return "; ".join(details + result.notes) or "the prover could not decide"


def _prove(control: Control, context: AuditContext) -> Iterator[Finding]:
    organization = context.snapshot["organization"]
    reason = organization_reason(organization) or (NO_INTENT if context.intent is None else None)
    if reason or context.intent is None:
        yield control.unknown(organization_where(context), reason or NO_INTENT)
        return
    intent = context.intent
    governed = _under_targets(context, intent)

    @cache
    def proved(hierarchy: Hierarchy) -> list[PropertyResult] | str:
        levels = hierarchy.prove_levels()
        return levels if isinstance(levels, str) else prove_all(Prover(levels, context.prove_timeout_ms), intent)

    for account, hierarchy in member_hierarchies(organization):
        if not governed.get(account["id"]):
            continue
        here = Where(account["id"], GLOBAL_REGION, ACCOUNT_TYPE, account["id"])
        results = hierarchy if isinstance(hierarchy, str) else proved(hierarchy)
        if isinstance(results, str):
            yield control.unknown(here, results)
            continue
        for result in results:
            if not result.checks:
                continue  # the intent asks nothing of this property (its notes say why)
            check_id = f"{control.id}/{result.id}"
            if result.status is Status.PROVED:
                yield control.finding("PASS", here, f"{result.id} PROVED: {result.title}", check_id=check_id)
            elif result.status is Status.VIOLATED:
                message = f"{result.id} VIOLATED: {result.title}. {_counterexample(result)}"
                yield control.finding("FAIL", here, message, check_id=check_id)
            else:
                yield control.finding(
                    "UNKNOWN", here, f"{result.id} UNKNOWN: {result.title}", _undecided(result), check_id
                )


CONTROLS: tuple[Control, ...] = (
    Control(
        "scp-lint",
        "preventive",
        "Each account's SCP hierarchy has no error-level lint finding",
        "high",
        "Apply each finding's fix (docs/lint-rules.md), or replace the SCPs with `bedrock-gov render` output.",
        _lint,
    ),
    Control(
        "scp-prove",
        "preventive",
        "Each governed account's SCP hierarchy proves the intent's properties (P1-P4)",
        "critical",
        "Replace the SCPs with `bedrock-gov render` output for the intent; `bedrock-gov prove` shows each counterexample.",
        _prove,
    ),
)
