"""What a live test found: PASS, FAIL or UNDECIDED, with the evidence and the time each step took."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    UNDECIDED = "UNDECIDED"
    """The test could not finish (timeout) or could not tell the cause of an answer."""


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    detail: str = ""


@dataclass
class Steps:
    """A test's steps, each timed; a step that raises is still recorded (with its error)."""

    done: list[Step] = field(default_factory=list)

    @contextmanager
    def timed(self, name: str) -> Iterator[list[str]]:
        """Time the block; it may append one detail line to the yielded list."""
        started = time.monotonic()
        detail: list[str] = []
        try:
            yield detail
        except BaseException as error:
            detail.append(f"raised {type(error).__name__}")
            raise
        finally:
            self.done.append(Step(name, time.monotonic() - started, "; ".join(detail)))


@dataclass(frozen=True)
class Verdict:
    """A test's answer: its status, one line saying why, and the evidence (codes, results, ids)."""

    status: Status
    summary: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class TestResult:
    test: str
    verdict: Verdict
    steps: tuple[Step, ...] = ()
    cleanup: tuple[str, ...] = ()

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


def worst(statuses: list[Status]) -> Status:
    """FAIL if any failed, else UNDECIDED if any could not finish, else PASS."""
    if Status.FAIL in statuses:
        return Status.FAIL
    return Status.UNDECIDED if Status.UNDECIDED in statuses else Status.PASS


def combine(checks: list[tuple[Status, str]], summaries: dict[Status, str]) -> Verdict:
    """One verdict from several checks (status, evidence line): the worst status and its summary."""
    status = worst([check_status for check_status, _ in checks])
    return Verdict(status, summaries[status], tuple(f"{check_status}: {line}" for check_status, line in checks))
