"""What the prover answers: per property a status, per check the counterexample that shows it,
and the named outcomes the stages hand each other (a solver's satisfiability, a check's verdicts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from bedrock_gov.policy.request import Decision, Request


class Status(StrEnum):
    PROVED = "PROVED"
    VIOLATED = "VIOLATED"
    UNKNOWN = "UNKNOWN"
    ERROR = "ERROR"
    """The prover and the evaluator disagree on a counterexample: a bug in one of them."""


_SEVERITY = {Status.PROVED: 0, Status.UNKNOWN: 1, Status.VIOLATED: 2, Status.ERROR: 3}


def worst(statuses: list[Status]) -> Status:
    """The status of a whole made of parts: any error, else any violation, else any unknown."""
    return max(statuses, key=_SEVERITY.__getitem__, default=Status.PROVED)


@dataclass(frozen=True)
class Wording:
    """The words a result's statuses are shown with, for the property and for each check."""

    property: Mapping[Status, str]
    check: Mapping[Status, str]


PROPERTY_WORDS = Wording({status: status.value for status in Status}, {status: status.value for status in Status})
DIFF_WORDS = Wording(
    {Status.PROVED: "EQUIVALENT", Status.VIOLATED: "DIFFERENT", Status.UNKNOWN: "UNKNOWN", Status.ERROR: "ERROR"},
    {Status.PROVED: "NONE", Status.VIOLATED: "FOUND", Status.UNKNOWN: "UNKNOWN", Status.ERROR: "ERROR"},
)
"""A diff that finds a difference has found what it looked for; nothing is violated."""


class Verdict(NamedTuple):
    """What a check answers in one case (a request found, or none exists): a status and why."""

    status: Status
    detail: str


class Satisfiability(StrEnum):
    """z3's answer to a query, or to its abstraction."""

    SAT = "sat"
    UNSAT = "unsat"
    UNKNOWN = "unknown"


def request_json(request: Request) -> dict[str, object]:
    out: dict[str, object] = {"action": request.action, "resource": request.resource}
    if request.context:
        out["context"] = {
            key: values[0] if len(values) == 1 else list(values) for key, values in request.context.items()
        }
    return out


@dataclass(frozen=True)
class ProofCheck:
    """One question put to the solver, e.g. "deepseek via the us profile", and its answer.

    `requests` is the counterexample (or, for "sometimes allowed", the witness): one request per
    leg AWS authorizes for the call; `decisions` are the evaluator's verdicts on them (one per leg;
    for a diff, the allowing set's then the denying set's verdict on the one request).
    """

    name: str
    status: Status
    detail: str
    requests: tuple[Request, ...] = ()
    decisions: tuple[Decision, ...] = ()
    seconds: float = 0.0

    def to_json(self, wording: Wording = PROPERTY_WORDS) -> dict[str, object]:
        out: dict[str, object] = {"check": self.name, "status": wording.check[self.status], "detail": self.detail}
        if self.requests:
            out["requests"] = [request_json(request) for request in self.requests]
            out["evaluator"] = [decision.to_json() for decision in self.decisions]
        out["seconds"] = round(self.seconds, 4)
        return out


@dataclass
class PropertyResult:
    """One property (P1..P5 or a custom one) and the checks it consists of."""

    id: str
    title: str
    checks: list[ProofCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    wording: Wording = PROPERTY_WORDS

    @property
    def status(self) -> Status:
        """UNKNOWN when nothing was checked: a property with no question asked is not proved."""
        if not self.checks:
            return Status.UNKNOWN
        return worst([check.status for check in self.checks])

    @property
    def seconds(self) -> float:
        return sum(check.seconds for check in self.checks)

    def to_json(self) -> dict[str, object]:
        return {
            "property": self.id,
            "title": self.title,
            "status": self.wording.property[self.status],
            "seconds": round(self.seconds, 4),
            "notes": self.notes,
            "checks": [check.to_json(self.wording) for check in self.checks],
        }
