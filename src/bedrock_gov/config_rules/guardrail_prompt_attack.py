"""Config rule `bedrock-guardrail-prompt-attack-filter`: guardrails block prompt attacks.

Change-triggered on `AWS::Bedrock::Guardrail`; oversized items are fetched with
GetResourceConfigHistory. A scheduled notification is logged and ignored (no listing: the rule
judges what Config records). Parameter: `minimumStrength` (LOW, MEDIUM, HIGH; default HIGH).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bedrock_gov.checks import guardrail_prompt_attack as control
from bedrock_gov.checks.model import CheckResult
from bedrock_gov.config_rules import items, runtime


def judge_item(item: Mapping[str, Any], params: control.Parameters) -> CheckResult:
    return control.check(items.guardrail(item), params)


CONFIG_RULE = runtime.ConfigRule(
    control.METADATA.id,
    frozenset({control.RESOURCE_TYPE}),
    control.parse_parameters,
    check_item=judge_item,
)

lambda_handler = runtime.lambda_entry_point(CONFIG_RULE)
