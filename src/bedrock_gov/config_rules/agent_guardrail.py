"""Config rule `bedrock-agent-guardrail-required`: every Bedrock agent has a guardrail.

Periodic only: AWS Config does not record agents, so the rule collects them with the bedrock-agent
ListAgents API (its summaries carry `guardrailConfiguration`) and reports them as
`AWS::Bedrock::Agent`. Parameter: `requireNumberedVersion` (default false).
"""

from __future__ import annotations

from bedrock_gov.checks import agent_guardrail as control
from bedrock_gov.collect.bedrock import list_agents
from bedrock_gov.config_rules import runtime


def judge_current(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge every agent in the Region."""
    return runtime.judged(list_agents(run.client), lambda agent: control.check(agent, params))


CONFIG_RULE = runtime.ConfigRule(
    control.METADATA.id,
    frozenset({control.RESOURCE_TYPE}),
    control.parse_parameters,
    list_current=judge_current,
)

lambda_handler = runtime.lambda_entry_point(CONFIG_RULE)
