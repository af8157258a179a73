"""Every check, declared once. Each module exports METADATA, RESOURCE_TYPE, CONFIG_TRIGGER (how it
runs as an AWS Config rule, or None), Parameters, parse_parameters(raw) and check(record, ...).

The offline audit iterates over CHECKS, and the Config rules are derived from it
(`bedrock_gov.config_rules.registry`: the checks whose CONFIG_TRIGGER is set), so no second
list of controls exists.
"""

from __future__ import annotations

from types import ModuleType

from bedrock_gov.checks import (
    agent_guardrail,
    agent_lambda_vpc,
    agent_role_not_shared,
    agent_role_privileges,
    api_key_privileges,
    bedrock_full_access,
    custom_model_cmk,
    guardrail_contextual_grounding,
    guardrail_prompt_attack,
    guardrail_sensitive_information,
    guardrails_configured,
    invocation_logging,
    long_term_api_keys,
    vpc_endpoints,
)

CHECKS: tuple[ModuleType, ...] = (
    agent_lambda_vpc,
    invocation_logging,
    long_term_api_keys,
    agent_guardrail,
    guardrail_prompt_attack,
    guardrail_sensitive_information,
    guardrail_contextual_grounding,
    guardrails_configured,
    custom_model_cmk,
    bedrock_full_access,
    api_key_privileges,
    agent_role_privileges,
    agent_role_not_shared,
    vpc_endpoints,
)
