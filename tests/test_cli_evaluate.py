"""The `bedrock-gov evaluate` contract: levels, JSON Lines in and out, error lines, exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from bedrock_gov.cli import app

ROOT = Path(__file__).parents[1]
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"
LEVELS = [
    "--level",
    str(ARTICLE / "root"),
    "--level",
    str(ARTICLE / "ai-workloads-ou"),
    "--level",
    str(ARTICLE / "account"),
]
MODEL = "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0"

runner = CliRunner()


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_bundled_example_decisions_in_order() -> None:
    result = runner.invoke(app, ["evaluate", *LEVELS, "--requests", str(ARTICLE / "requests.jsonl")])
    assert result.exit_code == 0, result.output
    records = _lines(result.stdout)
    decisions = {record["id"]: record["decision"] for record in records}
    assert [record["line"] for record in records] == list(range(1, len(records) + 1))
    assert decisions == {
        "direct-approved": "allowed",
        "direct-blocked": "denied",
        "cris-approved-profile-leg": "denied",
        "cris-approved-model-leg": "allowed",
        "api-key-create": "denied",
        "codecommit-credential": "allowed",
        "bearer-token-bedrock": "denied",
        "bearer-token-mantle": "allowed",
        "management-account": "allowed",
    }
    blocked = records[1]["statement"]
    assert blocked == {
        "policy": "DenyUnapprovedModelFamilies",
        "level": 1,
        "level_name": "ai-workloads-ou",
        "sid": "DenyUnapprovedModelFamilies",
        "statement_index": 0,
        "effect": "Deny",
    }


def test_bad_request_lines_get_error_lines_and_exit_2(tmp_path: Path) -> None:
    requests = tmp_path / "requests.jsonl"
    requests.write_text(
        "\n".join(
            [
                json.dumps({"action": "bedrock:InvokeModel", "resource": MODEL}),
                "{not json",
                json.dumps({"action": "bedrock:InvokeModel", "resources": MODEL}),
                json.dumps({"action": "bedrock:InvokeModel", "resource": MODEL, "context": {"k": 5}}),
                json.dumps(["a list"]),
                json.dumps({"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}),
            ]
        )
    )
    result = runner.invoke(app, ["evaluate", *LEVELS, "--requests", str(requests)])
    assert result.exit_code == 2
    records = _lines(result.stdout)
    assert [record["line"] for record in records] == [1, 2, 3, 4, 5, 6]
    assert records[0]["decision"] == "denied" and records[5]["decision"] == "allowed"
    assert "invalid JSON" in str(records[1]["error"])
    assert "resources" in str(records[2]["error"])
    assert "'k'" in str(records[3]["error"])
    assert "object" in str(records[4]["error"])


def test_single_request_from_flags_with_multi_valued_context() -> None:
    scp = ARTICLE / "ai-workloads-ou" / "DenyBedrockAPIKeys.json"
    common = ["evaluate", "--level", str(ARTICLE / "root"), "--level", str(scp)]
    result = runner.invoke(app, [*common, "--action", "bedrock:CallWithBearerToken"])
    assert result.exit_code == 0
    (record,) = _lines(result.stdout)
    assert record["decision"] == "denied" and record["reason"] == "explicit_deny"
    result = runner.invoke(
        app,
        [
            *common,
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::b/k",
            "--context",
            "aws:TagKeys=a",
            "--context",
            "aws:TagKeys=b",
        ],
    )
    (record,) = _lines(result.stdout)
    assert record["decision"] == "denied" and record["reason"] == "no_allow" and record["level"] == 1


def test_invalid_policy_is_reported_with_its_place_and_nothing_is_evaluated(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*"}]}')
    result = runner.invoke(app, ["evaluate", "--level", str(bad), "--action", "s3:GetObject"])
    assert result.exit_code == 3
    assert "missing-resource" in result.stderr and "/Statement/0" in result.stderr and "1:41" in result.stderr
    assert result.stdout == ""


def test_missing_level_and_empty_level_are_errors(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["evaluate", "--level", str(tmp_path / "nope"), "--level", str(tmp_path), "--action", "a:b"]
    )
    assert result.exit_code == 3
    assert "no such file" in result.stderr and "no *.json policy" in result.stderr


def test_legacy_limits_reject_a_policy_over_5120_characters(tmp_path: Path) -> None:
    statements = [{"Sid": f"S{index}", "Effect": "Allow", "Action": "*", "Resource": "*"} for index in range(120)]
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"Version": "2012-10-17", "Statement": statements}))
    args = ["evaluate", "--level", str(big), "--action", "s3:GetObject"]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, [*args, "--limits", "legacy"])
    assert result.exit_code == 3 and "scp-too-large" in result.stderr and "5,120" in result.stderr


def test_console_entry_point_runs_as_a_process() -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bedrock_gov",
            "evaluate",
            *LEVELS,
            "--action",
            "bedrock:InvokeModel",
            "--resource",
            MODEL,
        ],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["decision"] == "denied"


def test_integers_beyond_64_bits_keep_their_digits_as_a_process(tmp_path: Path) -> None:
    """The fast JSON codec reads such integers as floats; the line must not lose its digits."""
    big = 123456789012345678901234567890
    requests = tmp_path / "requests.jsonl"
    requests.write_text(json.dumps({"id": big, "action": "s3:GetObject", "resource": "*"}) + "\n")
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    completed = subprocess.run(
        [sys.executable, "-m", "bedrock_gov", "evaluate", *LEVELS, "--requests", str(requests)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["id"] == big
