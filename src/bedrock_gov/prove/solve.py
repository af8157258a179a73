"""Running one query: solve, make the model recognisable, replay it through the evaluator.

A query asks for requests with some property (say "a blocked model, and every leg allowed").
z3 first gets the query as it is, briefly; if it has not answered, the query's abstraction (see
`abstraction`) gets the rest of the time. Unsatisfiable: no such request exists. Satisfiable: z3 is asked again with cumulative
preferences (catalog model IDs, real Region names, a 12-digit account, printable text), each kept
only if still satisfiable, so the counterexample is one a person recognises. The requests are
then replayed through the evaluator; only if it agrees is the answer given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import z3

from bedrock_gov.policy.request import Decision, Request
from bedrock_gov.prove.outcomes import Check, Status
from bedrock_gov.prove.patterns import PRINTABLE
from bedrock_gov.prove.skeleton import Assignment, Refiner, Skeleton, skeleton
from bedrock_gov.prove.symbolize import SymRequest, Valuation, concrete_request

DEFAULT_TIMEOUT_MS = 10_000
DIRECT_TIMEOUT_MS = 250
"""z3 gets this long on the query as it is before the abstracted query is tried (see `run`)."""
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


def _printable(legs: tuple[SymRequest, ...], shape: Skeleton | None = None) -> list[z3.BoolRef]:
    """Printable text, for the strings z3 chooses itself (with a skeleton, texts found for
    isolated variables are printable when they can be; defined ones are made of others)."""
    strings: list[z3.SeqRef] = []
    for leg in legs:
        strings.append(leg.resource)
        for key in leg.context.values():
            strings.extend(key.slots)
    if shape is not None:
        strings = [string for string in strings if not shape.isolated(string) and not shape.defined(string)]
    unique = {string.get_id(): string for string in strings}
    return [z3.InRe(string, z3.Star(PRINTABLE)) for string in unique.values()]


def _opaque_text(opaque: Mapping[str, str]) -> str:
    return "; ".join(f"{construct} in {where}" for construct, where in opaque.items())


Outcome = Valuation | str
"""A satisfying valuation, or why there is none: "unsat", or the reason z3 gave up."""


def _direct(query: Query, formulas: list[z3.BoolRef], timeout_ms: int) -> Outcome:
    """z3 on the query as it is: fastest on small hierarchies."""
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*formulas)
    answer = solver.check()
    if answer != z3.sat:
        return "unsat" if answer == z3.unsat else solver.reason_unknown()
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
    valuation: Valuation = model
    return valuation


def _abstracted(query: Query, formulas: list[z3.BoolRef], deadline: float) -> Outcome:
    """z3 on the query's propositional skeleton, strings decided apart (see `abstraction`)."""
    preferences = [z3.And(*preference) for preference in query.preferences]
    shape = skeleton(formulas, preferences)
    refiner = Refiner(shape)
    answer = refiner.solve([], deadline)
    if answer.solution is None:
        return answer.verdict if answer.verdict == "unsat" else answer.reason
    solution = answer.solution
    accepted: list[z3.BoolRef] = []
    printable = z3.And(*_printable(query.legs, shape))
    for preference in [*(shape.abstract(preference) for preference in preferences), printable]:
        if solution.holds(preference):
            accepted.append(preference)
            continue
        better = refiner.solve([*accepted, preference], time.perf_counter() + PREFERENCE_TIMEOUT_MS / 1000)
        if better.solution is not None:
            accepted.append(preference)
            solution = better.solution
    return Assignment(shape, solution, [term for leg in query.legs for term in leg.read()])


def run(
    query: Query, spelling: Mapping[str, str], timeout_ms: int = DEFAULT_TIMEOUT_MS, direct_ms: int = DIRECT_TIMEOUT_MS
) -> Check:
    """Answer one query (see the module docstring): z3 on the query as it is for `direct_ms`
    (0: not at all), then on its abstraction for the rest of `timeout_ms`."""
    started = time.perf_counter()
    formulas = [*query.goal, *(leg.domain() for leg in query.legs)]
    outcome: Outcome = "not tried"
    if direct_ms > 0:
        outcome = _direct(query, formulas, min(timeout_ms, direct_ms))
    if isinstance(outcome, str) and outcome != "unsat" and timeout_ms > direct_ms:
        outcome = _abstracted(query, formulas, started + timeout_ms / 1000)
    if outcome == "unsat":
        status, detail = query.none
        if query.caveats:
            status, detail = Status.UNKNOWN, f"{detail}, but only within these bounds: {'; '.join(query.caveats)}"
        return Check(query.name, status, detail, seconds=time.perf_counter() - started)
    if isinstance(outcome, str):
        detail = f"the solver gave up ({outcome}; timeout {timeout_ms} ms)"
        return Check(query.name, Status.UNKNOWN, detail, seconds=time.perf_counter() - started)
    model = outcome
    if isinstance(model, Assignment) and not model.satisfies(formulas):
        detail = "internal error: the solution of the abstracted query does not satisfy the query"
        return Check(query.name, Status.ERROR, detail, seconds=time.perf_counter() - started)
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
