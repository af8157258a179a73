"""docs/prove.md's example property file is the one this test runs, so the documentation cannot rot."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from bedrock_gov.cli import app, exits

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"


def _documented_example() -> str:
    text = (ROOT / "docs" / "prove.md").read_text(encoding="utf-8")
    section = text.split("## Custom properties", 1)[1]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match, "docs/prove.md lost its example property file"
    return match.group(1)


def test_the_documented_example_runs_as_documented(tmp_path: Path) -> None:
    properties = tmp_path / "props.yaml"
    properties.write_text(_documented_example(), encoding="utf-8")
    levels = [item for name in ("root", "ai-workloads-ou", "account") for item in ("--level", str(ARTICLE / name))]
    result = CliRunner().invoke(app, ["prove", *levels, "--properties", str(properties), "--format", "json"])
    assert result.exit_code == exits.FINDINGS, result.output
    statuses = {item["property"]: item["status"] for item in json.loads(result.stdout)["properties"]}
    # The article's SCPs deny DeepSeek, break the US profile (SCP 2) and leave bedrock-mantle keys open.
    assert statuses["no DeepSeek model directly, in any Region"] == "PROVED"
    assert statuses["Claude through the US profile works from us-east-1"] == "VIOLATED"
    assert statuses["bedrock-mantle API keys refused without a principal tag"] == "VIOLATED"


def test_the_documented_error_is_the_one_printed(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "prove.md").read_text(encoding="utf-8")
    documented = re.search(r"    (error: props\.yaml: .*)", text)
    assert documented
    properties = tmp_path / "props.yaml"
    properties.write_text("properties:\n  - name: x\n    expect: maybe\n    actions: [bedrock:InvokeModel]\n")
    result = CliRunner().invoke(app, ["prove", "--level", str(ARTICLE / "root"), "--properties", str(properties)])
    assert result.exit_code == exits.CANNOT_RUN
    assert documented.group(1).replace("props.yaml", str(properties)) in result.stderr
