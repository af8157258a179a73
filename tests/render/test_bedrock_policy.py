"""render: `guardrail_enforcement` -> a Bedrock policy beside the SCPs, marked BEDROCK_POLICY in the
manifest, skipped by the SCP reader, and clean under lint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bedrock_gov.cli import app
from bedrock_gov.intent import Intent
from bedrock_gov.policy_files import load_levels, policy_paths

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
MANAGEMENT = "111122223333"
ENFORCEMENT = {
    "management_account": MANAGEMENT,
    "guardrails": {
        "us-east-1": f"arn:aws:bedrock:us-east-1:{MANAGEMENT}:guardrail/abc123:2",
        "eu-west-1": f"arn:aws:bedrock:eu-west-1:{MANAGEMENT}:guardrail/def456:1",
    },
    "input_tags": "ignore",
}


def intent_file(tmp_path: Path, enforcement: object) -> Path:
    intent = yaml.safe_load((ROOT / "examples/governance.yaml").read_text())
    intent["guardrail_enforcement"] = enforcement
    path = tmp_path / "governance.yaml"
    path.write_text(yaml.safe_dump(intent))
    return path


def test_render_writes_the_bedrock_policy_and_marks_it_in_the_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(intent_file(tmp_path, ENFORCEMENT)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    policy = json.loads((out / "BedrockPolicy.json").read_text())
    regions = policy["bedrock"]["guardrail_inference"]
    assert list(regions) == ["eu-west-1", "us-east-1"]
    assert regions["us-east-1"]["bedrock_gov"] == {
        "identifier": {"@@assign": ENFORCEMENT["guardrails"]["us-east-1"]},  # type: ignore[index]
        "input_tags": {"@@assign": "ignore"},
    }
    manifest = json.loads((out / "manifest.json").read_text())
    assert [entry["type"] for entry in manifest["documents"]] == ["SERVICE_CONTROL_POLICY"]
    [bedrock] = manifest["bedrock_policies"]
    assert (bedrock["type"], bedrock["file"], bedrock["attach"]) == (
        "BEDROCK_POLICY",
        "BedrockPolicy.json",
        ["ou-ai-workloads"],
    )
    assert "BedrockPolicy.json" not in [path.name for path in policy_paths(out)]
    assert not load_levels([out]).errors
    linted = runner.invoke(app, ["lint", str(out), "--management-account", MANAGEMENT, "--format", "json"])
    assert linted.exit_code == 0 and json.loads(linted.stdout)["findings"] == []


def test_rendering_without_enforcement_removes_a_stale_bedrock_policy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner.invoke(app, ["render", str(intent_file(tmp_path, ENFORCEMENT)), "--out", str(out)])
    result = runner.invoke(app, ["render", str(ROOT / "examples/governance.yaml"), "--out", str(out)])
    assert result.exit_code == 0
    assert not (out / "BedrockPolicy.json").exists()
    assert json.loads((out / "manifest.json").read_text())["bedrock_policies"] == []


@pytest.mark.parametrize(
    ("region", "identifier", "needle"),
    [
        (
            "us-east-1",
            f"arn:aws:bedrock:us-east-1:{MANAGEMENT}:guardrail/abc123:DRAFT",
            "not a numbered guardrail version",
        ),
        ("us-east-1", f"arn:aws:bedrock:us-west-2:{MANAGEMENT}:guardrail/abc123:1", "the guardrail is in us-west-2"),
        ("us-east-1", "arn:aws:bedrock:us-east-1:444455556666:guardrail/abc123:1", "not the management account"),
    ],
)
def test_the_intent_refuses_unusable_guardrails(region: str, identifier: str, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        Intent.model_validate(
            {"guardrail_enforcement": {"management_account": MANAGEMENT, "guardrails": {region: identifier}}}
        )
