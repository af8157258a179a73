"""The execution roles of a Region's Bedrock agents, with their identity policies: GetAgent for each
agent (ListAgents summaries do not name the role), then each distinct role once."""

from __future__ import annotations

from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call
from bedrock_gov.collect.identity_policies import ROLE_TYPE, PolicyReader, read_principals
from bedrock_gov.collect.status import failure
from bedrock_gov.snapshot import BedrockAgent, NotCollected, PrincipalPolicies

AGENT_TYPE = "AWS::Bedrock::Agent"


def fill_agent_roles(clients: ClientFactory, agents: list[BedrockAgent]) -> list[NotCollected]:
    """Set each agent's `agent_role_arn` from GetAgent; the agents whose role could not be read, and why."""
    missed: list[NotCollected] = []
    bedrock_agent = clients("bedrock-agent")
    for agent in agents:
        if agent["agent_role_arn"] is not None:
            continue
        try:
            found = call(bedrock_agent.get_agent, agentId=agent["id"]).get("agent") or {}
        except CannotCheck as error:
            reason = f"the agent's execution role was not read: {failure(error).get('reason', str(error))}"
            missed.append(NotCollected(resource_type=AGENT_TYPE, resource_id=agent["id"], reason=reason))
            continue
        role = found.get("agentResourceRoleArn")
        agent["agent_role_arn"] = role if isinstance(role, str) and role else None
    return missed


def read_agent_roles(
    clients: ClientFactory, agents: list[BedrockAgent]
) -> tuple[list[PrincipalPolicies], list[NotCollected]]:
    """The agents' execution roles with their policies, and what could not be read (agents, roles)."""
    missed = fill_agent_roles(clients, agents)
    arns = [agent["agent_role_arn"] for agent in agents if agent["agent_role_arn"]]
    roles, unread = read_principals([arn for arn in arns if arn], PolicyReader(clients).role, ROLE_TYPE)
    return roles, missed + unread
