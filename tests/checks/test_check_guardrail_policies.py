"""The sensitive-information and contextual-grounding controls, and the collector reading both
policies from GetGuardrail's shape and from the CloudFormation shape AWS Config records."""

from __future__ import annotations

from typing import Any

import pytest

from bedrock_gov.checks import guardrail_contextual_grounding as grounding
from bedrock_gov.checks import guardrail_sensitive_information as sensitive
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT
from bedrock_gov.collect.guardrails import guardrail_record
from bedrock_gov.snapshot import Guardrail

API_SHAPE: dict[str, Any] = {
    "sensitiveInformationPolicy": {
        "piiEntities": [{"type": "EMAIL", "action": "ANONYMIZE", "inputEnabled": True, "outputEnabled": True}],
        "regexes": [{"name": "employee-id", "pattern": "E[0-9]{6}", "action": "BLOCK"}],
    },
    "contextualGroundingPolicy": {
        "filters": [
            {"type": "GROUNDING", "threshold": 0.8, "action": "BLOCK", "enabled": True},
            {"type": "RELEVANCE", "threshold": 0.5, "action": "BLOCK", "enabled": True},
        ]
    },
}
CLOUDFORMATION_SHAPE: dict[str, Any] = {
    "SensitiveInformationPolicyConfig": {"PiiEntitiesConfig": [{"Type": "EMAIL", "Action": "ANONYMIZE"}]},
    "ContextualGroundingPolicyConfig": {
        "FiltersConfig": [{"Type": "GROUNDING", "Threshold": 0.8}, {"Type": "RELEVANCE", "Threshold": 0.5}]
    },
}


def test_both_shapes_are_read() -> None:
    api, cloudformation = guardrail_record("gr-1", API_SHAPE), guardrail_record("gr-1", CLOUDFORMATION_SHAPE)
    assert [entry["name"] for entry in api["sensitive_information"] or []] == ["EMAIL", "employee-id"]
    assert [entry["action"] for entry in cloudformation["sensitive_information"] or []] == ["ANONYMIZE"]
    assert [item["threshold"] for item in cloudformation["contextual_grounding"] or []] == [0.8, 0.5]
    assert guardrail_record("gr-2", {}) == Guardrail(
        id="gr-2", prompt_attack_filter=None, sensitive_information=None, contextual_grounding=None
    )


def test_sensitive_information_must_block_or_mask() -> None:
    params = sensitive.Parameters()
    assert sensitive.check(guardrail_record("gr", API_SHAPE), params).compliance == COMPLIANT
    assert sensitive.check(guardrail_record("gr", {}), params).compliance == NON_COMPLIANT
    detect_only = {
        "sensitiveInformationPolicy": {
            "piiEntities": [
                {"type": "EMAIL", "action": "NONE", "inputAction": "NONE", "outputAction": "NONE"},
                {"type": "NAME", "action": "BLOCK", "inputEnabled": False, "outputEnabled": False},
            ]
        }
    }
    result = sensitive.check(guardrail_record("gr", detect_only), params)
    assert result.compliance == NON_COMPLIANT and "only detect" in result.annotation
    unknown = sensitive.check(Guardrail(id="gr"), params)
    assert unknown.undetermined


@pytest.mark.parametrize(
    ("filters", "compliance", "undetermined"),
    [
        ([("GROUNDING", 0.8, "BLOCK", True), ("RELEVANCE", 0.5, "BLOCK", True)], COMPLIANT, False),
        ([("GROUNDING", 0.8, "BLOCK", True)], NON_COMPLIANT, False),
        ([("GROUNDING", 0.8, "NONE", True), ("RELEVANCE", 0.5, "BLOCK", True)], NON_COMPLIANT, False),
        ([("GROUNDING", 0.0, "BLOCK", True), ("RELEVANCE", 0.5, "BLOCK", True)], NON_COMPLIANT, False),
        ([("GROUNDING", 0.8, "BLOCK", False), ("RELEVANCE", 0.5, "BLOCK", True)], NON_COMPLIANT, False),
        ([("GROUNDING", 0.8, None, None), ("RELEVANCE", 0.5, "BLOCK", True)], "NOT_APPLICABLE", True),
    ],
)
def test_contextual_grounding(
    filters: list[tuple[str, float, str | None, bool | None]], compliance: str, undetermined: bool
) -> None:
    configuration = {
        "contextualGroundingPolicy": {
            "filters": [
                {"type": kind, "threshold": threshold}
                | ({"action": action} if action else {})
                | ({"enabled": enabled} if enabled is not None else {})
                for kind, threshold, action, enabled in filters
            ]
        }
    }
    result = grounding.check(guardrail_record("gr", configuration), grounding.Parameters())
    assert (result.compliance, result.undetermined) == (compliance, undetermined)
