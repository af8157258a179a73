"""Config rule `bedrock-guardrail-prompt-attack-filter`: guardrails block prompt attacks.

Change-triggered on `AWS::Bedrock::Guardrail`; oversized items are fetched with
GetResourceConfigHistory. A scheduled notification is logged and ignored (no listing: the rule
judges what Config records). Parameter: `minimumStrength` (LOW, MEDIUM, HIGH; default HIGH).
"""

from __future__ import annotations

from typing import Any

from bedrock_gov.checks import guardrail_prompt_attack as control
from bedrock_gov.rules import runtime

RULE = runtime.Rule(
    name=control.METADATA.id,
    resource_types=frozenset({control.RESOURCE_TYPE}),
    parse_parameters=control.parse_parameters,
    check_item=control.check,
)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """The Lambda entry point."""
    return runtime.run(RULE, event)
