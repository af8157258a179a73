"""JUnit XML: junitparser reads back what it wrote, suites per account, counts per status."""

from __future__ import annotations

from junitparser import Failure, JUnitXml, Skipped
from report_samples import GENERATED_AT, HOSTILE, UNKNOWN_REASON, sample_findings, status_counts

from bedrock_gov.report import audit_junit


def _parsed() -> JUnitXml:
    return JUnitXml.fromstring(audit_junit(sample_findings(), GENERATED_AT).encode("utf-8"))


def test_a_suite_per_account_and_a_case_per_finding() -> None:
    findings = sample_findings()
    document = _parsed()
    suites = {suite.name: suite for suite in document}
    assert sorted(suites) == [f"account {account}" for account in sorted({f.account_id for f in findings})]
    counts = status_counts(findings)
    assert (document.tests, document.failures, document.skipped, document.errors) == (
        len(findings),
        counts["FAIL"],
        counts["UNKNOWN"],
        0,
    )
    for suite in document:
        account = suite.name.removeprefix("account ")
        assert suite.tests == sum(1 for finding in findings if finding.account_id == account)
        assert suite.timestamp == GENERATED_AT.isoformat(timespec="seconds")


def test_unknown_is_skipped_with_its_reason_and_text_survives_escaping() -> None:
    cases = [case for suite in _parsed() for case in suite]
    skipped = [result for case in cases for result in case.result if isinstance(result, Skipped)]
    assert len(skipped) == 1 and UNKNOWN_REASON in skipped[0].message
    failures = [result for case in cases for result in case.result if isinstance(result, Failure)]
    hostile = next(failure for failure in failures if HOSTILE in failure.message)
    assert hostile.type == "high" and "remediation: Set guardrailConfiguration" in hostile.text
    assert any("change: RESOLVED" in (case.system_out or "") for case in cases)
    raw = audit_junit(sample_findings(), GENERATED_AT)
    assert "<script>" not in raw


def test_no_findings_is_an_empty_document() -> None:
    document = JUnitXml.fromstring(audit_junit([], GENERATED_AT).encode("utf-8"))
    assert document.tests == 0 and len(document) == 0
