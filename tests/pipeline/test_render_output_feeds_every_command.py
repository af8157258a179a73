"""render's output directory is an SCP set every command reads as it is (the manifest is skipped).

Regression: `evaluate` and `prove` once read render's `manifest.json` as an SCP and exited 3
("unknown element 'version'"), because two readers of SCP sets existed and only lint's skipped it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_gov.catalog.iam import FULL_AWS_ACCESS, FULL_AWS_ACCESS_DOCUMENT
from bedrock_gov.cli import app
from bedrock_gov.cli.exits import OK
from bedrock_gov.policy_files import RENDER_MANIFEST, load_levels, policy_paths

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "governance.yaml"
DEEPSEEK = "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0"
CLAUDE = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"
runner = CliRunner()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "scps"
    result = runner.invoke(app, ["render", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == OK, result.output
    assert (out / RENDER_MANIFEST).is_file()
    return out


@pytest.fixture(scope="module")
def hierarchy(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Root with FullAWSAccess, then the OU holding render's output plus FullAWSAccess, as AWS attaches them."""
    root = tmp_path_factory.mktemp("root")
    for level in (root, rendered):
        (level / f"{FULL_AWS_ACCESS}.json").write_text(FULL_AWS_ACCESS_DOCUMENT)
    return ["--level", str(root), "--level", str(rendered)]


def test_the_reader_skips_the_manifest(rendered: Path, hierarchy: list[str]) -> None:
    assert RENDER_MANIFEST not in [path.name for path in policy_paths(rendered)]
    loaded = load_levels([rendered])
    assert not loaded.errors
    assert sorted(policy.name for policy in loaded.levels[0].policies) == ["BedrockGovernance", FULL_AWS_ACCESS]


def test_evaluate_reads_render_output(hierarchy: list[str], tmp_path: Path) -> None:
    requests = tmp_path / "requests.jsonl"
    requests.write_text(
        "\n".join(json.dumps({"action": "bedrock:InvokeModel", "resource": arn}) for arn in (DEEPSEEK, CLAUDE)) + "\n"
    )
    result = runner.invoke(app, ["evaluate", *hierarchy, "--requests", str(requests)])
    assert result.exit_code == OK, result.output
    decisions = [json.loads(line)["decision"] for line in result.stdout.splitlines()]
    assert decisions == ["denied", "allowed"]


def test_lint_reads_render_output(rendered: Path) -> None:
    result = runner.invoke(app, ["lint", str(rendered), "--format", "json"])
    assert result.exit_code == OK, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_prove_reads_render_output(hierarchy: list[str]) -> None:
    result = runner.invoke(app, ["prove", *hierarchy, "--intent", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == OK, result.output
    assert {item["status"] for item in json.loads(result.stdout)["properties"]} == {"PROVED"}
