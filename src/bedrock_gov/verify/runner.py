"""Running the selected tests one after another, each followed by the cleanup of what it created,
on success, on error and on Ctrl-C alike. A Ctrl-C during a cleanup is held until it ends."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

from bedrock_gov.collect.aws_calls import error_code
from bedrock_gov.verify import alert_test, api_key_test, config_test, scp_test
from bedrock_gov.verify.cleanup import Ledger
from bedrock_gov.verify.context import RunContext
from bedrock_gov.verify.outcome import Status, Steps, TestResult, Verdict
from bedrock_gov.verify.plan import TestPlan


@dataclass(frozen=True)
class VerifyTest:
    run: Callable[[RunContext, Ledger, Steps], Verdict]
    plan: Callable[[RunContext], TestPlan]


TESTS: dict[str, VerifyTest] = {
    "scp": VerifyTest(scp_test.run_test, scp_test.plan),
    "api-keys": VerifyTest(api_key_test.run_test, api_key_test.plan),
    "config": VerifyTest(config_test.run_test, config_test.plan),
    "alerts": VerifyTest(alert_test.run_test, alert_test.plan),
}
"""Test name (as `--tests` spells it) -> the test and its plan, in the order they run."""


@contextmanager
def sigint_held() -> Iterator[list[int]]:
    """Hold SIGINT for the block (main thread only); the yielded list records signals received."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield received
    finally:
        signal.signal(signal.SIGINT, previous)


def _describe(error: BaseException) -> str:
    code = error_code(error)
    return f"{type(error).__name__} {code}" if code else f"{type(error).__name__}: {error}"


def run_one(run: RunContext, name: str) -> tuple[TestResult, bool]:
    """Run one test and clean up after it; (result, whether Ctrl-C was pressed)."""
    ledger = Ledger(run.clients, run.run_id, run.alert_topic_arn, [])
    steps = Steps()
    interrupted = False
    try:
        verdict = TESTS[name].run(run, ledger, steps)
    except KeyboardInterrupt:
        interrupted = True
        verdict = Verdict(Status.UNDECIDED, "interrupted (Ctrl-C); cleaned up")
    except Exception as error:
        verdict = Verdict(Status.UNDECIDED, f"could not finish: {_describe(error)}")
    finally:
        with sigint_held() as received:
            cleanup = tuple(ledger.cleanup())
        interrupted = interrupted or bool(received)
    if ledger.entries:
        left = ", ".join(f"{resource.kind} {resource.name}" for resource in ledger.entries)
        evidence = (*verdict.evidence, f"left behind: {left}; run `bedrock-gov verify --sweep`")
        status = Status.UNDECIDED if verdict.status is Status.PASS else verdict.status
        verdict = Verdict(status, verdict.summary, evidence)
    return TestResult(name, verdict, tuple(steps.done), cleanup), interrupted


def run_tests(run: RunContext, names: list[str], on_result: Callable[[TestResult], None]) -> list[TestResult]:
    """Run `names` in order; stop after the test during which Ctrl-C was pressed."""
    results: list[TestResult] = []
    for name in names:
        result, interrupted = run_one(run, name)
        results.append(result)
        on_result(result)
        if interrupted:
            break
    return results
