"""A Bedrock guardrail blocks or masks sensitive information (Prowler:
bedrock_guardrail_sensitive_information_filter_enabled).

Input: a `snapshot.Guardrail` record. Prowler passes a guardrail with any sensitive-information
policy; here at least one PII entity type or regex must also act (BLOCK or ANONYMIZE) on a side it
is enabled on: an entry whose every action is NONE only detects, and sensitive data passes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult, without_configuration
from bedrock_gov.snapshot import Guardrail, SensitiveInformationEntry

RESOURCE_TYPE = "AWS::Bedrock::Guardrail"
ACTING = frozenset({"BLOCK", "ANONYMIZE"})

METADATA = CheckMetadata(
    id="bedrock-guardrail-sensitive-information-filter",
    title="Guardrails block or mask sensitive information",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "Without a sensitive-information policy that acts, personal data and secrets in prompts reach the "
        "model and its logs, and the model's answers can hand them to whoever asks."
    ),
    remediation=(
        "Add PII entity types (and regexes for your own identifiers) to the guardrail's sensitive-information "
        "policy with action BLOCK or ANONYMIZE on input and output (UpdateGuardrail), then publish a version."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def _acts(entry: SensitiveInformationEntry) -> bool:
    sides = (
        (entry["input_enabled"], entry["input_action"] or entry["action"]),
        (entry["output_enabled"], entry["output_action"] or entry["action"]),
    )
    return any(enabled and action in ACTING for enabled, action in sides)


def check(guardrail: Guardrail, params: Parameters) -> CheckResult:
    """Judge one guardrail."""
    resource_id = guardrail["id"]
    if "sensitive_information" not in guardrail:
        return without_configuration(RESOURCE_TYPE, resource_id)
    entries = guardrail["sensitive_information"]
    if not entries:
        return CheckResult(RESOURCE_TYPE, resource_id, NON_COMPLIANT, "No sensitive-information policy.")
    acting = sorted(entry["name"] for entry in entries if _acts(entry))
    if not acting:
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            f"Its {len(entries)} sensitive-information entries only detect (action NONE, or disabled); none blocks or masks.",
        )
    return CheckResult(
        RESOURCE_TYPE, resource_id, COMPLIANT, f"Blocks or masks sensitive information: {', '.join(acting[:5])}."
    )
