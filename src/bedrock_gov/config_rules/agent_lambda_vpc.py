"""Config rule `bedrock-agent-vpc-required`: Lambda functions tagged as Bedrock agents run in a VPC.

Change-triggered on `AWS::Lambda::Function` (the item in the event is converted to a record and
judged) and periodic (every function is collected with its tags and judged by the same check).
Parameters: `tagKey` (default BedrockAgent), `tagValue` (default true).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bedrock_gov.checks import agent_lambda_vpc as control
from bedrock_gov.checks.model import CheckResult
from bedrock_gov.collect.lambda_functions import list_functions
from bedrock_gov.config_rules import items, runtime


def judge_item(item: Mapping[str, Any], params: control.Parameters) -> CheckResult:
    return control.check(items.lambda_function(item), params)


def judge_current(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge every function in the Region; a function whose tags cannot be read is left unjudged."""
    return runtime.judged(list_functions(run.client), lambda function: control.check(function, params))


CONFIG_RULE = runtime.ConfigRule(
    control.METADATA.id,
    frozenset({control.RESOURCE_TYPE}),
    control.parse_parameters,
    check_item=judge_item,
    list_current=judge_current,
)

lambda_handler = runtime.lambda_entry_point(CONFIG_RULE)
