"""The Bedrock posture checks of checks/, run over the snapshot per account and Region."""

from __future__ import annotations

from typing import Any

import pytest

from audit.snapshots import MEMBER, REGION, healthy, member_region, of, run
from bedrock_gov.audit.posture import CONTROLS, RUNNERS
from bedrock_gov.checks.registry import CHECKS

POSTURE = tuple(control.id for control in CONTROLS)


def test_every_check_of_the_registry_runs_in_the_audit() -> None:
    assert set(RUNNERS) == set(CHECKS)
    assert {check.METADATA.id for check in CHECKS} < set(POSTURE)


def test_a_healthy_posture_passes() -> None:
    findings = run(healthy())
    for control in POSTURE:
        assert {f.status for f in of(findings, control)} == {"PASS"}, control
    vpc = of(findings, "bedrock-agent-vpc-required")
    assert {f.resource_id for f in vpc} == {"agent-tools"}, "an untagged function is out of scope, not a finding"


def _plant_no_vpc(region: dict[str, Any], iam: dict[str, Any]) -> None:
    region["lambda_functions"]["functions"][0]["subnet_ids"] = []


def _plant_no_logging(region: dict[str, Any], iam: dict[str, Any]) -> None:
    region["bedrock"]["invocation_logging"]["logging"] = None


def _plant_unencrypted_logs(region: dict[str, Any], iam: dict[str, Any]) -> None:
    region["bedrock"]["invocation_logging"]["s3_bucket_encryption"] = {"algorithm": "AES256", "kms_key_id": None}


def _plant_api_key(region: dict[str, Any], iam: dict[str, Any]) -> None:
    iam["users"][0]["service_specific_credentials"].append(
        {
            "id": "ACCA1",
            "service_name": "bedrock.amazonaws.com",
            "status": "Active",
            "create_date": "2026-01-01T00:00:00Z",
            "expiration_date": None,
        }
    )


def _plant_agent_without_guardrail(region: dict[str, Any], iam: dict[str, Any]) -> None:
    region["bedrock"]["agents"][0]["guardrail"] = None


def _plant_weak_guardrail(region: dict[str, Any], iam: dict[str, Any]) -> None:
    region["bedrock"]["guardrails"][0]["prompt_attack_filter"]["input_strength"] = "LOW"


def _plant_no_guardrail(region: dict[str, Any], iam: dict[str, Any]) -> None:
    region["bedrock"]["guardrails"] = []


@pytest.mark.parametrize(
    ("control", "plant", "region", "resource"),
    [
        ("bedrock-agent-vpc-required", _plant_no_vpc, REGION, "agent-tools"),
        ("bedrock-model-invocation-logging-enabled", _plant_no_logging, REGION, MEMBER),
        ("bedrock-model-invocation-logs-encrypted", _plant_unencrypted_logs, REGION, MEMBER),
        ("bedrock-no-long-term-api-keys", _plant_api_key, "global", f"AIDA{MEMBER}"),
        ("bedrock-agent-guardrail-required", _plant_agent_without_guardrail, REGION, "agent-1"),
        ("bedrock-guardrail-prompt-attack-filter", _plant_weak_guardrail, REGION, "gr-1"),
        ("bedrock-guardrails-configured", _plant_no_guardrail, REGION, MEMBER),
    ],
)
def test_each_planted_violation_is_found_where_it_is(control: str, plant: Any, region: str, resource: str) -> None:
    snapshot = healthy()
    account = next(a for a in snapshot["accounts"] if a["account_id"] == MEMBER)
    plant(member_region(snapshot), account["iam"])
    findings = run(snapshot)
    failed = [(f.account_id, f.region, f.resource_id) for f in findings if f.status == "FAIL"]
    assert [(f.account_id, f.region, f.resource_id) for f in of(findings, control) if f.status == "FAIL"] == [
        (MEMBER, region, resource)
    ]
    assert len(failed) == 1, f"only the planted violation fails: {failed}"


def test_logs_encryption_is_not_judged_where_logging_is_off() -> None:
    snapshot = healthy()
    _plant_no_logging(member_region(snapshot), {})
    assert MEMBER not in {f.account_id for f in of(run(snapshot), "bedrock-model-invocation-logs-encrypted")}


def test_a_section_not_collected_is_unknown_with_its_reason() -> None:
    snapshot = healthy()
    member_region(snapshot)["bedrock"]["guardrails_collection"] = {
        "status": "not_available",
        "reason": "no guardrails API",
    }
    findings = run(snapshot)
    for control in ("bedrock-guardrail-prompt-attack-filter", "bedrock-guardrails-configured"):
        member = [(f.status, f.reason) for f in of(findings, control) if f.account_id == MEMBER]
        assert member == [("UNKNOWN", "Bedrock guardrails was not collected (not_available): no guardrails API")]


def test_a_resource_seen_but_not_read_is_unknown() -> None:
    snapshot = healthy()
    region = member_region(snapshot)
    region["bedrock"]["guardrails"] = [{"id": "gr-2"}]  # configuration not read
    region["bedrock"]["guardrails_collection"] = {
        "status": "collected",
        "not_collected": [
            {"resource_type": "AWS::Bedrock::Guardrail", "resource_id": "gr-3", "reason": "GetGuardrail: throttled"}
        ],
    }
    findings = [f for f in of(run(snapshot), "bedrock-guardrail-prompt-attack-filter") if f.account_id == MEMBER]
    assert {(f.resource_id, f.status) for f in findings} == {("gr-2", "UNKNOWN"), ("gr-3", "UNKNOWN")}
    assert {f.reason for f in findings if f.resource_id == "gr-3"} == {"GetGuardrail: throttled"}


def test_docs_list_every_control() -> None:
    from audit.snapshots import ROOT
    from bedrock_gov.audit.registry import CONTROLS as ALL

    text = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    assert [control.id for control in ALL if f"`{control.id}`" not in text] == []
