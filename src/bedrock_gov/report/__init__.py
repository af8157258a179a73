"""Renderers of findings: lint as text, JSON and SARIF; the audit as SARIF, OCSF, ASFF, JUnit XML
and one HTML page (docs/audit-reports.md says which package writes each, and why)."""

from bedrock_gov.report.asff import audit_asff
from bedrock_gov.report.html_report import audit_html
from bedrock_gov.report.junit import audit_junit
from bedrock_gov.report.lint_report import lint_json, lint_text
from bedrock_gov.report.ocsf import audit_ocsf
from bedrock_gov.report.sarif import audit_sarif, lint_sarif

__all__ = [
    "audit_asff",
    "audit_html",
    "audit_junit",
    "audit_ocsf",
    "audit_sarif",
    "lint_json",
    "lint_sarif",
    "lint_text",
]
