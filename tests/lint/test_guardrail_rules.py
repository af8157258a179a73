"""Bedrock policies (BEDROCK_POLICY): lint recognizes them by shape and reports each unusable guardrail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_gov.cli import app

runner = CliRunner()
MANAGEMENT = "111122223333"
GOOD = f"arn:aws:bedrock:us-east-1:{MANAGEMENT}:guardrail/abc123def456:3"


def document(entries: dict[str, tuple[str, str]]) -> str:
    regions = {
        region: {"cfg": {"identifier": {"@@assign": identifier}, "input_tags": {"@@assign": tags}}}
        for region, (identifier, tags) in entries.items()
    }
    return json.dumps({"bedrock": {"guardrail_inference": regions}}, indent=2)


def lint_rules(tmp_path: Path, text: str, *options: str) -> tuple[int, list[str]]:
    target = tmp_path / "ou"
    target.mkdir()
    (target / "BedrockPolicy.json").write_text(text)
    result = runner.invoke(app, ["lint", str(target), "--format", "json", *options])
    return result.exit_code, [finding["rule"] for finding in json.loads(result.stdout)["findings"]]


def test_a_good_policy_is_clean(tmp_path: Path) -> None:
    assert lint_rules(tmp_path, document({"us-east-1": (GOOD, "honor")}), "--management-account", MANAGEMENT) == (0, [])


@pytest.mark.parametrize(
    ("identifier", "tags", "rule"),
    [
        (GOOD.replace(":3", ":DRAFT"), "honor", "guardrail-identifier-malformed"),
        (GOOD.removesuffix(":3"), "honor", "guardrail-identifier-malformed"),
        ("abc123def456", "honor", "guardrail-identifier-malformed"),
        (GOOD.replace("us-east-1", "eu-west-1"), "honor", "guardrail-region-mismatch"),
        (GOOD.replace(MANAGEMENT, "444455556666"), "honor", "guardrail-not-management-owned"),
        (GOOD, "respect", "guardrail-input-tags-invalid"),
    ],
)
def test_each_unusable_guardrail_is_an_error(tmp_path: Path, identifier: str, tags: str, rule: str) -> None:
    code, rules = lint_rules(tmp_path, document({"us-east-1": (identifier, tags)}), "--management-account", MANAGEMENT)
    assert (code, rules) == (1, [rule])


def test_without_the_management_account_mixed_owners_are_reported(tmp_path: Path) -> None:
    other = GOOD.replace("us-east-1", "eu-west-1").replace(MANAGEMENT, "444455556666")
    code, rules = lint_rules(tmp_path, document({"us-east-1": (GOOD, "honor"), "eu-west-1": (other, "honor")}))
    assert code == 1 and rules == ["guardrail-not-management-owned"] * 2


def test_a_wrong_shape_is_an_invalid_policy(tmp_path: Path) -> None:
    text = json.dumps(
        {"bedrock": {"guardrail_inference": {"us-east-1": {"cfg": {"input_tags": {"@@assign": "honor"}}}}}}
    )
    code, rules = lint_rules(tmp_path, text)
    assert code == 3 and rules == ["invalid-policy"]  # nothing else to lint


def test_bad_management_account_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", str(tmp_path), "--management-account", "12"])
    assert result.exit_code == 3
