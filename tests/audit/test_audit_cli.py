"""`bedrock-gov audit` as a user runs it: formats, --out, --baseline, exit statuses, unreachable accounts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from audit.snapshots import MEMBER, ROOT, healthy, member_region, run
from bedrock_gov.cli import app, exits

INTENT = str(ROOT / "examples" / "governance.yaml")


def _write(tmp_path: Path, snapshot: dict[str, Any], name: str = "snapshot.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(snapshot), encoding="utf-8")
    return str(path)


def _audit(*args: str) -> Any:
    return CliRunner().invoke(app, ["audit", *args])


def test_json_report_and_exit_status(tmp_path: Path) -> None:
    result = _audit("--snapshot", _write(tmp_path, healthy()), "--intent", INTENT, "--format", "json")
    report = json.loads(result.stdout)
    statuses = {finding["status"] for finding in report["findings"]}
    assert statuses == {"PASS"}, [f for f in report["findings"] if f["status"] != "PASS"]
    assert result.exit_code == exits.OK
    assert report["summary"]["accounts"] == 2


def test_a_failure_exits_1_and_text_lists_it(tmp_path: Path) -> None:
    snapshot = healthy()
    member_region(snapshot)["config"]["recorders"][0]["recording"] = False
    result = _audit("--snapshot", _write(tmp_path, snapshot), "--intent", INTENT)
    assert result.exit_code == exits.FINDINGS
    assert "config-recorder-recording" in result.stdout and "recorder default is stopped" in result.stdout
    assert f"{MEMBER} us-east-1" in result.stdout


def test_out_writes_the_report_file(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = _audit("--snapshot", _write(tmp_path, healthy()), "--format", "json", "--out", str(out))
    assert result.stdout == ""
    assert json.loads((out / "audit.json").read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize(
    ("output_format", "file_name", "marker"),
    [
        ("ocsf", "audit.ocsf.json", '"class_uid"'),
        ("sarif", "audit.sarif", '"scp-prove/P2"'),
        ("junit", "audit.junit.xml", "<testsuite"),
        ("asff", "audit.asff.json", '"ProductArn"'),
        ("html", "audit.html", "alert-topic-policy"),
        ("text", "audit.txt", "config-recorder-recording"),
    ],
)
def test_every_format_writes_its_file(tmp_path: Path, output_format: str, file_name: str, marker: str) -> None:
    result = _audit(
        "--snapshot", _write(tmp_path, healthy()), "--intent", INTENT, "--format", output_format, "--out", str(tmp_path)
    )
    assert result.exit_code == exits.OK, result.stderr
    assert marker in (tmp_path / file_name).read_text(encoding="utf-8")


def test_an_account_whose_role_was_refused_is_unknown_and_exits_4(tmp_path: Path) -> None:
    SKIPPED = {"status": "skipped", "reason": "member role not assumed"}
    snapshot = healthy()
    snapshot["accounts"][1] = {
        "account_id": MEMBER,
        "collection": {"status": "access_denied", "reason": "sts:AssumeRole OrganizationAccountAccessRole denied"},
        "iam": {
            "collection": SKIPPED,
            "users": [],
            "bedrock_full_access": {"collection": SKIPPED, "users": [], "groups": [], "roles": []},
            "api_key_users": {"collection": SKIPPED, "principals": []},
        },
        "regions": [],
    }
    findings = run(snapshot)
    member = [f for f in findings if f.account_id == MEMBER and not f.check_id.startswith("scp-")]
    assert member and {f.status for f in member} == {"UNKNOWN"}
    assert all("sts:AssumeRole" in (f.reason or "") for f in member)
    assert {f.region for f in member} == {"us-east-1", "global"}, "each Region asked for is reported, not skipped"
    result = _audit("--snapshot", _write(tmp_path, snapshot), "--intent", INTENT, "--format", "json")
    assert result.exit_code == exits.UNDECIDED


def test_an_active_account_missing_from_the_snapshot_is_unknown() -> None:
    snapshot = healthy()
    snapshot["accounts"].pop()
    findings = run(snapshot)
    member = [f for f in findings if f.account_id == MEMBER and not f.check_id.startswith("scp-")]
    assert member and all(f.status == "UNKNOWN" and "not in the snapshot" in (f.reason or "") for f in member)


def test_baseline_marks_new_unchanged_and_resolved(tmp_path: Path) -> None:
    before = healthy()
    member_region(before)["config"]["recorders"][0]["recording"] = False
    baseline = tmp_path / "old.json"
    assert _audit("--snapshot", _write(tmp_path, before), "--format", "json", "--out", str(tmp_path)).exit_code == 1
    (tmp_path / "audit.json").rename(baseline)
    after = healthy()
    member_region(after)["config"]["delivery_channels"][0]["last_status"] = "FAILURE"
    result = _audit("--snapshot", _write(tmp_path, after), "--format", "json", "--baseline", str(baseline))
    changes = {(f["check_id"], f["change"]) for f in json.loads(result.stdout)["findings"] if f["change"]}
    assert ("config-recorder-recording", "RESOLVED") in changes
    assert ("config-delivery-channel-healthy", "NEW") in changes
    assert ("scp-prove", "UNCHANGED") in changes  # no intent either time: UNKNOWN both times


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "yaml"], "Invalid value for '--format'"),
        (["--baseline", "missing.json"], "cannot read"),
        (["--intent", "missing.yaml"], "cannot read"),
    ],
)
def test_what_cannot_run_exits_3(tmp_path: Path, args: list[str], message: str) -> None:
    result = _audit("--snapshot", _write(tmp_path, healthy()), *args)
    assert result.exit_code == exits.CANNOT_RUN
    assert message in result.stderr


def test_an_unreadable_snapshot_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "something else"}', encoding="utf-8")
    result = _audit("--snapshot", str(path))
    assert result.exit_code == exits.CANNOT_RUN
    assert "not a bedrock-gov snapshot" in result.stderr


def test_a_baseline_that_is_not_a_report_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text('{"findings": [{"check_id": "x"}]}', encoding="utf-8")
    result = _audit("--snapshot", _write(tmp_path, healthy()), "--baseline", str(bad))
    assert result.exit_code == exits.CANNOT_RUN and "findings[0]" in result.stderr
