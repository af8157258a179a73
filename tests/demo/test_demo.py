"""The demo end to end, in this process: every planted violation FAIL with its account and
resource, the untouched accounts PASS where the emulator can tell, its gaps UNKNOWN, the reports
written, and the command's exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_gov.audit.findings import Finding
from bedrock_gov.cli import app
from bedrock_gov.demo.run import DemoResult, run_demo
from bedrock_gov.demo.summary import detections, found_everything, summary_lines

EMULATOR_GAPS = (
    "bedrock-guardrails-configured",
    "bedrock-guardrail-prompt-attack-filter",
    "bedrock-no-long-term-api-keys",
    "config-rules-compliant",
)
"""Guardrails, API keys and Config evaluations: moto has no such API, so never PASS."""


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo-out"))


def test_each_planted_violation_fails_on_its_account_and_resource(result: DemoResult) -> None:
    found = {detection.drift.kind: detection for detection in detections(result)}
    assert set(found) >= {
        "recorder_stopped",
        "agent_lambda_outside_vpc",
        "invocation_logging_off",
        "agent_without_guardrail",
        "scp_edited_by_hand",
        "topic_without_events_policy",
    }
    for kind, detection in found.items():
        assert detection.status == "FAIL", kind
        failed = [finding for finding in detection.findings if finding.status == "FAIL"]
        assert all(finding.account_id == detection.drift.account_id for finding in failed)
    assert found_everything(result)


def test_the_hand_edited_scp_breaks_cross_region_inference_with_a_counterexample(result: DemoResult) -> None:
    drift = next(d for d in result.organization.drift if d.kind == "scp_edited_by_hand")
    proved = [f for f in result.findings if f.check_id.startswith("scp-prove/") and f.status == "FAIL"]
    assert {f.account_id for f in proved} == {drift.account_id}
    assert "inference-profile/" in proved[0].message and "counterexample" in proved[0].message
    other_governed = [
        f for f in result.findings if f.check_id.startswith("scp-prove/") and f.account_id != drift.account_id
    ]
    assert other_governed and all(f.status == "PASS" for f in other_governed)


def test_only_planted_drift_fails(result: DemoResult) -> None:
    planted = {id(f) for d in detections(result) for f in d.findings}
    unexpected: list[Finding] = [f for f in result.findings if f.status == "FAIL" and id(f) not in planted]
    assert unexpected == []


def test_untouched_accounts_pass_what_the_emulator_supports(result: DemoResult) -> None:
    drifted = {d.account_id for d in result.organization.drift}
    clean = [f for f in result.findings if f.account_id not in drifted]
    for control in ("config-recorder-recording", "bedrock-agent-vpc-required", "alert-target-dead-letter-queue"):
        verdicts = {f.status for f in clean if f.check_id == control}
        assert verdicts == {"PASS"}, control


def test_emulator_gaps_are_unknown_never_pass(result: DemoResult) -> None:
    for control in EMULATOR_GAPS:
        verdicts = {f.status for f in result.findings if f.check_id == control}
        assert verdicts == {"UNKNOWN"}, control
        assert all(f.reason for f in result.findings if f.check_id == control)


def test_the_config_rule_handler_flags_the_lambda_outside_the_vpc(result: DemoResult) -> None:
    drift = next(d for d in result.organization.drift if d.kind == "agent_lambda_outside_vpc")
    flagged = [v for v in result.rule_verdicts if v.compliance == "NON_COMPLIANT"]
    assert [(v.account_id, v.region, v.resource_id) for v in flagged] == [
        (drift.account_id, drift.region, drift.resource)
    ]


def test_reports_and_snapshot_are_written(result: DemoResult) -> None:
    assert set(result.reports) == {"html", "json", "sarif"}
    assert all(path.stat().st_size > 0 for path in result.reports.values())
    assert json.loads(result.reports["json"].read_text())["summary"]["total"] == len(result.findings)
    assert json.loads(result.reports["sarif"].read_text())["runs"]
    assert json.loads(result.snapshot_path.read_text())["accounts"]
    assert any(str(result.reports["html"]) in line for line in summary_lines(result))


def test_the_command_exits_0_when_it_finds_the_drift(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "out"), "--accounts", "3"])
    assert outcome.exit_code == 0, outcome.output
    assert "HTML report:" in outcome.output
    assert (tmp_path / "out" / "audit.html").is_file()
