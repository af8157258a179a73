"""Agents sharing an execution role, across Regions of one account."""

from __future__ import annotations

from bedrock_gov.checks.agent_role_not_shared import Parameters, PlacedAgent, check
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT

ROLE = "arn:aws:iam::111111111111:role/agents"
OTHER = "arn:aws:iam::111111111111:role/dedicated"


def _verdicts(agents: list[PlacedAgent]) -> dict[str, tuple[str, bool]]:
    return {agent.agent_id: (result.compliance, result.undetermined) for agent, result in check(agents, Parameters())}


def test_a_role_shared_across_regions_fails_both_agents() -> None:
    verdicts = _verdicts(
        [
            PlacedAgent("a1", "us-east-1", ROLE),
            PlacedAgent("a2", "eu-west-1", ROLE),
            PlacedAgent("a3", "us-east-1", OTHER),
        ]
    )
    assert verdicts == {"a1": (NON_COMPLIANT, False), "a2": (NON_COMPLIANT, False), "a3": (COMPLIANT, False)}


def test_an_unknown_role_leaves_the_others_undetermined() -> None:
    verdicts = _verdicts([PlacedAgent("a1", "us-east-1", OTHER), PlacedAgent("a2", "us-east-1", None)])
    assert verdicts["a1"][1] and verdicts["a2"][1]
    assert COMPLIANT not in {compliance for compliance, _ in verdicts.values()}
