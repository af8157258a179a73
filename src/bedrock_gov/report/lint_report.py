"""Lint findings as text, JSON, or SARIF 2.1.0 (one run, every rule described, fixes as text)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from bedrock_gov import __version__
from bedrock_gov.lint.model import Finding, RuleInfo
from bedrock_gov.policy import Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES_DOC = "docs/lint-rules.md"
"""Where the rules are documented (the project has no published URL, so SARIF names the file)."""
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    counts = Counter(finding.severity.value for finding in findings)
    return {severity.value: counts.get(severity.value, 0) for severity in Severity}


def lint_text(findings: Sequence[Finding], files_linted: int) -> str:
    lines: list[str] = []
    for finding in findings:
        where = f"{finding.source}:{finding.position.line}:{finding.position.column}"
        pointer = finding.pointer or "/"
        lines.append(f"{where}: {finding.severity.value} [{finding.rule}] {finding.message} (at {pointer})")
        lines.append(f"    fix: {finding.fix}")
    counts = summary(findings)
    totals = ", ".join(f"{count} {severity}(s)" for severity, count in counts.items())
    lines.append(
        f"{files_linted} file(s) linted: {totals}" if findings else f"{files_linted} file(s) linted: no findings"
    )
    return "\n".join(lines) + "\n"


def lint_json(findings: Sequence[Finding], files_linted: int) -> str:
    document = {
        "version": 1,
        "files_linted": files_linted,
        "summary": summary(findings),
        "findings": [finding.to_json() for finding in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _sarif_rule(rule: RuleInfo) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": f"Fix: {rule.fix}", "markdown": f"**Fix:** {rule.fix}"},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        "properties": {"documentation": f"{RULES_DOC}#{rule.id}"},
    }


def _artifact_uri(source: str) -> str:
    return PurePath(source).as_posix()


def lint_sarif(findings: Sequence[Finding], rules: Sequence[RuleInfo]) -> str:
    index = {rule.id: position for position, rule in enumerate(rules)}
    results = [
        {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _artifact_uri(finding.source)},
                        "region": {"startLine": finding.position.line, "startColumn": finding.position.column},
                    },
                    "logicalLocations": [{"name": finding.pointer or "/", "kind": "element"}],
                }
            ],
            "properties": {"pointer": finding.pointer, "fix": finding.fix},
        }
        for finding in findings
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "bedrock-gov",
                        "version": __version__,
                        "rules": [_sarif_rule(rule) for rule in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
