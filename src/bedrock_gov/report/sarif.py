"""SARIF 2.1.0 through `sarif-pydantic`'s object model: the one SARIF writer, for lint findings
(one result per finding, at its file, line and column) and audit findings (one result per
account, Region, control and resource, at a logical location: there is no file to point at)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from sarif_pydantic import (
    ArtifactLocation,
    Location,
    LogicalLocation,
    Message,
    PhysicalLocation,
    Region,
    ReportingConfiguration,
    ReportingDescriptor,
    Result,
    Run,
    Sarif,
    Tool,
    ToolDriver,
)

from bedrock_gov import __version__
from bedrock_gov.audit.findings import SEVERITIES, Finding, Severity
from bedrock_gov.lint.model import Finding as LintFinding
from bedrock_gov.lint.model import RuleInfo
from bedrock_gov.policy import Severity as LintSeverity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES_DOC = "docs/lint-rules.md"
"""Where the rules are documented (the project has no published URL, so SARIF names the file)."""
_LINT_LEVEL = {LintSeverity.ERROR: "error", LintSeverity.WARNING: "warning", LintSeverity.NOTE: "note"}
_AUDIT_LEVEL: dict[Severity, str] = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "note",
    "informational": "note",
}
_SECURITY_SEVERITY: dict[Severity, str] = {
    "critical": "9.5",
    "high": "8.0",
    "medium": "5.5",
    "low": "3.0",
    "informational": "0.0",
}
"""GitHub code scanning ranks alerts by a rule's `security-severity` score (CVSS-like, 0-10)."""
_KIND = {"PASS": "pass", "FAIL": "fail", "UNKNOWN": "open"}
"""SARIF's `open`: the tool could not tell whether the result passes or fails."""
_BASELINE_STATE = {"NEW": "new", "UNCHANGED": "unchanged", "RESOLVED": "absent"}


def _log(rules: list[ReportingDescriptor], results: list[Result]) -> str:
    driver = ToolDriver(name="bedrock-gov", version=__version__, rules=rules)
    log = Sarif(schema_uri=SARIF_SCHEMA, version="2.1.0", runs=[Run(tool=Tool(driver=driver), results=results)])
    text: str = log.model_dump_json(by_alias=True, exclude_none=True, indent=2)
    return text + "\n"


def _lint_rule(rule: RuleInfo) -> ReportingDescriptor:
    return ReportingDescriptor(
        id=rule.id,
        name="".join(part.capitalize() for part in rule.id.split("-")),
        short_description=Message(text=rule.title),
        full_description=Message(text=rule.rationale),
        help=Message(text=f"Fix: {rule.fix}", markdown=f"**Fix:** {rule.fix}"),
        default_configuration=ReportingConfiguration(level=_LINT_LEVEL[rule.severity]),
        properties={"documentation": f"{RULES_DOC}#{rule.id}"},
    )


def _lint_result(finding: LintFinding, rule_index: int) -> Result:
    where = PhysicalLocation(
        artifact_location=ArtifactLocation(uri=PurePath(finding.source).as_posix()),
        region=Region(start_line=finding.position.line, start_column=finding.position.column),
    )
    return Result(
        rule_id=finding.rule,
        rule_index=rule_index,
        level=_LINT_LEVEL[finding.severity],
        message=Message(text=f"{finding.message}. Fix: {finding.fix}"),
        locations=[
            Location(
                physical_location=where,
                logical_locations=[LogicalLocation(name=finding.pointer or "/", kind="element")],
            )
        ],
        properties={"pointer": finding.pointer, "fix": finding.fix},
    )


def lint_sarif(findings: Sequence[LintFinding], rules: Sequence[RuleInfo]) -> str:
    """Lint findings as one SARIF run that describes every rule, fixes as text."""
    index = {rule.id: position for position, rule in enumerate(rules)}
    return _log([_lint_rule(rule) for rule in rules], [_lint_result(f, index[f.rule]) for f in findings])


def _worst_severity(findings: Sequence[Finding]) -> Severity:
    return min((finding.severity for finding in findings), key=SEVERITIES.index)


def _audit_rule(check_id: str, findings: Sequence[Finding]) -> ReportingDescriptor:
    severity = _worst_severity(findings)
    return ReportingDescriptor(
        id=check_id,
        short_description=Message(text=check_id),
        help=Message(text=f"Remediation: {findings[0].remediation}"),
        default_configuration=ReportingConfiguration(level=_AUDIT_LEVEL[severity]),
        properties={
            "severity": severity,
            "security-severity": _SECURITY_SEVERITY[severity],
        },
    )


def _audit_message(finding: Finding) -> str:
    parts = [finding.message]
    if finding.reason:
        parts.append(f"Could not tell: {finding.reason}")
    if finding.status != "PASS":
        parts.append(f"Remediation: {finding.remediation}")
    return " ".join(part if part.endswith(".") else f"{part}." for part in parts)


def _audit_result(finding: Finding, rule_index: int) -> Result:
    where = LogicalLocation(
        name=finding.resource_id,
        fully_qualified_name=finding.resource_arn or "/".join(finding.key[1:]),
        kind="resource",
    )
    properties = {name: value for name, value in finding.to_json().items() if value is not None}
    extra = {"baselineState": _BASELINE_STATE[finding.change]} if finding.change else {}
    return Result(
        rule_id=finding.check_id,
        rule_index=rule_index,
        kind=_KIND[finding.status],
        level=_AUDIT_LEVEL[finding.severity] if finding.status == "FAIL" else "none",
        message=Message(text=_audit_message(finding)),
        locations=[Location(logical_locations=[where])],
        partial_fingerprints={"bedrockGovFindingKey/v1": "/".join(finding.key)},
        properties=properties,
        **extra,
    )


def audit_sarif(findings: Sequence[Finding]) -> str:
    """Audit findings as one SARIF run: a rule per control, a result per finding (kind pass, fail
    or open for UNKNOWN; baselineState from `--baseline`), the finding's fields as properties."""
    by_check: dict[str, list[Finding]] = {}
    for finding in findings:
        by_check.setdefault(finding.check_id, []).append(finding)
    check_ids = sorted(by_check)
    index = {check_id: position for position, check_id in enumerate(check_ids)}
    rules = [_audit_rule(check_id, by_check[check_id]) for check_id in check_ids]
    return _log(rules, [_audit_result(finding, index[finding.check_id]) for finding in findings])
