"""Confirm: requests the solver found, replayed through the evaluator before any answer is given.

The evaluator and the prover are two independent readings of the same semantics. A solver's
request is shown only if the evaluator decides it as the solver claims; otherwise the answer is
UNKNOWN (the encoding approximated something) or ERROR (one of the two has a bug).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from bedrock_gov.policy.evaluator import Evaluator
from bedrock_gov.policy.request import Decision, Request

Want = Literal["allowed", "denied"]


class Replay(NamedTuple):
    """Whether the evaluator agrees with the solver, and its decisions on the requests."""

    confirmed: bool
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class LegsDecided:
    """The claim of a check on one hierarchy: every leg of the call allowed, or some leg denied."""

    evaluator: Evaluator
    want: Want

    def replay(self, requests: tuple[Request, ...]) -> Replay:
        decisions = tuple(self.evaluator.evaluate(request) for request in requests)
        allowed = all(decision.allowed for decision in decisions)
        return Replay(allowed == (self.want == "allowed"), decisions)


@dataclass(frozen=True)
class AllowedOnlyBy:
    """The claim of a diff: one request `grants` allows and `denies` denies (decisions in that order)."""

    grants: Evaluator
    denies: Evaluator

    def replay(self, requests: tuple[Request, ...]) -> Replay:
        granted = self.grants.evaluate(requests[0])
        denied = self.denies.evaluate(requests[0])
        return Replay(granted.allowed and not denied.allowed, (granted, denied))


Claim = LegsDecided | AllowedOnlyBy
"""What the solver's requests show, for the evaluator to confirm."""
