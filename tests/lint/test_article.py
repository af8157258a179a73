"""The article's three SCPs: the linter reports its CRIS gap, the missing bedrock-mantle deny, the
open bedrock-mantle inference route and the Converse no-op, each with a fix; text, JSON and SARIF
agree."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bedrock_gov.cli import app
from bedrock_gov.lint import rule_infos

ARTICLE_OU = Path(__file__).resolve().parents[2] / "src/bedrock_gov/examples/article/ai-workloads-ou"
runner = CliRunner()


def _json_findings(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["lint", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_article_findings() -> None:
    code, findings = _json_findings(str(ARTICLE_OU))
    assert code == 1
    found = {(f["rule"], Path(str(f["source"])).stem, f["pointer"], f["severity"]) for f in findings}
    assert found == {
        ("mantle-bearer-token-not-denied", "DenyBedrockAPIKeys", "/Statement/1", "error"),
        ("notresource-breaks-cris", "EnforceApprovedBedrockModels", "/Statement/0", "error"),
        ("converse-not-an-action", "EnforceApprovedBedrockModels", "/Statement/0/Action/2", "warning"),
        ("converse-not-an-action", "EnforceApprovedBedrockModels", "/Statement/0/Action/3", "warning"),
        ("deny-all-bedrock-on-models", "DenyUnapprovedModelFamilies", "/Statement/0", "warning"),
        ("mantle-inference-ungoverned", "DenyUnapprovedModelFamilies", "/Statement/0", "error"),
        ("mantle-inference-ungoverned", "EnforceApprovedBedrockModels", "/Statement/0", "error"),
    }
    by_rule = {str(f["rule"]): f for f in findings}
    assert "bedrock-mantle:CallWithBearerToken" in str(by_rule["mantle-bearer-token-not-denied"]["fix"])
    assert "inference-profile/" in str(by_rule["notresource-breaks-cris"]["fix"])
    assert "amazon, anthropic through the apac, au, ca, eu, global, jp, us profile(s)" in str(
        by_rule["notresource-breaks-cris"]["message"]
    )
    assert "bedrock:InvokeModel" in str(by_rule["converse-not-an-action"]["message"])
    mantle_fix = str(by_rule["mantle-inference-ungoverned"]["fix"])
    assert '"Action": "bedrock-mantle:CreateInference"' in mantle_fix
    assert '"StringNotLike": {"bedrock-mantle:Model": ["amazon.*", "anthropic.*"]}' in mantle_fix
    assert all(f["fix"] and int(str(f["line"])) >= 1 for f in findings)


def test_article_text_output_points_at_lines() -> None:
    result = runner.invoke(app, ["lint", str(ARTICLE_OU / "EnforceApprovedBedrockModels.json")])
    assert result.exit_code == 1
    assert "EnforceApprovedBedrockModels.json:10:9: warning [converse-not-an-action]" in result.output
    assert "fix: Remove 'bedrock:Converse'." in result.output
    assert "1 file(s) linted: 2 error(s), 2 warning(s), 0 note(s)" in result.output


def test_article_sarif() -> None:
    result = runner.invoke(app, ["lint", str(ARTICLE_OU), "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in rule_infos()]
    assert len(run["results"]) == 7
    for sarif_result in run["results"]:
        assert rules[sarif_result["ruleIndex"]]["id"] == sarif_result["ruleId"]
        assert sarif_result["level"] in ("error", "warning", "note")
        location = sarif_result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith(".json")
        assert location["region"]["startLine"] >= 1
        assert "Fix:" in sarif_result["message"]["text"]


def test_article_with_legacy_limits_still_fits() -> None:
    code, findings = _json_findings(str(ARTICLE_OU), "--limits", "legacy")
    assert code == 1
    assert not any(f["rule"] in ("scp-too-large", "too-many-attachments") for f in findings)
