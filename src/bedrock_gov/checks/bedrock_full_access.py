"""No IAM user, group or role has the AWS managed AmazonBedrockFullAccess policy attached
(Prowler: bedrock_full_access_policy_attached).

Input: who has the policy attached in one account (ListEntitiesForPolicy). Prowler judges roles
only, and skips the roles only services can assume; this check names users and groups too, and
service roles as well: a function or agent running with full Bedrock access is the same exposure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult
from bedrock_gov.snapshot.document import FullAccessAttachments

RESOURCE_TYPE = "AWS::::Account"
POLICY_NAME = "AmazonBedrockFullAccess"
ENTITY_TYPES = {"user": "AWS::IAM::User", "group": "AWS::IAM::Group", "role": "AWS::IAM::Role"}

METADATA = CheckMetadata(
    id="bedrock-full-access-policy-not-attached",
    title="No IAM user, group or role has AmazonBedrockFullAccess attached",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "AmazonBedrockFullAccess allows every Bedrock action on every resource: whoever holds it can invoke "
        "any model, change or delete guardrails and turn off invocation logging."
    ),
    remediation=(
        "Detach AmazonBedrockFullAccess (iam detach-role-policy / detach-user-policy / detach-group-policy) "
        "and grant only the Bedrock actions and models each principal uses."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def check(account_id: str, attached: FullAccessAttachments, params: Parameters) -> list[CheckResult]:
    """One FAIL per user, group or role with the policy attached; one PASS for the account if none."""
    holders = (("user", attached["users"]), ("group", attached["groups"]), ("role", attached["roles"]))
    results = [
        CheckResult(ENTITY_TYPES[kind], name, NON_COMPLIANT, f"{POLICY_NAME} is attached to {kind} {name}.")
        for kind, names in holders
        for name in names
    ]
    return results or [
        CheckResult(RESOURCE_TYPE, account_id, COMPLIANT, f"No user, group or role has {POLICY_NAME} attached.")
    ]
