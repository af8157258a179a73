"""Lint findings as text or JSON (SARIF is in `report.sarif`, the one SARIF writer)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from bedrock_gov.lint.model import Finding
from bedrock_gov.policy import Severity


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
