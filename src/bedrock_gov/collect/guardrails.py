"""Bedrock guardrails: the PROMPT_ATTACK filter, the sensitive-information policy and the
contextual-grounding filters read from a guardrail's configuration, in the CloudFormation shape AWS
Config records and in the GetGuardrail API shape, and the guardrails of a Region (ListGuardrails,
GetGuardrail)."""

from __future__ import annotations

from collections.abc import Mapping

from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import ClientFactory, call, pages
from bedrock_gov.snapshot import GroundingFilter, Guardrail, PromptAttackFilter, SensitiveInformationEntry


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


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def sensitive_information(configuration: Mapping[str, object]) -> list[SensitiveInformationEntry] | None:
    """The PII entity types and regexes of the sensitive-information policy; None: no such policy."""
    policy = _pick(configuration, "SensitiveInformationPolicyConfig", "sensitiveInformationPolicy")
    if not isinstance(policy, Mapping):
        return None
    entries: list[SensitiveInformationEntry] = []
    for keys, name_keys in (
        (("PiiEntitiesConfig", "piiEntities"), ("Type", "type")),
        (("RegexesConfig", "regexes"), ("Name", "name")),
    ):
        listed = _pick(policy, *keys)
        for entry in listed if isinstance(listed, list) else []:
            if isinstance(entry, Mapping):
                entries.append(
                    SensitiveInformationEntry(
                        name=str(_pick(entry, *name_keys) or ""),
                        action=optional_text(_pick(entry, "Action", "action")),
                        input_action=optional_text(_pick(entry, "InputAction", "inputAction")),
                        output_action=optional_text(_pick(entry, "OutputAction", "outputAction")),
                        input_enabled=_pick(entry, "InputEnabled", "inputEnabled") is not False,
                        output_enabled=_pick(entry, "OutputEnabled", "outputEnabled") is not False,
                    )
                )
    return entries


def contextual_grounding(configuration: Mapping[str, object]) -> list[GroundingFilter] | None:
    """The contextual-grounding filters; None: no such policy."""
    policy = _pick(configuration, "ContextualGroundingPolicyConfig", "contextualGroundingPolicy")
    if not isinstance(policy, Mapping):
        return None
    listed = _pick(policy, "FiltersConfig", "filters")
    filters: list[GroundingFilter] = []
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, Mapping):
            threshold = _pick(entry, "Threshold", "threshold")
            filters.append(
                GroundingFilter(
                    type=str(_pick(entry, "Type", "type") or ""),
                    threshold=float(threshold)
                    if isinstance(threshold, int | float) and not isinstance(threshold, bool)
                    else None,
                    action=optional_text(_pick(entry, "Action", "action")),
                    enabled=_flag(_pick(entry, "Enabled", "enabled")),
                )
            )
    return filters


def guardrail_record(guardrail_id: str, configuration: Mapping[str, object]) -> Guardrail:
    """A guardrail's record from its configuration (either shape)."""
    return Guardrail(
        id=guardrail_id,
        prompt_attack_filter=prompt_attack_filter(configuration),
        sensitive_information=sensitive_information(configuration),
        contextual_grounding=contextual_grounding(configuration),
    )


def list_guardrails(clients: ClientFactory) -> list[Guardrail]:
    """Every guardrail in the Region (its working draft), with the policies the checks read."""
    bedrock = clients("bedrock")
    guardrails: list[Guardrail] = []
    for page in pages(bedrock.list_guardrails, "nextToken", "nextToken"):
        for summary in page.get("guardrails") or []:
            guardrail_id = str(summary.get("id"))
            configuration = call(bedrock.get_guardrail, guardrailIdentifier=guardrail_id)
            guardrails.append(guardrail_record(guardrail_id, configuration))
    return guardrails
