"""`bedrock-gov prove` and `prove diff` end to end, through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_gov.cli import app, exits

runner = CliRunner()


def _levels(flag: str, base: Path) -> list[str]:
    return [item for name in ("root", "ai-workloads-ou", "account") for item in (flag, str(base / name))]


def test_article_json_is_violated_with_replayed_counterexamples(
    article_intent_path: Path, article_dir: Path, correct_dir: Path
) -> None:
    args = [
        "prove",
        *_levels("--level", article_dir),
        "--intent",
        str(article_intent_path),
        "--format",
        "json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == exits.FINDINGS, result.output
    payload = json.loads(result.stdout)
    statuses = {item["property"]: item["status"] for item in payload["properties"]}
    assert statuses == {"P1": "VIOLATED", "P2": "VIOLATED", "P3": "PROVED", "P4": "VIOLATED"}
    p2 = next(item for item in payload["properties"] if item["property"] == "P2")
    violated = [check for check in p2["checks"] if check["status"] == "VIOLATED"]
    assert violated[0]["evaluator"][0]["decision"] == "denied"
    assert "inference-profile/us.anthropic." in violated[0]["requests"][0]["resource"]


def test_correct_fixture_exits_zero_in_text(article_intent_path: Path, article_dir: Path, correct_dir: Path) -> None:
    args = ["prove", *_levels("--level", correct_dir), "--intent", str(article_intent_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == exits.OK, result.output
    assert "P4 PROVED" in result.stdout and "VIOLATED" not in result.stdout


def test_diff_lists_new_and_removed_access(article_dir: Path, correct_dir: Path) -> None:
    args = [
        "prove",
        "diff",
        *_levels("--before", article_dir),
        *_levels("--after", correct_dir),
        "--format",
        "json",
        "--limit",
        "40",  # one request per action: enough for every action render closes
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == exits.FINDINGS, result.output
    checks = json.loads(result.stdout)["properties"][0]["checks"]
    new = [check for check in checks if check["check"] == "new access" and check["status"] == "FOUND"]
    removed = [check for check in checks if check["check"] == "removed access" and check["status"] == "FOUND"]
    # render's set opens the profile legs of approved models ...
    assert any(
        check["requests"][0]["action"].startswith("bedrock:InvokeModel")
        and "inference-profile/" in check["requests"][0]["resource"]
        for check in new
    )
    # ... and closes bedrock-mantle bearer tokens (the removed direction is listed to the end).
    assert [check for check in checks if check["check"] == "removed access"][-1]["status"] == "NONE"
    assert any(check["requests"][0]["action"] == "bedrock-mantle:CallWithBearerToken" for check in removed)
    for check in new + removed:
        granted, denied = check["evaluator"]
        assert granted["decision"] == "allowed" and denied["decision"] == "denied"


def test_diff_of_a_set_with_itself_is_empty(article_dir: Path, correct_dir: Path) -> None:
    args = ["prove", "diff", *_levels("--before", correct_dir), *_levels("--after", correct_dir)]
    result = runner.invoke(app, args)
    assert result.exit_code == exits.OK, result.output


def test_custom_properties(tmp_path: Path, article_dir: Path) -> None:
    spec = tmp_path / "props.yaml"
    spec.write_text(
        """
properties:
  - name: no deepseek directly
    expect: always_denied
    actions: ["bedrock:InvokeModel*"]
    resource: "arn:aws:bedrock:*::foundation-model/deepseek.*"
  - name: claude through the us profile works
    expect: sometimes_allowed
    actions: ["bedrock:InvokeModel"]
    resource: "arn:aws:bedrock:us-east-1:*:inference-profile/us.anthropic.*"
  - name: mantle keys refused
    expect: always_denied
    actions: ["bedrock-mantle:CallWithBearerToken"]
    resource: "*"
""",
        encoding="utf-8",
    )
    args = ["prove", *_levels("--level", article_dir), "--properties", str(spec), "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == exits.FINDINGS, result.output
    statuses = {item["property"]: item["status"] for item in json.loads(result.stdout)["properties"]}
    assert statuses["no deepseek directly"] == "PROVED"
    assert statuses["claude through the us profile works"] == "VIOLATED"
    assert statuses["mantle keys refused"] == "VIOLATED"


def test_bad_property_file_cannot_run(tmp_path: Path, article_dir: Path) -> None:
    spec = tmp_path / "props.yaml"
    spec.write_text("properties:\n  - expect: maybe\n    actions: [x]\n", encoding="utf-8")
    result = runner.invoke(app, ["prove", *_levels("--level", article_dir), "--properties", str(spec)])
    assert result.exit_code == exits.CANNOT_RUN


def test_missing_level_cannot_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["prove", "--level", str(tmp_path / "nope")])
    assert result.exit_code == exits.CANNOT_RUN


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- x\n".encode("utf-16"), "UTF-16"),
        (bytes(range(256)), "binary"),
        (("- " * 3000 + "x\n").encode(), "nests too deeply"),
    ],
)
def test_unreadable_properties_files_exit_3_with_a_message(tmp_path: Path, content: bytes, message: str) -> None:
    properties = tmp_path / "properties.yaml"
    properties.write_bytes(content)
    article = Path(__file__).resolve().parents[2] / "src/bedrock_gov/examples/article/root"
    result = runner.invoke(app, ["prove", "--level", str(article), "--properties", str(properties)])
    assert result.exit_code == exits.CANNOT_RUN
    assert message in result.stderr
