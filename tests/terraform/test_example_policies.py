"""The policies the examples deploy are exactly what `bedrock-gov render` writes for their intent,
and `bedrock-gov lint` finds nothing in them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hcl_model import EXAMPLES
from typer.testing import CliRunner

from bedrock_gov.cli import app

runner = CliRunner()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_committed_policies_are_a_fresh_render(example: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(example / "governance.yaml"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    committed = example / "policies"
    assert sorted(path.name for path in committed.iterdir()) == sorted(path.name for path in tmp_path.iterdir())
    for fresh in tmp_path.iterdir():
        assert (committed / fresh.name).read_bytes() == fresh.read_bytes(), f"re-render {example.name}: {fresh.name}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_lint_is_clean(example: Path) -> None:
    intent = yaml.safe_load((example / "governance.yaml").read_text())
    options = []
    if "guardrail_enforcement" in intent:
        options = ["--management-account", intent["guardrail_enforcement"]["management_account"]]
    result = runner.invoke(app, ["lint", str(example / "policies"), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_the_organization_example_enforces_a_guardrail() -> None:
    manifest = json.loads(
        (Path(__file__).parents[2] / "terraform/examples/organization/policies/manifest.json").read_text()
    )
    assert [policy["type"] for policy in manifest["bedrock_policies"]] == ["BEDROCK_POLICY"]
