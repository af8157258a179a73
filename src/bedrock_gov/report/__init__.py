"""Renderers of findings: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools."""

from bedrock_gov.report.asff import audit_asff
from bedrock_gov.report.junit import audit_junit
from bedrock_gov.report.lint_report import lint_json, lint_text
from bedrock_gov.report.ocsf import audit_ocsf
from bedrock_gov.report.sarif import audit_sarif, lint_sarif

__all__ = ["audit_asff", "audit_junit", "audit_ocsf", "audit_sarif", "lint_json", "lint_sarif", "lint_text"]
