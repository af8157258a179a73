"""VPCs in use reach Bedrock through interface VPC endpoints (Prowler: bedrock_vpc_endpoints_configured).

Input: one VPC and the Region's VPC endpoints. As Prowler: only Regions where Bedrock is used (invocation
logging on, a guardrail or an agent) and only VPCs in use (with a network interface) are judged; such
a VPC needs an available endpoint for each Bedrock service, the OpenAI-compatible Mantle API included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, CheckMetadata, CheckResult
from bedrock_gov.snapshot.document import BedrockSection, Vpc, VpcEndpoint

RESOURCE_TYPE = "AWS::EC2::VPC"
BEDROCK_ENDPOINT_SERVICES = ("bedrock", "bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime", "bedrock-mantle")
"""The last part of each endpoint service name (com.amazonaws.<region>.bedrock-runtime)."""

METADATA = CheckMetadata(
    id="bedrock-vpc-endpoints-configured",
    title="VPCs in use have VPC endpoints for every Bedrock service",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "Without Bedrock VPC endpoints, prompts, responses and control-plane calls leave the VPC through an "
        "internet or NAT gateway, and endpoint policies cannot limit which Bedrock calls the VPC makes."
    ),
    remediation=(
        "Create interface VPC endpoints (ec2 create-vpc-endpoint --vpc-endpoint-type Interface) for "
        "com.amazonaws.<region>.bedrock, bedrock-runtime, bedrock-agent, bedrock-agent-runtime and "
        "bedrock-mantle in each VPC that calls Bedrock, with private DNS on."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters: every Bedrock endpoint service is required, as Prowler requires."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def bedrock_in_use(bedrock: BedrockSection) -> bool | str:
    """Whether Bedrock is used in the Region; a string: it cannot be told, and why."""
    if bedrock["agents"] or bedrock["guardrails"]:
        return True
    logging = bedrock["invocation_logging"]
    if logging is not None and logging["logging"] is not None:
        return True
    unread = [
        f"{what} ({collection['status']}: {collection.get('reason') or 'no reason given'})"
        for what, collection in (
            ("invocation logging", bedrock["invocation_logging_collection"]),
            ("guardrails", bedrock["guardrails_collection"]),
            ("agents", bedrock["agents_collection"]),
        )
        if collection["status"] != "collected"
    ]
    if unread:
        return f"whether Bedrock is used in this Region is unknown: not collected: {'; '.join(unread)}"
    return False


def check(vpc: Vpc, endpoints: Sequence[VpcEndpoint], params: Parameters) -> CheckResult:
    """Judge one VPC of a Region where Bedrock is used; a VPC not in use is out of scope."""
    if not vpc["in_use"]:
        return CheckResult(RESOURCE_TYPE, vpc["id"], NOT_APPLICABLE, "The VPC has no network interface.")
    found = {
        service
        for endpoint in endpoints
        if endpoint["vpc_id"] == vpc["id"] and (endpoint["state"] or "").lower() == "available"
        for service in BEDROCK_ENDPOINT_SERVICES
        if (endpoint["service_name"] or "").endswith(f".{service}")
    }
    missing = [service for service in BEDROCK_ENDPOINT_SERVICES if service not in found]
    if missing:
        return CheckResult(
            RESOURCE_TYPE, vpc["id"], NON_COMPLIANT, f"No available VPC endpoint for: {', '.join(missing)}."
        )
    return CheckResult(RESOURCE_TYPE, vpc["id"], COMPLIANT, "An available VPC endpoint for every Bedrock service.")
