"""The Bedrock posture checks of `checks/`, run over the snapshot's records per account and Region.

One control, two runtimes: the verdicts come from the same functions the Config rule handlers
call. Each check is fed by the runner that knows which snapshot section holds its records;
`RUNNERS` must name every check of `checks.registry` (a new check without one fails at import).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

from bedrock_gov.audit.context import AuditContext, RegionScope, not_collected
from bedrock_gov.audit.control import Control, Where
from bedrock_gov.audit.findings import GLOBAL_REGION, Finding
from bedrock_gov.audit.identity_privileges import judge_privileges
from bedrock_gov.checks import (
    agent_guardrail,
    agent_lambda_vpc,
    agent_role_not_shared,
    agent_role_privileges,
    api_key_privileges,
    bedrock_full_access,
    custom_model_cmk,
    guardrail_contextual_grounding,
    guardrail_prompt_attack,
    guardrail_sensitive_information,
    guardrails_configured,
    invocation_logging,
    long_term_api_keys,
    vpc_endpoints,
)
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckResult
from bedrock_gov.checks.registry import CHECKS
from bedrock_gov.snapshot import Collection, Guardrail
from bedrock_gov.snapshot.document import RegionSnapshot

Runner = Callable[[Control, AuditContext], Iterator[Finding]]


def verdict(control: Control, where: Where, result: CheckResult) -> Finding | None:
    """A check's verdict as a finding; None for a resource out of the check's scope (say, an untagged function)."""
    if result.compliance == COMPLIANT:
        return control.passed(where, result.annotation)
    if result.compliance == NON_COMPLIANT:
        return control.failed(where, result.annotation)
    if result.undetermined:
        return control.unknown(where, result.annotation)
    return None


def _unread(control: Control, scope: RegionScope, collection: Collection) -> Iterator[Finding]:
    """UNKNOWN for each resource the collector saw but could not read in full."""
    for missed in collection.get("not_collected", []):
        what = missed["resource_id"] or f"{missed['resource_type']} (listing)"
        yield control.unknown(scope.where(missed["resource_type"], what), missed["reason"])


def per_resource(
    check: ModuleType,
    what: str,
    read: Callable[[RegionSnapshot], tuple[Collection, Iterable[Any]]],
    arn: Callable[[Any], str | None] = lambda record: None,
) -> Runner:
    """A runner judging with `check` each record `read` takes from a Region: a scope or section not
    collected is UNKNOWN, and so is each resource seen but not read."""
    params = check.Parameters()

    def run(control: Control, context: AuditContext) -> Iterator[Finding]:
        for scope in context.region_scopes():
            if scope.reason or scope.data is None:
                yield control.unknown(scope.where(), scope.reason or "no data")
                continue
            collection, records = read(scope.data)
            reason = not_collected(collection, what)
            if reason:
                yield control.unknown(scope.where(), reason)
                continue
            for record in records:
                result: CheckResult = check.check(record, params)
                where = scope.where(result.resource_type, result.resource_id, arn(record))
                if (finding := verdict(control, where, result)) is not None:
                    yield finding
            yield from _unread(control, scope, collection)

    return run


def _guardrails_configured(control: Control, context: AuditContext) -> Iterator[Finding]:
    params = guardrails_configured.Parameters()
    for scope in context.region_scopes():
        if scope.reason or scope.data is None:
            yield control.unknown(scope.where(), scope.reason or "no data")
            continue
        bedrock = scope.data["bedrock"]
        collection = bedrock["guardrails_collection"]
        reason = not_collected(collection, "Bedrock guardrails")
        seen_unread = [missed for missed in collection.get("not_collected", []) if missed["resource_id"]]
        if reason is None and not bedrock["guardrails"] and collection.get("not_collected") and not seen_unread:
            reason = "; ".join(missed["reason"] for missed in collection.get("not_collected", []))
        if reason:
            yield control.unknown(scope.where(), reason)
            continue
        listed: list[Guardrail] = [
            *bedrock["guardrails"],
            *(Guardrail(id=missed["resource_id"]) for missed in seen_unread),
        ]
        result = guardrails_configured.check(scope.account_id, scope.region, listed, params)
        if (finding := verdict(control, scope.where(), result)) is not None:
            yield finding


def _invocation_logging(
    params: invocation_logging.Parameters, only_if_logging: bool
) -> Callable[[Control, AuditContext], Iterator[Finding]]:
    """Invocation logging judged with `params`; `only_if_logging`: skip Regions where it is not set up
    at all (the encryption control judges logs that exist; the enabled control reports the rest)."""

    def run(control: Control, context: AuditContext) -> Iterator[Finding]:
        for scope in context.region_scopes():
            if scope.reason or scope.data is None:
                yield control.unknown(scope.where(), scope.reason or "no data")
                continue
            bedrock = scope.data["bedrock"]
            record = bedrock["invocation_logging"]
            reason = not_collected(bedrock["invocation_logging_collection"], "Bedrock invocation logging")
            if reason is None and record is None:
                reason = "the snapshot holds no invocation logging record for this Region"
            if reason or record is None:
                yield control.unknown(scope.where(), reason or "no record")
                continue
            enabled = invocation_logging.check(record, invocation_logging.Parameters())
            if only_if_logging and enabled.compliance != COMPLIANT:
                continue
            if (finding := verdict(control, scope.where(), invocation_logging.check(record, params))) is not None:
                yield finding

    return run


def _long_term_api_keys(control: Control, context: AuditContext) -> Iterator[Finding]:
    params = long_term_api_keys.Parameters()
    for account in context.account_scopes():
        if account.reason or account.data is None:
            yield control.unknown(account.where(), account.reason or "no data")
            continue
        iam = account.data["iam"]
        reason = not_collected(iam["collection"], "IAM users")
        if reason:
            yield control.unknown(account.where(), reason)
            continue
        for user in iam["users"]:
            result = long_term_api_keys.check(user, params, context.now)
            if (
                finding := verdict(control, account.where(result.resource_type, result.resource_id), result)
            ) is not None:
                yield finding
        for missed in iam["collection"].get("not_collected", []):
            yield control.unknown(
                account.where(missed["resource_type"], missed["resource_id"] or "IAM users"), missed["reason"]
            )


def _bedrock_full_access(control: Control, context: AuditContext) -> Iterator[Finding]:
    params = bedrock_full_access.Parameters()
    for account in context.account_scopes():
        if account.reason or account.data is None:
            yield control.unknown(account.where(), account.reason or "no data")
            continue
        attached = account.data["iam"]["bedrock_full_access"]
        reason = not_collected(attached["collection"], "who has AmazonBedrockFullAccess attached")
        if reason:
            yield control.unknown(account.where(), reason)
            continue
        for result in bedrock_full_access.check(account.account_id, attached, params):
            if (
                finding := verdict(control, account.where(result.resource_type, result.resource_id), result)
            ) is not None:
                yield finding


def _api_key_privileges(control: Control, context: AuditContext) -> Iterator[Finding]:
    params = api_key_privileges.Parameters()
    for account in context.account_scopes():
        if account.reason or account.data is None:
            yield control.unknown(account.where(), account.reason or "no data")
            continue
        section = account.data["iam"]["api_key_users"]
        reason = not_collected(
            section["collection"], "the section of users holding Bedrock API keys (with their policies)"
        )
        if reason:
            yield control.unknown(account.where(), reason)
            continue
        for user in section["principals"]:
            result = api_key_privileges.check(user, judge_privileges(user), params)
            where = Where(account.account_id, GLOBAL_REGION, result.resource_type, result.resource_id, user["arn"])
            if (finding := verdict(control, where, result)) is not None:
                yield finding
        for missed in section["collection"].get("not_collected", []):
            yield control.unknown(account.where(missed["resource_type"], missed["resource_id"]), missed["reason"])


def _agent_role_privileges(control: Control, context: AuditContext) -> Iterator[Finding]:
    params = agent_role_privileges.Parameters()
    for scope in context.region_scopes():
        if scope.reason or scope.data is None:
            yield control.unknown(scope.where(), scope.reason or "no data")
            continue
        bedrock, roles = scope.data["bedrock"], scope.data["agent_roles"]
        reason = not_collected(bedrock["agents_collection"], "Bedrock agents") or not_collected(
            roles["collection"], "the agents' execution roles"
        )
        if reason:
            yield control.unknown(scope.where(), reason)
            continue
        by_arn = {role["arn"]: role for role in roles["principals"]}
        missed = {entry["resource_id"]: entry["reason"] for entry in roles["collection"].get("not_collected", [])}
        for agent in bedrock["agents"]:
            where = scope.where(agent_role_privileges.RESOURCE_TYPE, agent["id"])
            role_arn = agent["agent_role_arn"]
            role = by_arn.get(role_arn or "")
            if role is None:
                why = (
                    missed.get(agent["id"]) or missed.get(role_arn or "") or "its execution role is not in the snapshot"
                )
                yield control.unknown(where, f"{role_arn or 'the execution role'}: {why}")
                continue
            result = agent_role_privileges.check(agent, role, judge_privileges(role), params)
            if (finding := verdict(control, where, result)) is not None:
                yield finding


def _agent_role_not_shared(control: Control, context: AuditContext) -> Iterator[Finding]:
    """Per account, across its Regions: an IAM role is global, and so is sharing it."""
    params = agent_role_not_shared.Parameters()
    by_account: dict[str, list[RegionScope]] = defaultdict(list)
    for scope in context.region_scopes():
        by_account[scope.account_id].append(scope)
    for account_id, scopes in by_account.items():
        agents: list[agent_role_not_shared.PlacedAgent] = []
        unread: list[str] = []
        for scope in scopes:
            reason = scope.reason or ("no data" if scope.data is None else None)
            if reason is None and scope.data is not None:
                reason = not_collected(scope.data["bedrock"]["agents_collection"], "Bedrock agents")
            if reason or scope.data is None:
                yield control.unknown(scope.where(), reason or "no data")
                unread.append(scope.region)
                continue
            agents += [
                agent_role_not_shared.PlacedAgent(agent["id"], scope.region, agent["agent_role_arn"])
                for agent in scope.data["bedrock"]["agents"]
            ]
        for agent, result in agent_role_not_shared.check(agents, params):
            where = Where(account_id, agent.region, result.resource_type, agent.agent_id)
            if unread and result.compliance == COMPLIANT:
                yield control.unknown(where, f"agents in {', '.join(unread)} were not read; one may hold the same role")
            elif (finding := verdict(control, where, result)) is not None:
                yield finding


def _vpc_endpoints(control: Control, context: AuditContext) -> Iterator[Finding]:
    params = vpc_endpoints.Parameters()
    for scope in context.region_scopes():
        if scope.reason or scope.data is None:
            yield control.unknown(scope.where(), scope.reason or "no data")
            continue
        in_use = vpc_endpoints.bedrock_in_use(scope.data["bedrock"])
        if in_use is False:
            continue
        network = scope.data["network"]
        reason = in_use if isinstance(in_use, str) else not_collected(network["collection"], "VPCs and VPC endpoints")
        if reason:
            yield control.unknown(scope.where(), reason)
            continue
        for vpc in network["vpcs"]:
            result = vpc_endpoints.check(vpc, network["endpoints"], params)
            if (finding := verdict(control, scope.where(result.resource_type, result.resource_id), result)) is not None:
                yield finding


RUNNERS: dict[ModuleType, Runner] = {
    agent_lambda_vpc: per_resource(
        agent_lambda_vpc,
        "Lambda functions",
        lambda region: (region["lambda_functions"]["collection"], region["lambda_functions"]["functions"]),
        lambda function: function["arn"],
    ),
    invocation_logging: _invocation_logging(invocation_logging.Parameters(), only_if_logging=False),
    long_term_api_keys: _long_term_api_keys,
    agent_guardrail: per_resource(
        agent_guardrail,
        "Bedrock agents",
        lambda region: (region["bedrock"]["agents_collection"], region["bedrock"]["agents"]),
    ),
    guardrail_prompt_attack: per_resource(
        guardrail_prompt_attack,
        "Bedrock guardrails",
        lambda region: (region["bedrock"]["guardrails_collection"], region["bedrock"]["guardrails"]),
    ),
    guardrail_sensitive_information: per_resource(
        guardrail_sensitive_information,
        "Bedrock guardrails",
        lambda region: (region["bedrock"]["guardrails_collection"], region["bedrock"]["guardrails"]),
    ),
    guardrail_contextual_grounding: per_resource(
        guardrail_contextual_grounding,
        "Bedrock guardrails",
        lambda region: (region["bedrock"]["guardrails_collection"], region["bedrock"]["guardrails"]),
    ),
    guardrails_configured: _guardrails_configured,
    custom_model_cmk: per_resource(
        custom_model_cmk,
        "Bedrock custom models",
        lambda region: (region["bedrock"]["custom_models_collection"], region["bedrock"]["custom_models"]),
        lambda model: model["arn"],
    ),
    bedrock_full_access: _bedrock_full_access,
    api_key_privileges: _api_key_privileges,
    agent_role_privileges: _agent_role_privileges,
    agent_role_not_shared: _agent_role_not_shared,
    vpc_endpoints: _vpc_endpoints,
}
"""Each check of `checks.registry.CHECKS` -> the runner that feeds it the snapshot's records."""

LOGS_ENCRYPTED = Control(
    id="bedrock-model-invocation-logs-encrypted",
    layer="posture",
    title="Bedrock model invocation logs are KMS-encrypted at every destination",
    severity="high",
    remediation=(
        "Encrypt the invocation-log S3 bucket with SSE-KMS (a customer-managed key) and associate a KMS key "
        "with the CloudWatch Logs group (logs associate-kms-key)."
    ),
    run=_invocation_logging(invocation_logging.Parameters(kms_required=True), only_if_logging=True),
)
"""Prowler's bedrock_model_invocation_logs_encryption_enabled: the logging check with KMS required,
judged only where logging is on (where it is off, the logging control already fails)."""

CONTROLS: tuple[Control, ...] = (
    *(
        Control(
            id=check.METADATA.id,
            layer="posture",
            title=check.METADATA.title,
            severity=check.METADATA.severity,
            remediation=check.METADATA.remediation,
            run=RUNNERS[check],
        )
        for check in CHECKS
    ),
    LOGS_ENCRYPTED,
)
