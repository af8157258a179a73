"""`bedrock-gov lint`: bad input is reported in place, the rest is still linted; exit codes; docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from bedrock_gov.cli import app
from bedrock_gov.lint import rule_infos
from bedrock_gov.lint.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_OU = ROOT / "src/bedrock_gov/examples/article/ai-workloads-ou"
CLEAN = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}'
runner = CliRunner()


def _lint(*args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["lint", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_clean_policy_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(CLEAN)
    code, report = _lint(str(tmp_path / "ok.json"))
    assert code == 0 and report["findings"] == [] and report["files_linted"] == 1


def test_invalid_file_is_reported_and_the_others_still_linted(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe"}]}')
    (tmp_path / "syntax.json").write_text("{nope")
    code, report = _lint(str(tmp_path / "broken.json"), str(tmp_path / "syntax.json"), str(ARTICLE_OU))
    assert code == 2
    findings = report["findings"]
    assert isinstance(findings, list)
    invalid = [f for f in findings if f["rule"] == "invalid-policy"]
    assert {Path(f["source"]).name for f in invalid} == {"broken.json", "syntax.json"}
    assert any("[bad-effect]" in f["message"] for f in invalid)
    assert any("[json-syntax]" in f["message"] for f in invalid)
    assert any(f["rule"] == "notresource-breaks-cris" for f in findings)
    assert report["files_linted"] == 4


def test_nothing_lintable_exits_three(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, report = _lint(str(tmp_path / "missing.json"), str(empty))
    assert code == 3
    messages = sorted(f["message"] for f in report["findings"])  # type: ignore[union-attr]
    assert messages == ["no such file or directory", "the directory holds no *.json policy"]


def test_not_utf8_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "ok.json").write_text(CLEAN)
    code, report = _lint(str(tmp_path / "bad.json"), str(tmp_path / "ok.json"))
    assert code == 2
    assert [f["rule"] for f in report["findings"]] == ["unreadable-file"]  # type: ignore[union-attr]


def test_unknown_limit_set(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", str(ARTICLE_OU), "--limits", "huge"])
    assert result.exit_code == 3 and "unknown SCP limit set" in result.output


def test_every_rule_is_documented_with_its_severity() -> None:
    text = (ROOT / "docs/lint-rules.md").read_text()
    for rule in rule_infos():
        row = re.search(rf"^\| `{re.escape(rule.id)}` \| ([^|]+) \|", text, re.MULTILINE)
        assert row is not None, rule.id
        assert row.group(1).strip().startswith(rule.severity.value), rule.id
        assert f"### `{rule.id}`" in text, rule.id


def test_rule_metadata_is_complete_and_ids_are_kebab_case() -> None:
    for rule in rule_infos():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id)
        assert rule.title and rule.rationale and rule.fix
    assert len(all_rules()) == len(rule_infos()) - 2
