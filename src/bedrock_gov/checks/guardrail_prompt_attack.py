"""A Bedrock guardrail filters prompt attacks on input at the strength required, and blocks them.

Input: a configuration item for `AWS::Bedrock::Guardrail`. AWS Config documents resource
properties by their CloudFormation reference, so `configuration` is read in that shape; the
`GetGuardrail` API shape is read too, so a snapshot built from the API works unchanged::

    {"resourceType": "AWS::Bedrock::Guardrail", "resourceId": "...",
     "configuration": {"ContentPolicyConfig": {"FiltersConfig": [
         {"Type": "PROMPT_ATTACK", "InputStrength": "HIGH", "OutputStrength": "NONE",
          "InputEnabled": true, "InputAction": "BLOCK"}]}}}
    or  {"configuration": {"contentPolicy": {"filters": [{"type": "PROMPT_ATTACK", "inputStrength": ...}]}}}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import (
    COMPLIANT,
    NON_COMPLIANT,
    CheckMetadata,
    CheckResult,
    ParameterError,
    without_configuration,
)

RESOURCE_TYPE = "AWS::Bedrock::Guardrail"
STRENGTHS = ("NONE", "LOW", "MEDIUM", "HIGH")
DEFAULT_MINIMUM_STRENGTH = "HIGH"

METADATA = CheckMetadata(
    id="bedrock-guardrail-prompt-attack-filter",
    title="Guardrails block prompt attacks at the required strength",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "Without a prompt-attack filter, jailbreaks and prompt injections reach the model; agents "
        "and tools behind it then act on attacker instructions."
    ),
    remediation=(
        "Add a PROMPT_ATTACK content filter with inputStrength at least the required level and "
        "inputAction BLOCK (UpdateGuardrail), then publish a new guardrail version."
    ),
)


class Parameters(NamedTuple):
    """The weakest input strength accepted (LOW, MEDIUM or HIGH)."""

    minimum_strength: str = DEFAULT_MINIMUM_STRENGTH


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    """Read `minimumStrength`."""
    parameters.reject_unknown(raw, ("minimumStrength",))
    strength = parameters.text(raw, "minimumStrength", DEFAULT_MINIMUM_STRENGTH).upper()
    if strength not in STRENGTHS[1:]:
        raise ParameterError("minimumStrength must be LOW, MEDIUM or HIGH")
    return Parameters(minimum_strength=strength)


def _pick(data: Mapping[str, object], *keys: str) -> object:
    """The first key present: the CloudFormation (PascalCase) name, then the API (camelCase) one."""
    for key in keys:
        if key in data:
            return data[key]
    return None


def _prompt_attack_filter(configuration: Mapping[str, object]) -> Mapping[str, object] | None:
    policy = _pick(configuration, "ContentPolicyConfig", "contentPolicy", "contentPolicyConfig")
    if not isinstance(policy, Mapping):
        return None
    filters = _pick(policy, "FiltersConfig", "filters", "filtersConfig")
    for entry in filters if isinstance(filters, list) else []:
        if isinstance(entry, Mapping) and _pick(entry, "Type", "type") == "PROMPT_ATTACK":
            return entry
    return None


def check(item: Mapping[str, object], params: Parameters) -> CheckResult:
    """Judge one guardrail."""
    resource_id = str(item.get("resourceId") or "")
    configuration = item.get("configuration")
    if not isinstance(configuration, Mapping):
        return without_configuration(RESOURCE_TYPE, resource_id)
    prompt_filter = _prompt_attack_filter(configuration)
    if prompt_filter is None:
        return CheckResult(RESOURCE_TYPE, resource_id, NON_COMPLIANT, "No prompt-attack filter.")
    strength = _pick(prompt_filter, "InputStrength", "inputStrength")
    rank = STRENGTHS.index(strength) if strength in STRENGTHS else 0
    if rank < STRENGTHS.index(params.minimum_strength):
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            f"Prompt-attack filter input strength is {strength or 'unset'}; "
            f"{params.minimum_strength} or stronger is required.",
        )
    if _pick(prompt_filter, "InputEnabled", "inputEnabled") is False:
        return CheckResult(RESOURCE_TYPE, resource_id, NON_COMPLIANT, "Prompt-attack filter is disabled on input.")
    if _pick(prompt_filter, "InputAction", "inputAction") == "NONE":
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            "Prompt-attack filter only detects (action NONE); it does not block.",
        )
    return CheckResult(
        RESOURCE_TYPE, resource_id, COMPLIANT, f"Prompt-attack filter blocks input at {strength} strength."
    )
