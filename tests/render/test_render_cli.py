"""`bedrock-gov render`, `schema`, and the intent errors users see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_gov.catalog.limits import CURRENT, LEGACY, ScpLimits
from bedrock_gov.cli import app
from bedrock_gov.intent.loader import IntentError, intent_json_schema, parse_intent
from bedrock_gov.lint import lint, lint_inputs
from bedrock_gov.policy_files import read_groups

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples/governance.yaml"
runner = CliRunner()


def test_render_writes_documents_and_manifest_with_the_same_bytes_each_time(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = runner.invoke(app, ["render", str(EXAMPLE), "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in first.iterdir()) == ["BedrockGovernance.json", "manifest.json"]
    for name in ("BedrockGovernance.json", "manifest.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    manifest = json.loads((first / "manifest.json").read_text())
    document = manifest["documents"][0]
    assert document["size"] == len((first / "BedrockGovernance.json").read_text())
    assert [s["sid"] for s in document["statements"]] == [
        "DenyBedrockApiKeyCreation",
        "DenyBedrockApiKeyUse",
        "DenyUnapprovedModels",
        "DenyUnapprovedMantleModels",
    ]
    assert manifest["targets"]["ou-ai-workloads"]["attach"] == ["BedrockGovernance"]
    assert "1,649 characters" in result.output


@pytest.mark.parametrize("limits", [CURRENT, LEGACY])
def test_rendered_article_intent_lints_clean(tmp_path: Path, limits: ScpLimits) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["render", str(EXAMPLE), "--out", str(out), "--limits", limits.name]).exit_code == 0
    loaded = lint_inputs(read_groups([out]))
    assert loaded.files == 1 and not loaded.problems
    assert lint(loaded.levels, limits) == []
    result = runner.invoke(app, ["lint", str(out), "--limits", limits.name])
    assert result.exit_code == 0 and "no findings" in result.output


@pytest.mark.parametrize(
    "raw",
    [
        {"models": {"blocked_families": ["deepseek", "cohere"]}, "api_keys": {"mode": "deny_long_term"}},
        {
            "models": {"approved_families": ["meta", "mistral"]},
            "api_keys": {"mode": "max_age", "max_age_days": 30},
            "cross_region": {
                "allowed_profiles": ["eu", "global"],
                "application_inference_profiles": {"mode": "allow_tagged", "tag_key": "team", "tag_value": "ml"},
                "custom_models": {"mode": "allow"},
            },
        },
        {"api_keys": {"mode": "allow"}, "cross_region": {"allowed_profiles": []}},
    ],
)
def test_other_rendered_intents_lint_clean(tmp_path: Path, raw: dict[str, object]) -> None:
    (tmp_path / "g.yaml").write_text(json.dumps(raw))
    assert runner.invoke(app, ["render", str(tmp_path / "g.yaml"), "--out", str(tmp_path / "out")]).exit_code == 0
    result = runner.invoke(app, ["lint", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_render_removes_stale_documents(tmp_path: Path) -> None:
    (tmp_path / "BedrockGovernance2.json").write_text("{}")
    (tmp_path / "mine.json").write_text("{}")
    assert runner.invoke(app, ["render", str(EXAMPLE), "--out", str(tmp_path)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["BedrockGovernance.json", "manifest.json", "mine.json"]


def test_render_that_cannot_fit_fails_and_writes_nothing(tmp_path: Path) -> None:
    raw = {"targets": ["ou-x"], "limits": "legacy", "existing_scps": {"ou-x": [{"name": f"E{i}"} for i in range(4)]}}
    (tmp_path / "g.yaml").write_text(json.dumps(raw))
    result = runner.invoke(app, ["render", str(tmp_path / "g.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "cannot fit" in result.output and "1 SCP(s) over" in result.output
    assert not (tmp_path / "out").exists()


def test_bad_intent_names_the_field_and_allowed_values(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text('models:\n  approved_families: ["anthropic.*"]\nextra: 1\n')
    result = runner.invoke(app, ["render", str(tmp_path / "g.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "models.approved_families.0" in result.output and "anthropic" in result.output
    assert "extra" in result.output


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"cross_region": {"prompt_routers": {"mode": "allow_tagged"}}}, "cross_region.prompt_routers.mode"),
        ({"existing_scps": {"ou-a": []}}, "not in targets: ou-a"),
        ({"cross_region": {"allowed_profiles": ["mars"]}}, "allowed: apac, au, ca, eu, global, jp, us"),
    ],
)
def test_intent_errors(raw: dict[str, object], message: str) -> None:
    with pytest.raises(IntentError, match=message):
        parse_intent(raw)


def test_schema_command_and_committed_schema_match() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.output == intent_json_schema()
    assert (ROOT / "schemas/governance.schema.json").read_text() == intent_json_schema()
    schema = json.loads(result.output)
    assert "prompt_routers" in schema["$defs"]["CrossRegion"]["properties"]


def test_missing_intent_file_and_bad_limits_exit_three(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3 and "cannot read" in result.output
    result = runner.invoke(app, ["render", str(EXAMPLE), "--out", str(tmp_path / "out"), "--limits", "huge"])
    assert result.exit_code == 3 and "unknown SCP limit set 'huge'" in result.output
    assert not (tmp_path / "out").exists()


def test_schema_out_writes_the_file(tmp_path: Path) -> None:
    assert runner.invoke(app, ["schema", "--out", str(tmp_path / "s.json")]).exit_code == 0
    assert (tmp_path / "s.json").read_text() == intent_json_schema()
