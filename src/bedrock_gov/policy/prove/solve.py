"""Running one query: solve, make the model recognisable, replay it through the evaluator.

A query asks z3 for requests with some property (say "a blocked model, and every leg allowed").
Unsatisfiable: no such request exists. Satisfiable: z3 is asked again with cumulative
preferences (catalog model IDs, real Region names, a 12-digit account, printable text), each kept
only if still satisfiable, so the counterexample is one a person recognises. The requests are
then replayed through the evaluator; only if it agrees is the answer given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import z3

from bedrock_gov.policy.prove.patterns import PRINTABLE
from bedrock_gov.policy.prove.result import Check, Status
from bedrock_gov.policy.prove.symbolic import SymRequest, concrete_request
from bedrock_gov.policy.request import Decision, Request

DEFAULT_TIMEOUT_MS = 10_000
PREFERENCE_TIMEOUT_MS = 300
"""Each preference gets this long; one that takes longer is skipped (it only makes text nicer)."""

Confirm = Callable[[tuple[Request, ...]], tuple[bool, tuple[Decision, ...]]]
"""Replays requests through the evaluator: do they really show what the solver claims?"""


@dataclass
class Query:
    """One solver question. `goal` holds the request shapes and the searched-for property."""

    name: str
    legs: tuple[SymRequest, ...]
    goal: list[z3.BoolRef]
    confirm: Confirm
    found: tuple[Status, str]
    """Status and explanation when a request is found (and the evaluator confirms it)."""
    none: tuple[Status, str]
    """Status and explanation when no request exists."""
    preferences: list[list[z3.BoolRef]] = field(default_factory=list)
    opaque: Mapping[str, str] = field(default_factory=dict)
    """Constructs the encoding approximated for this query: description -> where."""
    caveats: Sequence[str] = ()
    """Bounds that make "no request exists" less than a proof."""


def _printable(legs: tuple[SymRequest, ...]) -> list[z3.BoolRef]:
    strings: list[z3.SeqRef] = []
    for leg in legs:
        strings.append(leg.resource)
        for key in leg.context.values():
            strings.extend(key.slots)
    unique = {string.get_id(): string for string in strings}
    return [z3.InRe(string, z3.Star(PRINTABLE)) for string in unique.values()]


def _opaque_text(opaque: Mapping[str, str]) -> str:
    return "; ".join(f"{construct} in {where}" for construct, where in opaque.items())


def run(query: Query, spelling: Mapping[str, str], timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Check:
    """Answer one query (see the module docstring)."""
    started = time.perf_counter()
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*query.goal)
    for leg in query.legs:
        solver.add(leg.domain())
    answer = solver.check()
    if answer == z3.unknown:
        reason = solver.reason_unknown()
        detail = f"the solver gave up ({reason}; timeout {timeout_ms} ms)"
        return Check(query.name, Status.UNKNOWN, detail, seconds=time.perf_counter() - started)
    if answer == z3.unsat:
        status, detail = query.none
        if query.caveats:
            status, detail = Status.UNKNOWN, f"{detail}, but only within these bounds: {'; '.join(query.caveats)}"
        return Check(query.name, status, detail, seconds=time.perf_counter() - started)
    model = solver.model()
    solver.set("timeout", min(timeout_ms, PREFERENCE_TIMEOUT_MS))
    accepted: list[z3.BoolRef] = []
    for index, preference in enumerate([*query.preferences, _printable(query.legs)]):
        switch = z3.Bool(f"prefer|{index}")
        solver.add(z3.Implies(switch, z3.And(*preference)))
        if z3.is_true(model.eval(z3.And(*preference), model_completion=True)):
            accepted.append(switch)  # the model at hand already has it: no need to ask z3
        elif solver.check(*accepted, switch) == z3.sat:
            accepted.append(switch)
            model = solver.model()
    requests = tuple(concrete_request(model, leg, spelling) for leg in query.legs)
    confirmed, decisions = query.confirm(requests)
    seconds = time.perf_counter() - started
    if confirmed:
        status, detail = query.found
        return Check(query.name, status, detail, requests, decisions, seconds)
    if query.opaque:
        detail = f"the solver's request depends on constructs it does not encode: {_opaque_text(query.opaque)}"
        return Check(query.name, Status.UNKNOWN, detail, requests, decisions, seconds)
    detail = "internal error: the evaluator does not confirm the prover's counterexample"
    return Check(query.name, Status.ERROR, detail, requests, decisions, seconds)
