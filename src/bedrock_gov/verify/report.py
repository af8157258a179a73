"""verify's output: a line per test with its evidence and step times, JUnit XML, the exit status."""

from __future__ import annotations

import io
from collections.abc import Sequence

from junitparser import Error, Failure, JUnitXml, TestCase, TestSuite

from bedrock_gov.verify.outcome import Status, TestResult

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CANNOT_RUN = 3
EXIT_UNDECIDED = 4


def exit_status(results: Sequence[TestResult]) -> int:
    statuses = {result.status for result in results}
    if Status.FAIL in statuses:
        return EXIT_FAILED
    return EXIT_UNDECIDED if Status.UNDECIDED in statuses else EXIT_OK


def _details(result: TestResult) -> list[str]:
    lines = [f"    {line}" for line in result.verdict.evidence]
    lines += [
        f"    step {step.name}: {step.seconds:.2f} s" + (f" ({step.detail})" if step.detail else "")
        for step in result.steps
    ]
    lines += [f"    cleanup {line}" for line in result.cleanup]
    return lines


def render_text(results: Sequence[TestResult]) -> str:
    lines: list[str] = []
    for result in results:
        lines.append(f"{result.status:<9} {result.test:<8} {result.verdict.summary} ({result.seconds:.1f} s)")
        lines.extend(_details(result))
    return "\n".join(lines) + "\n"


def render_junit(results: Sequence[TestResult], run_id: str) -> str:
    """One testsuite, one testcase per test: FAIL a failure, UNDECIDED an error (the test did not finish)."""
    suite = TestSuite(f"bedrock-gov verify {run_id}")
    for result in results:
        case = TestCase(name=result.test, classname="bedrock-gov.verify", time=round(result.seconds, 3))
        text = "\n".join(line.strip() for line in _details(result))
        if result.status is Status.FAIL:
            failure = Failure(message=result.verdict.summary)
            failure.text = text
            case.result = [failure]
        elif result.status is Status.UNDECIDED:
            error = Error(message=result.verdict.summary)
            error.text = text
            case.result = [error]
        else:
            case.system_out = text
        suite.add_testcase(case)
    document = JUnitXml()
    document.add_testsuite(suite)
    buffer = io.BytesIO()
    document.write(buffer, pretty=True)
    return buffer.getvalue().decode("utf-8")
