"""The prover: one SCP hierarchy, its encoding, its evaluator, and how a check becomes a query.

Every query is over requests a member-account principal can make: keys AWS always puts in the
request context (`aws:PrincipalArn`, `aws:SecureTransport`, ...) are present with values of
their documented shape; any other key the policies test is free (present or absent, any value),
because a principal controls its tags, its source IP and the like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import z3

from bedrock_gov.catalog.actions import canonical_name
from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.policy.evaluator import Evaluator
from bedrock_gov.policy.model import Level
from bedrock_gov.policy.request import Decision, Request
from bedrock_gov.prove.calls import ACCOUNT, CallBuilder, SymCall
from bedrock_gov.prove.encode import Encoder, key_shape
from bedrock_gov.prove.outcomes import Check, Status
from bedrock_gov.prove.patterns import ANY_CHAR, literal_any_case
from bedrock_gov.prove.solve import DEFAULT_TIMEOUT_MS, DIRECT_TIMEOUT_MS, Query, run
from bedrock_gov.prove.symbolize import SymKey, SymRequest, condition_keys, multi_valued_keys, slot_count


def _digits(low: str = "0", high: str = "9") -> z3.ReRef:
    return z3.Range(low, high)


def _words(*options: str) -> z3.ReRef:
    return z3.Union(*(literal_any_case(option) if option in ("true", "false") else z3.Re(option) for option in options))


ALWAYS_PRESENT: dict[str, z3.ReRef] = {
    "aws:principalarn": z3.Concat(
        z3.Union(z3.Re("arn:aws:iam::"), z3.Re("arn:aws:sts::")), ACCOUNT, z3.Re(":"), z3.Plus(ANY_CHAR)
    ),
    "aws:principalaccount": ACCOUNT,
    "aws:principaltype": _words("User", "AssumedRole", "FederatedUser", "Account"),
    "aws:userid": z3.Plus(ANY_CHAR),
    "aws:securetransport": _words("true", "false"),
    "aws:viaawsservice": _words("true", "false"),
    "aws:principalisawsservice": z3.Re("false"),
    "aws:currenttime": z3.Concat(
        z3.Re("20"),
        _digits("2", "9"),
        _digits(),
        z3.Re("-"),
        z3.Union(z3.Concat(z3.Re("0"), _digits("1", "9")), z3.Concat(z3.Re("1"), _digits("0", "2"))),
        z3.Re("-"),
        z3.Union(
            z3.Concat(_digits("0", "1"), _digits("1", "9")),
            z3.Re("20"),
            z3.Re("10"),
            z3.Concat(z3.Re("2"), _digits("1", "8")),
        ),
        z3.Re("T"),
        _digits("0", "1"),
        _digits(),
        z3.Re(":"),
        _digits("0", "5"),
        _digits(),
        z3.Re(":"),
        _digits("0", "5"),
        _digits(),
        z3.Re("Z"),
    ),
    "aws:epochtime": z3.Concat(z3.Re("1"), z3.Loop(_digits(), 9, 9)),
}
"""Keys AWS includes in every request context (IAM guide: "AWS global condition context keys",
"Availability: this key is always included"), with the values an IAM principal's request has
(SCPs never apply to AWS service principals)."""

EXAMPLE_PRINCIPAL = z3.Concat(
    z3.Re(f"arn:aws:iam::{EXAMPLE_ACCOUNT}:role/"),
    z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("A", "Z"), z3.Range("0", "9"), z3.Re("-"), z3.Re("_"))),
)
"""What a counterexample's principal preferably looks like: a role in the example account."""

Want = Literal["allowed", "denied"]


@dataclass
class Prover:
    """Answers checks about one hierarchy (levels root first)."""

    levels: Sequence[Level]
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    direct_ms: int = DIRECT_TIMEOUT_MS
    """How long z3 tries each query as it is before its abstraction is tried (0: abstraction only)."""
    encoder: Encoder = field(init=False)
    evaluator: Evaluator = field(init=False)

    def __post_init__(self) -> None:
        self.encoder = Encoder(self.levels)
        self.evaluator = Evaluator(self.levels)
        tests = condition_keys(self.levels)
        multi = multi_valued_keys(self.levels)
        self.slots: dict[str, int] = {}
        self.caveats: list[str] = []
        for key in sorted(tests):
            size, truncated = slot_count(key, tests, multi)
            self.slots[key] = size
            if truncated:
                self.caveats.append(f"multi-valued key {key} bounded to {size} values")
        self._counter = 0

    def builder(self, actions: tuple[str, ...], keys: tuple[str, ...] = ()) -> CallBuilder:
        """A call builder; `keys` are context keys to show in counterexamples even if no policy tests them."""
        self._counter += 1
        slots = {**{key: 1 for key in keys}, **self.slots}
        return CallBuilder(slots, actions, f"q{self._counter}")

    def realistic(self, keys: dict[str, SymKey]) -> list[z3.BoolRef]:
        """Keys AWS always sends are present and well-formed."""
        out: list[z3.BoolRef] = []
        for key, regex in ALWAYS_PRESENT.items():
            sym = keys.get(key)
            if sym is not None:
                out += [sym.present(), key_shape(sym, regex)]
        return out

    @staticmethod
    def _recognisable(keys: dict[str, SymKey]) -> list[list[z3.BoolRef]]:
        principal = keys.get("aws:principalarn")
        return [[z3.InRe(principal.slots[0], EXAMPLE_PRINCIPAL)]] if principal is not None else []

    def confirm(self, want: Want, requests: tuple[Request, ...]) -> tuple[bool, tuple[Decision, ...]]:
        """Does the evaluator see what the solver claims: all legs allowed, or some leg denied?"""
        decisions = tuple(self.evaluator.evaluate(request) for request in requests)
        allowed = all(decision.allowed for decision in decisions)
        return allowed == (want == "allowed"), decisions

    def check(
        self,
        name: str,
        call: SymCall,
        want: Want,
        found: tuple[Status, str],
        none: tuple[Status, str],
        extra: Sequence[z3.BoolRef] = (),
    ) -> Check:
        """Is there a call of this shape the hierarchy `want`s (all legs allowed / some leg denied)?

        "Some leg denied" is asked leg by leg: z3 answers a disjunction over legs far slower than
        each disjunct on its own (seconds against milliseconds for a four-leg call). A leg z3 gives
        up on does not stop the others: any confirmed leg answers the check.
        """
        if want == "allowed":
            self.encoder.opaque.clear()
            goals = [z3.And(*(self.encoder.allowed(leg) for leg in call.legs))]
            opaque = [dict(self.encoder.opaque)]
        else:
            goals, opaque = [], []
            for leg in call.legs:
                self.encoder.opaque.clear()
                goals.append(z3.Not(self.encoder.allowed(leg)))
                opaque.append(dict(self.encoder.opaque))
        shared = call.legs[0].context if call.legs else {}
        seconds = 0.0
        answers: list[Check] = []
        for goal, constructs in zip(goals, opaque, strict=True):
            query = Query(
                name=name,
                legs=tuple(call.legs),
                goal=[*call.shape, *self.realistic(shared), *extra, goal],
                confirm=lambda requests: self.confirm(want, requests),
                found=found,
                none=none,
                preferences=[*call.preferences, *self._recognisable(shared)],
                opaque=constructs,
                caveats=self.caveats,
            )
            answer = run(query, spelling(call.legs), self.timeout_ms, self.direct_ms)
            seconds += answer.seconds
            if answer.status not in (none[0], Status.UNKNOWN):
                return replace(answer, seconds=seconds)
            answers.append(answer)
        # A leg the solver gave up on leaves the check open, unless another leg settled it above.
        unknown = [answer for answer in answers if answer.status is Status.UNKNOWN]
        return replace((unknown or answers)[-1], seconds=seconds)


def spelling(legs: Sequence[SymRequest]) -> dict[str, str]:
    """Lower-cased action -> AWS's spelling, for every action the legs range over."""
    names = {action for leg in legs for action in leg.actions}
    return {name: canonical_name(name) or name for name in names}
