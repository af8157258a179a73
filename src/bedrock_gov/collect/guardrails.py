"""Bedrock guardrails: the PROMPT_ATTACK filter read from a guardrail's configuration, in the
CloudFormation shape AWS Config records and in the GetGuardrail API shape, and the guardrails of
a Region (ListGuardrails, GetGuardrail)."""

from __future__ import annotations

from collections.abc import Mapping

from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import ClientFactory, call, pages
from bedrock_gov.snapshot import Guardrail, PromptAttackFilter


def _pick(data: Mapping[str, object], *keys: str) -> object:
    """The first key present: the CloudFormation (PascalCase) name, then the API (camelCase) one."""
    for key in keys:
        if key in data:
            return data[key]
    return None


def prompt_attack_filter(configuration: Mapping[str, object]) -> PromptAttackFilter | None:
    policy = _pick(configuration, "ContentPolicyConfig", "contentPolicy", "contentPolicyConfig")
    if not isinstance(policy, Mapping):
        return None
    filters = _pick(policy, "FiltersConfig", "filters", "filtersConfig")
    for entry in filters if isinstance(filters, list) else []:
        if isinstance(entry, Mapping) and _pick(entry, "Type", "type") == "PROMPT_ATTACK":
            return PromptAttackFilter(
                input_strength=optional_text(_pick(entry, "InputStrength", "inputStrength")),
                input_enabled=_pick(entry, "InputEnabled", "inputEnabled") is not False,
                input_action=optional_text(_pick(entry, "InputAction", "inputAction")),
            )
    return None


def list_guardrails(clients: ClientFactory) -> list[Guardrail]:
    """Every guardrail in the Region (its working draft), with its PROMPT_ATTACK filter."""
    bedrock = clients("bedrock")
    guardrails: list[Guardrail] = []
    for page in pages(bedrock.list_guardrails, "nextToken", "nextToken"):
        for summary in page.get("guardrails") or []:
            guardrail_id = str(summary.get("id"))
            configuration = call(bedrock.get_guardrail, guardrailIdentifier=guardrail_id)
            guardrails.append(Guardrail(id=guardrail_id, prompt_attack_filter=prompt_attack_filter(configuration)))
    return guardrails
