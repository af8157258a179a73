"""Config rule `bedrock-agent-guardrail-required`: every Bedrock agent has a guardrail.

Periodic only: AWS Config does not record agents, so the rule lists them with the bedrock-agent
ListAgents API (its summaries carry `guardrailConfiguration`) and reports them as
`AWS::Bedrock::Agent`. Parameter: `requireNumberedVersion` (default false).
"""

from __future__ import annotations

from typing import Any

from bedrock_gov.checks import agent_guardrail as control
from bedrock_gov.rules import runtime
from bedrock_gov.rules.aws_calls import pages


def list_agents(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge every agent in the Region."""
    agents = run.client("bedrock-agent")
    listing = runtime.Listing()
    for page in pages(agents.list_agents, run.backoff, "nextToken", "nextToken", maxResults=100):
        for summary in page.get("agentSummaries") or []:
            if isinstance(summary.get("agentId"), str) and summary["agentId"]:
                listing.results.append(control.check(summary, params))
    return listing


RULE = runtime.Rule(
    name=control.METADATA.id,
    resource_types=frozenset({control.RESOURCE_TYPE}),
    parse_parameters=control.parse_parameters,
    list_current=list_agents,
)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """The Lambda entry point."""
    return runtime.run(RULE, event)
