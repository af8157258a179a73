"""Every Bedrock agent has a guardrail attached.

Input: a `snapshot.BedrockAgent` record. AWS Config does not record agents, so the record is
always collected from the bedrock-agent API (`ListAgents` summaries carry the guardrail).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult, ConfigTrigger
from bedrock_gov.snapshot import BedrockAgent

RESOURCE_TYPE = "AWS::Bedrock::Agent"
"""The CloudFormation type name, used as the evaluation's resource type (Config records no agents)."""

METADATA = CheckMetadata(
    id="bedrock-agent-guardrail-required",
    title="Every Bedrock agent has a guardrail",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "An agent without a guardrail passes prompt attacks and harmful content straight to the "
        "model and on to its action groups."
    ),
    remediation="Set guardrailConfiguration on the agent (UpdateAgent), then prepare the agent.",
)
CONFIG_TRIGGER = ConfigTrigger(periodic=True)


class Parameters(NamedTuple):
    """`require_numbered_version`: a guardrail pinned to DRAFT (editable at any time) does not count."""

    require_numbered_version: bool = False


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    """Read `requireNumberedVersion` (true/false)."""
    parameters.reject_unknown(raw, ("requireNumberedVersion",))
    return Parameters(require_numbered_version=parameters.flag(raw, "requireNumberedVersion", False))


def check(agent: BedrockAgent, params: Parameters) -> CheckResult:
    """Judge one agent."""
    agent_id = agent["id"]
    name = agent["name"]
    label = f"Agent {name}" if name else "Agent"
    guardrail = agent["guardrail"]
    identifier = guardrail["identifier"] if guardrail else None
    if not identifier or not identifier.strip():
        return CheckResult(RESOURCE_TYPE, agent_id, NON_COMPLIANT, f"{label} has no guardrail.")
    version_text = (guardrail["version"] if guardrail else None) or "unspecified"
    if params.require_numbered_version and not version_text.isdigit():
        return CheckResult(
            RESOURCE_TYPE,
            agent_id,
            NON_COMPLIANT,
            f"{label} uses guardrail {identifier} at version {version_text}, not a published version.",
        )
    return CheckResult(
        RESOURCE_TYPE, agent_id, COMPLIANT, f"{label} uses guardrail {identifier} version {version_text}."
    )
