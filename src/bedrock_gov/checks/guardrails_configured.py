"""At least one Bedrock guardrail exists in an account and Region (Prowler: bedrock_guardrails_configured).

Input: the `snapshot.Guardrail` records listed in one account and Region. Not an AWS Config
rule: a rule evaluates resources, and this judges their absence; the audit runs it on snapshots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult
from bedrock_gov.snapshot import Guardrail

RESOURCE_TYPE = "AWS::::Account"

METADATA = CheckMetadata(
    id="bedrock-guardrails-configured",
    title="At least one Bedrock guardrail exists in each Region",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "Without any guardrail in a Region, no application, agent or organization Bedrock policy "
        "there can filter harmful content, prompt attacks or sensitive data."
    ),
    remediation="Create a guardrail (CreateGuardrail) with content, prompt-attack and sensitive-information filters, and publish a version.",
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """None: a guardrail of any configuration counts (the other guardrail checks judge each one)."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def check(account_id: str, region: str, guardrails: Sequence[Guardrail], params: Parameters) -> CheckResult:
    """Judge one account in one Region from the guardrails listed there."""
    if not guardrails:
        return CheckResult(RESOURCE_TYPE, account_id, NON_COMPLIANT, f"{region}: no Bedrock guardrail.")
    return CheckResult(RESOURCE_TYPE, account_id, COMPLIANT, f"{region}: {len(guardrails)} guardrail(s).")
