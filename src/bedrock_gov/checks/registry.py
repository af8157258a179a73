"""Every check module, discovered the same way: each has METADATA, RESOURCE_TYPE,
parse_parameters(raw) and check(...). The offline audit iterates over CHECKS."""

from __future__ import annotations

from types import ModuleType

from bedrock_gov.checks import (
    agent_guardrail,
    agent_lambda_vpc,
    guardrail_prompt_attack,
    invocation_logging,
    long_term_api_keys,
)

CHECKS: tuple[ModuleType, ...] = (
    agent_lambda_vpc,
    invocation_logging,
    long_term_api_keys,
    agent_guardrail,
    guardrail_prompt_attack,
)
