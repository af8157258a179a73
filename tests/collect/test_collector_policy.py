"""docs/collector-policy.json is least privilege: it allows every call the collector makes (as
recorded during a run on the emulator, then evaluated with bedrock-gov's own evaluator), it holds
only List/Read actions AWS publishes, and nothing the collector does not call."""

from __future__ import annotations

from pathlib import Path

from bedrock_gov.catalog.actions import access_level, canonical_name
from bedrock_gov.collect.org import CallLog, CollectOptions, Operation, collect_snapshot
from bedrock_gov.demo.organization import REGIONS, DemoOrganization
from bedrock_gov.policy import Evaluator, Level, Request, parse_policy

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "docs" / "collector-policy.json"

AUTHORIZED_AS = {
    Operation("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
}
"""Operations AWS authorizes under an action of another name (most are `service:OperationName`)."""
CALLER_ONLY = {
    "sts:AssumeRole": "made by the caller to enter member accounts; granted to the caller, not the member role",
    "sts:GetCallerIdentity": "needs no permission: AWS answers it even under an explicit Deny",
}
NOT_REACHED_ON_THE_EMULATOR = {
    "bedrock:GetGuardrail": "follows ListGuardrails, which moto lacks",
    "bedrock:GetCustomModel": "follows ListCustomModels, and the demo organization customizes no model",
    "config:DescribeAggregateComplianceByConfigRules": "follows SelectAggregateResourceConfig, which moto lacks",
    "iam:ListUsers": "follows ListServiceSpecificCredentials, which moto lacks",
    **{
        f"iam:{name}": "reads the policies of users holding Bedrock API keys, which moto cannot list"
        for name in (
            "GetUser",
            "GetUserPolicy",
            "GetGroupPolicy",
            "ListAttachedGroupPolicies",
            "ListAttachedUserPolicies",
            "ListGroupPolicies",
            "ListGroupsForUser",
            "ListUserPolicies",
        )
    },
    "iam:GetRolePolicy": "follows ListRolePolicies; the demo's agent role has no inline policy",
}


def iam_action(operation: Operation) -> str:
    return AUTHORIZED_AS.get(operation, f"{operation.service}:{operation.name}")


def _policy_actions() -> set[str]:
    policy = parse_policy(POLICY.read_text(), "collector-policy", limits=None)
    return {action for statement in policy.statements for action in statement.actions}


def test_every_call_of_a_run_is_allowed_and_nothing_more_is_granted(demo_org: DemoOrganization) -> None:
    log = CallLog()
    collect_snapshot(CollectOptions(regions=REGIONS), call_log=log)
    called = {iam_action(operation) for operation in log.operations()}
    assert len(called) > 30  # the run exercised every section
    for action in called:
        assert canonical_name(action) == action, f"{action} is not an IAM action AWS publishes"
    evaluator = Evaluator([Level("member role", (parse_policy(POLICY.read_text(), "collector-policy", limits=None),))])
    needed = called - set(CALLER_ONLY)
    refused = [
        action
        for action in sorted(needed)
        if not evaluator.evaluate(
            Request.build(action, f"arn:aws:{action.split(':')[0]}:us-east-1:111111111111:x")
        ).allowed
    ]
    assert refused == []
    assert _policy_actions() - needed == set(NOT_REACHED_ON_THE_EMULATOR)


def test_the_policy_holds_only_list_and_read_actions() -> None:
    for action in _policy_actions():
        assert canonical_name(action) == action, action
        assert access_level(action) in ("List", "Read"), f"{action} is {access_level(action)}"


def test_the_terraform_module_deploys_exactly_this_policy() -> None:
    module = ROOT / "terraform" / "modules" / "audit-role"
    assert (module / "collector-policy.json").read_bytes() == POLICY.read_bytes()
    assert 'file("${path.module}/collector-policy.json")' in (module / "main.tf").read_text()
    for name in ("versions.tf", "variables.tf", "outputs.tf", "README.md"):
        assert (module / name).is_file()
