"""Every Bedrock agent has a guardrail attached.

AWS Config does not record agents, so the input is an agent as the bedrock-agent API returns it
(`ListAgents` summary or `GetAgent`)::

    {"agentId": "ABCDEFGHIJ", "agentName": "support", "agentStatus": "PREPARED",
     "guardrailConfiguration": {"guardrailIdentifier": "gr-id or ARN",
                                "guardrailVersion": "1" | "DRAFT"} | null}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult

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


class Parameters(NamedTuple):
    """`require_numbered_version`: a guardrail pinned to DRAFT (editable at any time) does not count."""

    require_numbered_version: bool = False


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    """Read `requireNumberedVersion` (true/false)."""
    parameters.reject_unknown(raw, ("requireNumberedVersion",))
    return Parameters(require_numbered_version=parameters.flag(raw, "requireNumberedVersion", False))


def check(agent: Mapping[str, object], params: Parameters) -> CheckResult:
    """Judge one agent."""
    agent_id = str(agent.get("agentId") or "")
    name = agent.get("agentName")
    label = f"Agent {name}" if isinstance(name, str) and name else "Agent"
    config = agent.get("guardrailConfiguration")
    identifier = config.get("guardrailIdentifier") if isinstance(config, Mapping) else None
    if not isinstance(identifier, str) or not identifier.strip():
        return CheckResult(RESOURCE_TYPE, agent_id, NON_COMPLIANT, f"{label} has no guardrail.")
    version = config.get("guardrailVersion") if isinstance(config, Mapping) else None
    version_text = version if isinstance(version, str) and version else "unspecified"
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
