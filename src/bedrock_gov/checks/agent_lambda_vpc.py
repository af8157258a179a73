"""A Lambda function tagged as a Bedrock agent action group must run inside a VPC.

Input: a `snapshot.LambdaFunction` record, collected from the Lambda API or converted from the
configuration item AWS Config sends for `AWS::Lambda::Function`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import (
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    CheckMetadata,
    CheckResult,
    ConfigTrigger,
    without_configuration,
)
from bedrock_gov.snapshot import LambdaFunction

RESOURCE_TYPE = "AWS::Lambda::Function"
DEFAULT_TAG_KEY = "BedrockAgent"
DEFAULT_TAG_VALUE = "true"

METADATA = CheckMetadata(
    id="bedrock-agent-vpc-required",
    title="Lambda functions serving Bedrock agents run in a VPC",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "An agent's action-group function outside a VPC reaches the internet and internal services "
        "without network controls, so a prompt-injected agent can exfiltrate data."
    ),
    remediation="Attach the function to private subnets and security groups (VpcConfig).",
)
CONFIG_TRIGGER = ConfigTrigger(change_types=frozenset({RESOURCE_TYPE}), periodic=True)


class Parameters(NamedTuple):
    """Which tag marks a function as serving a Bedrock agent (defaults: BedrockAgent=true)."""

    tag_key: str = DEFAULT_TAG_KEY
    tag_value: str = DEFAULT_TAG_VALUE


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    """Read `tagKey` and `tagValue`; raise `ParameterError` on anything else."""
    parameters.reject_unknown(raw, ("tagKey", "tagValue"))
    return Parameters(
        tag_key=parameters.text(raw, "tagKey", DEFAULT_TAG_KEY),
        tag_value=parameters.text(raw, "tagValue", DEFAULT_TAG_VALUE),
    )


def check(function: LambdaFunction, params: Parameters) -> CheckResult:
    """Judge one function. Untagged functions are NOT_APPLICABLE, so unrelated ones make no noise."""
    resource_id = function["name"]
    if function["tags"].get(params.tag_key) != params.tag_value:
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NOT_APPLICABLE,
            f"Not tagged {params.tag_key}={params.tag_value}.",
        )
    if "subnet_ids" not in function:
        return without_configuration(RESOURCE_TYPE, resource_id)
    subnets = function["subnet_ids"]
    if not any(subnets):
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            f"Tagged {params.tag_key}={params.tag_value} but not attached to any VPC subnet.",
        )
    return CheckResult(
        RESOURCE_TYPE,
        resource_id,
        COMPLIANT,
        f"Runs in a VPC ({len(subnets)} subnet(s)).",
    )
