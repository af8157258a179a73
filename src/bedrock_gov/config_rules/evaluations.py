"""Evaluations as PutEvaluations takes them: built from check results, truncated, sent in batches."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from bedrock_gov.checks.model import CheckResult, Compliance
from bedrock_gov.collect.aws_calls import call, pages

MAX_ANNOTATION_CHARS = 256
MAX_BATCH = 100
"""PutEvaluations limits: 256 characters per annotation, 100 evaluations per call."""

LOG = logging.getLogger("bedrock_gov.config_rules")


class Evaluation(NamedTuple):
    """One PutEvaluations entry."""

    resource_type: str
    resource_id: str
    compliance: Compliance
    annotation: str
    ordering_timestamp: datetime

    def to_api(self) -> dict[str, Any]:
        """The request form, field names exactly as in PutEvaluations."""
        entry: dict[str, Any] = {
            "ComplianceResourceType": self.resource_type,
            "ComplianceResourceId": self.resource_id,
            "ComplianceType": self.compliance,
            "OrderingTimestamp": self.ordering_timestamp,
        }
        if self.annotation:
            entry["Annotation"] = self.annotation
        return entry

    def to_json(self) -> dict[str, Any]:
        """The request form with the timestamp as ISO 8601 text, for printing."""
        entry = self.to_api()
        entry["OrderingTimestamp"] = self.ordering_timestamp.isoformat()
        return entry


def truncate(annotation: str) -> str:
    """Fit an annotation into 256 characters, marking the cut with an ellipsis."""
    annotation = " ".join(annotation.split())
    if len(annotation) <= MAX_ANNOTATION_CHARS:
        return annotation
    return annotation[: MAX_ANNOTATION_CHARS - 3].rstrip() + "..."


def evaluation(
    resource_type: str, resource_id: str, compliance: Compliance, annotation: str, ordering: datetime
) -> Evaluation:
    return Evaluation(resource_type, resource_id, compliance, truncate(annotation), ordering)


def from_result(result: CheckResult, ordering: datetime) -> Evaluation:
    return evaluation(result.resource_type, result.resource_id, result.compliance, result.annotation, ordering)


def batches(evaluations: Sequence[Evaluation]) -> Iterable[Sequence[Evaluation]]:
    for start in range(0, len(evaluations), MAX_BATCH):
        yield evaluations[start : start + MAX_BATCH]


def send(config: Any, evaluations: Sequence[Evaluation], token: str, test_mode: bool) -> int:
    """Send in batches of at most 100; return how many AWS Config reported as failed (and log them)."""
    failed = 0
    for batch in batches(evaluations):
        response = call(
            config.put_evaluations,
            Evaluations=[entry.to_api() for entry in batch],
            ResultToken=token,
            TestMode=test_mode,
        )
        rejected = response.get("FailedEvaluations") if isinstance(response, dict) else None
        for entry in rejected if isinstance(rejected, list) else []:
            failed += 1
            LOG.error(
                "AWS Config rejected the evaluation of %s %s",
                entry.get("ComplianceResourceType"),
                entry.get("ComplianceResourceId"),
            )
    return failed


def previously_evaluated(config: Any, rule_name: str, resource_types: Iterable[str]) -> set[tuple[str, str]]:
    """(type, id) of every resource this rule last judged COMPLIANT or NON_COMPLIANT."""
    wanted = set(resource_types)
    found: set[tuple[str, str]] = set()
    for page in pages(
        config.get_compliance_details_by_config_rule,
        "NextToken",
        "NextToken",
        ConfigRuleName=rule_name,
        ComplianceTypes=["COMPLIANT", "NON_COMPLIANT"],
        Limit=100,
    ):
        for result in page.get("EvaluationResults") or []:
            qualifier = (result.get("EvaluationResultIdentifier") or {}).get("EvaluationResultQualifier") or {}
            resource_type, resource_id = qualifier.get("ResourceType"), qualifier.get("ResourceId")
            if resource_type in wanted and isinstance(resource_id, str) and resource_id:
                found.add((resource_type, resource_id))
    return found
