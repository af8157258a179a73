"""JUnit XML through `junitparser`, for CI dashboards: one testsuite per account, one testcase per
finding (classname = the control), FAIL a failure, UNKNOWN skipped with the reason, PASS passed."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

from junitparser import Failure, JUnitXml, Skipped, TestCase, TestSuite

from bedrock_gov.audit.findings import Finding


def _details(finding: Finding) -> str:
    lines = [
        f"status: {finding.status}",
        f"severity: {finding.severity}",
        f"account: {finding.account_id}",
        f"region: {finding.region}",
        f"resource: {finding.resource_type} {finding.resource_arn or finding.resource_id}",
        f"message: {finding.message}",
        f"remediation: {finding.remediation}",
    ]
    if finding.reason:
        lines.append(f"reason: {finding.reason}")
    if finding.change:
        lines.append(f"change: {finding.change}")
    return "\n".join(lines)


def _testcase(finding: Finding) -> TestCase:
    case = TestCase(
        name=f"{finding.check_id} [{finding.region}] {finding.resource_id}", classname=finding.check_id, time=0
    )
    if finding.status == "FAIL":
        failure = Failure(message=finding.message, type_=finding.severity)
        failure.text = _details(finding)
        case.result = [failure]
    elif finding.status == "UNKNOWN":
        skipped = Skipped(message=f"could not tell: {finding.reason}")
        skipped.text = _details(finding)
        case.result = [skipped]
    else:
        case.system_out = _details(finding)
    return case


def audit_junit(findings: Sequence[Finding], generated_at: datetime | None = None) -> str:
    """Findings as JUnit XML (UTF-8, pretty-printed), suites in account order."""
    timestamp = (generated_at or datetime.now(UTC)).isoformat(timespec="seconds")
    by_account: dict[str, list[Finding]] = {}
    for finding in findings:
        by_account.setdefault(finding.account_id, []).append(finding)
    document = JUnitXml(name="bedrock-gov audit")
    for account_id in sorted(by_account):
        suite = TestSuite(name=f"account {account_id}")
        suite.timestamp = timestamp
        suite.add_property("account_id", account_id)
        suite.add_testcases([_testcase(finding) for finding in by_account[account_id]])
        document.add_testsuite(suite)
    document.update_statistics()  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    document.write(buffer, pretty=True)
    return buffer.getvalue().decode("utf-8")
