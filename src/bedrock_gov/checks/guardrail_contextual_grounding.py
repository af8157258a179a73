"""A Bedrock guardrail blocks ungrounded and irrelevant answers (Prowler:
bedrock_guardrail_contextual_grounding_filter_enabled).

Input: a `snapshot.Guardrail` record. As Prowler: both the GROUNDING and the RELEVANCE filter,
each enabled, acting BLOCK, with a threshold above 0 (a threshold of 0 blocks nothing). A filter
whose configuration omits `action` or `enabled` cannot be judged: the verdict is undetermined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import (
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    CheckMetadata,
    CheckResult,
    without_configuration,
)
from bedrock_gov.snapshot import Guardrail

RESOURCE_TYPE = "AWS::Bedrock::Guardrail"
REQUIRED_FILTERS = ("GROUNDING", "RELEVANCE")

METADATA = CheckMetadata(
    id="bedrock-guardrail-contextual-grounding-filter",
    title="Guardrails block ungrounded and irrelevant answers",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "Without contextual grounding checks, answers a retrieval-augmented application gives are not held to "
        "its sources: hallucinated or off-topic output reaches users and the tools that act on it."
    ),
    remediation=(
        "Add GROUNDING and RELEVANCE filters to the guardrail's contextual grounding policy, enabled, with "
        "action BLOCK and a threshold above 0 (UpdateGuardrail), then publish a new guardrail version."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def check(guardrail: Guardrail, params: Parameters) -> CheckResult:
    """Judge one guardrail."""
    resource_id = guardrail["id"]
    if "contextual_grounding" not in guardrail:
        return without_configuration(RESOURCE_TYPE, resource_id)
    filters = {item["type"]: item for item in guardrail["contextual_grounding"] or []}
    missing = [kind for kind in REQUIRED_FILTERS if kind not in filters]
    if missing:
        return CheckResult(
            RESOURCE_TYPE, resource_id, NON_COMPLIANT, f"No {' or '.join(missing)} contextual grounding filter."
        )
    problems: list[str] = []
    omitted: list[str] = []
    for kind in REQUIRED_FILTERS:
        item = filters[kind]
        if item["enabled"] is False:
            problems.append(f"the {kind} filter is disabled")
        elif item["action"] is not None and item["action"] != "BLOCK":
            problems.append(f"the {kind} filter's action is {item['action']}, not BLOCK")
        elif not (item["threshold"] or 0) > 0:
            problems.append(f"the {kind} filter's threshold is {item['threshold']}, which blocks nothing")
        elif item["action"] is None or item["enabled"] is None:
            omitted.append(kind)
    if problems:
        return CheckResult(
            RESOURCE_TYPE, resource_id, NON_COMPLIANT, f"Does not block ungrounded answers: {'; '.join(problems)}."
        )
    if omitted:
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NOT_APPLICABLE,
            f"Could not check: the {' and '.join(omitted)} filter's configuration omits its action or whether it is enabled.",
            undetermined=True,
        )
    return CheckResult(
        RESOURCE_TYPE, resource_id, COMPLIANT, "GROUNDING and RELEVANCE filters block, each above threshold 0."
    )
