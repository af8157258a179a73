"""Each Bedrock agent has an execution role of its own (Prowler: bedrock_agent_role_not_shared_across_agents).

Input: every agent of one account, across its Regions (IAM roles are global, so two agents in
different Regions sharing a role share its permissions), each with its execution role ARN. An agent
whose role is held by another agent fails. While some agent's role is unknown, no agent can be
called dedicated: its role might be that one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, CheckMetadata, CheckResult

RESOURCE_TYPE = "AWS::Bedrock::Agent"

METADATA = CheckMetadata(
    id="bedrock-agent-role-not-shared",
    title="Each Bedrock agent has an execution role of its own",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "Agents sharing an execution role hold the union of what each needs: a prompt injection into one "
        "reaches every other agent's data sources and tools, and no role can be narrowed without breaking one."
    ),
    remediation="Give each agent its own execution role with only the permissions it needs (UpdateAgent).",
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


class PlacedAgent(NamedTuple):
    """An agent of the account: where it is, and its execution role (None: not known)."""

    agent_id: str
    region: str
    role_arn: str | None


def check(agents: Sequence[PlacedAgent], params: Parameters) -> list[tuple[PlacedAgent, CheckResult]]:
    """A verdict per agent of one account."""
    holders: dict[str, list[PlacedAgent]] = defaultdict(list)
    for agent in agents:
        if agent.role_arn:
            holders[agent.role_arn].append(agent)
    unknown = [agent for agent in agents if not agent.role_arn]
    results: list[tuple[PlacedAgent, CheckResult]] = []
    for agent in agents:
        if not agent.role_arn:
            result = CheckResult(
                RESOURCE_TYPE, agent.agent_id, NOT_APPLICABLE, "Could not check: its execution role is not known.", True
            )
        elif others := [other for other in holders[agent.role_arn] if other is not agent]:
            named = ", ".join(f"{other.agent_id} ({other.region})" for other in others[:5])
            result = CheckResult(
                RESOURCE_TYPE,
                agent.agent_id,
                NON_COMPLIANT,
                f"Its execution role {agent.role_arn} is shared with {named}.",
            )
        elif unknown:
            result = CheckResult(
                RESOURCE_TYPE,
                agent.agent_id,
                NOT_APPLICABLE,
                f"Could not check: the execution role of {len(unknown)} other agent(s) is not known.",
                True,
            )
        else:
            result = CheckResult(RESOURCE_TYPE, agent.agent_id, COMPLIANT, f"No other agent holds {agent.role_arn}.")
        results.append((agent, result))
    return results
