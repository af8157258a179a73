"""SARIF: audit and lint logs read back into sarif-pydantic's SARIF 2.1.0 object model (types and
required properties as the specification defines them), plus the structure a code-scanning tool reads.

No installable package ships OASIS's JSON Schema for SARIF, and fetched copies are not committed here,
so the object model is the check (docs/audit-reports.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sarif_pydantic
from report_samples import HOSTILE, UNKNOWN_REASON, sample_findings, status_counts
from typer.testing import CliRunner

from bedrock_gov.cli import app
from bedrock_gov.report import audit_sarif

ARTICLE_OU = Path(__file__).resolve().parents[2] / "src/bedrock_gov/examples/article/ai-workloads-ou"


def _valid(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    sarif_pydantic.Sarif.model_validate(log)
    return log


def test_audit_sarif_is_valid_and_complete() -> None:
    findings = sample_findings()
    log = _valid(audit_sarif(findings))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == len(findings)
    assert sorted(rule["id"] for rule in rules) == sorted({finding.check_id for finding in findings})
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        if result["kind"] != "fail":
            assert result["level"] == "none"
    kinds = status_counts(findings)
    assert [r["kind"] for r in results].count("fail") == kinds["FAIL"]
    assert [r["kind"] for r in results].count("pass") == kinds["PASS"]
    assert [r["kind"] for r in results].count("open") == kinds["UNKNOWN"]


def test_audit_sarif_carries_reason_change_and_text_verbatim() -> None:
    results = _valid(audit_sarif(sample_findings()))["runs"][0]["results"]
    unknown = next(result for result in results if result["kind"] == "open")
    assert UNKNOWN_REASON in unknown["message"]["text"]
    assert unknown["properties"]["reason"] == UNKNOWN_REASON
    states = [result.get("baselineState") for result in results]
    assert states.count("new") == 2 and states.count("absent") == 1 and states.count("unchanged") == 1
    hostile = next(result for result in results if HOSTILE in result["message"]["text"])
    assert hostile["level"] == "error" and hostile["locations"][0]["logicalLocations"][0][
        "fullyQualifiedName"
    ].startswith("arn:aws:bedrock:")


def test_audit_sarif_of_nothing_is_an_empty_run() -> None:
    log = _valid(audit_sarif([]))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


def test_lint_sarif_is_valid() -> None:
    result = CliRunner().invoke(app, ["lint", str(ARTICLE_OU), "--format", "sarif"])
    log = _valid(result.stdout)
    assert len(log["runs"][0]["results"]) > 0
