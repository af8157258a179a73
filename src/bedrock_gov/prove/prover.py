"""The orchestrator: one SCP hierarchy, and each check taken through the stages in order.

A query (P1-P4, a custom property, a diff) symbolizes a call with `Prover.builder`, then asks
`Prover.check`. The check encodes the hierarchy over the call's legs with a `CheckEncoding` of
its own, and `settle` takes each resulting question through solve -> decode -> confirm to a
`ProofCheck`. Every stage gets what it needs as data and returns its outcome; none calls back here.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import z3

from bedrock_gov.policy.evaluator import Evaluator
from bedrock_gov.policy.model import Level
from bedrock_gov.prove.calls import CallBuilder, SymCall
from bedrock_gov.prove.confirm import Claim, LegsDecided, Want
from bedrock_gov.prove.context_keys import KeySlots, always_present, prefer_example_principal
from bedrock_gov.prove.decode import decode
from bedrock_gov.prove.encode import CheckEncoding, Encoder
from bedrock_gov.prove.outcomes import ProofCheck, Satisfiability, Status, Verdict
from bedrock_gov.prove.solve import DEFAULT_TIMEOUT_MS, DIRECT_TIMEOUT_MS, Query, solve


@dataclass(frozen=True)
class Question:
    """One query to settle, with what its answer means."""

    name: str
    query: Query
    claim: Claim
    """What a solution shows, for the evaluator to confirm."""
    found: Verdict
    """The answer when a request is found (and the evaluator confirms it)."""
    none: Verdict
    """The answer when no request exists."""
    approximated: Mapping[str, str] = field(default_factory=dict)
    """Constructs the encoding approximated for this query: description -> where."""
    caveats: Sequence[str] = ()
    """Bounds that make "no request exists" less than a proof."""


def settle(question: Question, timeout_ms: int = DEFAULT_TIMEOUT_MS, direct_ms: int = DIRECT_TIMEOUT_MS) -> ProofCheck:
    """Solve the question's query, decode the requests, confirm them with the evaluator."""
    started = time.perf_counter()
    name = question.name
    solved = solve(question.query, timeout_ms, direct_ms)
    if solved.answer is Satisfiability.UNSAT:
        status, detail = question.none
        if question.caveats:
            status, detail = Status.UNKNOWN, f"{detail}, but only within these bounds: {'; '.join(question.caveats)}"
        return ProofCheck(name, status, detail, seconds=time.perf_counter() - started)
    if solved.model is None:
        detail = f"the solver gave up ({solved.reason}; timeout {timeout_ms} ms)"
        return ProofCheck(name, Status.UNKNOWN, detail, seconds=time.perf_counter() - started)
    if not solved.faithful:
        detail = "internal error: the solution of the abstracted query does not satisfy the query"
        return ProofCheck(name, Status.ERROR, detail, seconds=time.perf_counter() - started)
    requests = decode(solved.model, question.query.legs)
    replay = question.claim.replay(requests)
    seconds = time.perf_counter() - started
    if replay.confirmed:
        status, detail = question.found
        return ProofCheck(name, status, detail, requests, replay.decisions, seconds)
    if question.approximated:
        constructs = "; ".join(f"{construct} in {where}" for construct, where in question.approximated.items())
        detail = f"the solver's request depends on constructs it does not encode: {constructs}"
        return ProofCheck(name, Status.UNKNOWN, detail, requests, replay.decisions, seconds)
    detail = "internal error: the evaluator does not confirm the prover's counterexample"
    return ProofCheck(name, Status.ERROR, detail, requests, replay.decisions, seconds)


@dataclass(frozen=True)
class Goal:
    """The property a check searches for, over one or all legs, and what encoding it approximated."""

    formula: z3.BoolRef
    approximated: Mapping[str, str]


@dataclass
class Prover:
    """Answers checks about one hierarchy (levels root first)."""

    levels: Sequence[Level]
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    direct_ms: int = DIRECT_TIMEOUT_MS
    """How long z3 tries each query as it is before its abstraction is tried (0: abstraction only)."""
    encoder: Encoder = field(init=False)
    evaluator: Evaluator = field(init=False)
    keys: KeySlots = field(init=False)

    def __post_init__(self) -> None:
        self.encoder = Encoder(self.levels)
        self.evaluator = Evaluator(self.levels)
        self.keys = KeySlots.of(self.levels)
        self._calls = 0

    def builder(self, actions: tuple[str, ...], keys: tuple[str, ...] = ()) -> CallBuilder:
        """A call builder; `keys` are context keys to show in counterexamples even if no policy tests them."""
        self._calls += 1
        slots = {**{key: 1 for key in keys}, **self.keys.slots}
        return CallBuilder(slots, actions, f"q{self._calls}")

    def _goals(self, call: SymCall, want: Want) -> list[Goal]:
        """ "All legs allowed" is one goal; "some leg denied" one per leg: z3 answers a disjunction
        over legs far slower than each disjunct on its own (seconds against milliseconds for a
        four-leg call)."""
        encoding = CheckEncoding()
        if want == "allowed":
            return [Goal(z3.And(*(self.encoder.allowed(leg, encoding) for leg in call.legs)), encoding.approximated)]
        goals = []
        for leg in call.legs:
            leg_encoding = encoding.next_goal()
            goals.append(Goal(z3.Not(self.encoder.allowed(leg, leg_encoding)), leg_encoding.approximated))
        return goals

    def check(
        self, name: str, call: SymCall, want: Want, found: Verdict, none: Verdict, extra: Sequence[z3.BoolRef] = ()
    ) -> ProofCheck:
        """Is there a call of this shape the hierarchy `want`s (all legs allowed / some leg denied)?

        A leg z3 gives up on does not stop the others: any confirmed leg answers the check."""
        shared = call.legs[0].context if call.legs else {}
        seconds = 0.0
        answers: list[ProofCheck] = []
        for goal in self._goals(call, want):
            query = Query(
                legs=tuple(call.legs),
                goal=[*call.shape, *always_present(shared), *extra, goal.formula],
                preferences=[*call.preferences, *prefer_example_principal(shared)],
            )
            question = Question(
                name, query, LegsDecided(self.evaluator, want), found, none, goal.approximated, self.keys.caveats
            )
            answer = settle(question, self.timeout_ms, self.direct_ms)
            seconds += answer.seconds
            if answer.status not in (none.status, Status.UNKNOWN):
                return replace(answer, seconds=seconds)
            answers.append(answer)
        # A leg the solver gave up on leaves the check open, unless another leg settled it above.
        unknown = [answer for answer in answers if answer.status is Status.UNKNOWN]
        return replace((unknown or answers)[-1], seconds=seconds)
