"""A Bedrock guardrail filters prompt attacks on input at the strength required, and blocks them.

Input: a `snapshot.Guardrail` record, converted from the configuration item AWS Config sends for
`AWS::Bedrock::Guardrail` (or collected from the GetGuardrail API).
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
    ConfigTrigger,
    ParameterError,
    without_configuration,
)
from bedrock_gov.snapshot import Guardrail

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
CONFIG_TRIGGER = ConfigTrigger(change_types=frozenset({RESOURCE_TYPE}))


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


def check(guardrail: Guardrail, params: Parameters) -> CheckResult:
    """Judge one guardrail."""
    resource_id = guardrail["id"]
    if "prompt_attack_filter" not in guardrail:
        return without_configuration(RESOURCE_TYPE, resource_id)
    prompt_filter = guardrail["prompt_attack_filter"]
    if prompt_filter is None:
        return CheckResult(RESOURCE_TYPE, resource_id, NON_COMPLIANT, "No prompt-attack filter.")
    strength = prompt_filter["input_strength"]
    rank = STRENGTHS.index(strength) if strength in STRENGTHS else 0
    if rank < STRENGTHS.index(params.minimum_strength):
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            f"Prompt-attack filter input strength is {strength or 'unset'}; "
            f"{params.minimum_strength} or stronger is required.",
        )
    if not prompt_filter["input_enabled"]:
        return CheckResult(RESOURCE_TYPE, resource_id, NON_COMPLIANT, "Prompt-attack filter is disabled on input.")
    if prompt_filter["input_action"] == "NONE":
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            "Prompt-attack filter only detects (action NONE); it does not block.",
        )
    return CheckResult(
        RESOURCE_TYPE, resource_id, COMPLIANT, f"Prompt-attack filter blocks input at {strength} strength."
    )
