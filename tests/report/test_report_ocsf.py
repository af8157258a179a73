"""OCSF: every event reads back into py-ocsf-models' DetectionFinding (class_uid 2004)."""

from __future__ import annotations

import json
from collections import Counter

from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from report_samples import GENERATED_AT, HOSTILE, KEYS, SANDBOX, UNKNOWN_REASON, sample_findings, status_counts

from bedrock_gov.report import audit_ocsf


def _events() -> list[DetectionFinding]:
    return [DetectionFinding.model_validate(raw) for raw in json.loads(audit_ocsf(sample_findings(), GENERATED_AT))]


def test_every_event_is_a_detection_finding() -> None:
    findings = sample_findings()
    events = _events()
    assert len(events) == len(findings)
    assert {event.class_uid for event in events} == {2004}
    assert Counter(event.status_code for event in events) == status_counts(findings)
    assert all(event.time == int(GENERATED_AT.timestamp() * 1000) for event in events)
    assert len({event.finding_info.uid for event in events}) == len(events)


def test_severity_cloud_resource_remediation() -> None:
    event = next(e for e in _events() if e.metadata.event_code == KEYS and e.cloud.account.uid == SANDBOX)
    assert (event.severity_id, event.severity) == (5, "Critical")
    assert (event.cloud.provider, event.cloud.region, event.cloud.account.type_id) == ("aws", "global", 10)
    assert event.resources[0].uid == f"arn:aws:iam::{SANDBOX}:user/ci-bot"
    assert event.resources[0].type == "AWS::IAM::User"
    assert event.remediation.desc.startswith("Delete the service-specific credential")
    assert (event.status, event.type_uid, event.unmapped["change"]) == ("New", 200401, "NEW")


def test_unknown_reason_change_and_text() -> None:
    events = _events()
    unknown = next(event for event in events if event.status_code == "UNKNOWN")
    assert UNKNOWN_REASON in unknown.status_detail and unknown.unmapped["reason"] == UNKNOWN_REASON
    resolved = next(event for event in events if event.unmapped.get("change") == "RESOLVED")
    assert (resolved.status, resolved.activity_id, resolved.type_uid) == ("Resolved", 3, 200403)
    assert any(HOSTILE in (event.message or "") for event in events)


def test_no_findings_is_an_empty_array() -> None:
    assert json.loads(audit_ocsf([], GENERATED_AT)) == []
