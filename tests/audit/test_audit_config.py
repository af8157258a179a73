"""Layer 2: Config records, delivers, runs our rules, and they report compliance."""

from __future__ import annotations

import pytest

from audit.snapshots import MEMBER, REGION, healthy, member_region, of, run
from bedrock_gov.audit.config_service import CUSTOM_RULES

CONTROLS = (
    "config-recorder-recording",
    "config-delivery-channel-healthy",
    "config-rules-deployed",
    "config-rules-compliant",
)


def test_healthy_config_passes() -> None:
    findings = run(healthy())
    for control in CONTROLS:
        assert {f.status for f in of(findings, control)} == {"PASS"}, control
    deployed = {f.resource_id for f in of(findings, "config-rules-deployed") if f.account_id == MEMBER}
    assert deployed == {*CUSTOM_RULES, "CLOUD_TRAIL_ENABLED"}


def _only_failure(control: str, snapshot: dict[str, object]) -> tuple[str, str, str, str]:
    findings = run(snapshot)  # type: ignore[arg-type]
    bad = [f for f in of(findings, control) if f.status != "PASS"]
    assert len(bad) == 1, bad
    for other in CONTROLS:
        if other != control:
            assert {f.status for f in of(findings, other)} <= {"PASS"}, other
    return bad[0].status, bad[0].account_id, bad[0].region, bad[0].resource_id


def test_a_stopped_recorder_fails() -> None:
    snapshot = healthy()
    member_region(snapshot)["config"]["recorders"][0]["recording"] = False
    assert _only_failure("config-recorder-recording", snapshot) == ("FAIL", MEMBER, REGION, "default")


def test_a_recorder_missing_the_rules_types_fails() -> None:
    snapshot = healthy()
    recorder = member_region(snapshot)["config"]["recorders"][0]
    recorder.update(all_supported=False, resource_types=["AWS::Lambda::Function"])
    findings = of(run(snapshot), "config-recorder-recording")
    [failed] = [f for f in findings if f.status == "FAIL"]
    assert "AWS::Bedrock::Guardrail" in failed.message


def test_a_failed_delivery_fails() -> None:
    snapshot = healthy()
    member_region(snapshot)["config"]["delivery_channels"][0]["last_status"] = "FAILURE"
    assert _only_failure("config-delivery-channel-healthy", snapshot) == ("FAIL", MEMBER, REGION, "default")


def test_a_missing_rule_fails_by_name() -> None:
    snapshot = healthy()
    rules = member_region(snapshot)["config"]["rules"]
    rules[:] = [rule for rule in rules if rule["name"] != "bedrock-agent-vpc-required"]
    assert _only_failure("config-rules-deployed", snapshot) == ("FAIL", MEMBER, REGION, "bedrock-agent-vpc-required")


def test_the_managed_cloudtrail_rule_is_found_by_identifier() -> None:
    snapshot = healthy()
    rules = member_region(snapshot)["config"]["rules"]
    rules[:] = [rule for rule in rules if rule["source_owner"] != "AWS"]
    assert _only_failure("config-rules-deployed", snapshot) == ("FAIL", MEMBER, REGION, "CLOUD_TRAIL_ENABLED")


@pytest.mark.parametrize(
    ("compliance", "status"), [("NON_COMPLIANT", "FAIL"), ("INSUFFICIENT_DATA", "UNKNOWN"), (None, "UNKNOWN")]
)
def test_rule_compliance(compliance: str | None, status: str) -> None:
    snapshot = healthy()
    member_region(snapshot)["config"]["rules"][0]["compliance"] = compliance
    assert _only_failure("config-rules-compliant", snapshot) == (status, MEMBER, REGION, CUSTOM_RULES[0])


def test_compliance_not_collected_is_unknown_with_the_reason() -> None:
    snapshot = healthy()
    member_region(snapshot)["config"]["compliance"] = {"status": "not_available", "reason": "the emulator cannot say"}
    findings = [f for f in of(run(snapshot), "config-rules-compliant") if f.account_id == MEMBER]
    assert {f.status for f in findings} == {"UNKNOWN"}
    assert {f.reason for f in findings} == {
        "Config rule compliance was not collected (not_available): the emulator cannot say"
    }


def test_config_not_collected_makes_every_config_control_unknown() -> None:
    snapshot = healthy()
    member_region(snapshot)["config"]["collection"] = {"status": "throttled", "reason": "DescribeConfigRules"}
    findings = run(snapshot)
    for control in CONTROLS:
        member = [f for f in of(findings, control) if f.account_id == MEMBER]
        assert [(f.status, f.reason) for f in member] == [
            ("UNKNOWN", "AWS Config was not collected (throttled): DescribeConfigRules")
        ]
