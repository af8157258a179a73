"""Solve: one query to z3, and a model a person recognises when there is one.

A query asks for requests with some property (say "a blocked model, and every leg allowed").
z3 first gets the query as it is, briefly; if it has not answered, the query's abstraction (see
`skeleton` and `refine`) gets the rest of the time. Unsatisfiable: no such request exists.
Satisfiable: z3 is asked again with cumulative preferences (catalog model IDs, real Region names,
a 12-digit account, printable text), each kept only if still satisfiable, so the counterexample
is one a person recognises. Reading the requests out of the model is `decode`'s job.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import z3

from bedrock_gov.prove.decode import Valuation
from bedrock_gov.prove.outcomes import Satisfiability
from bedrock_gov.prove.patterns import PRINTABLE
from bedrock_gov.prove.refine import Assignment, Refiner, check_fresh
from bedrock_gov.prove.skeleton import Skeleton, skeleton
from bedrock_gov.prove.symbolize import SymRequest

DEFAULT_TIMEOUT_MS = 10_000
DIRECT_TIMEOUT_MS = 250
"""z3 gets this long on the query as it is before the abstracted query is tried (see `solve`)."""
PREFERENCE_TIMEOUT_MS = 300
"""Each preference gets this long; one that takes longer is skipped (it only makes text nicer)."""


@dataclass(frozen=True)
class Query:
    """One solver question: requests of these legs satisfying `goal` (the request shapes and the
    searched-for property), preferably satisfying each of `preferences` too."""

    legs: tuple[SymRequest, ...]
    goal: list[z3.BoolRef]
    preferences: list[list[z3.BoolRef]] = field(default_factory=list)


@dataclass(frozen=True)
class Solved:
    """What solving a query gave: with SAT a model (every variable valued), with UNKNOWN why not."""

    answer: Satisfiability
    model: Valuation | None = None
    reason: str = ""
    faithful: bool = True
    """False when the abstraction's solution does not satisfy the query itself (a bug)."""


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


def _direct(query: Query, formulas: list[z3.BoolRef], timeout_ms: int) -> Solved:
    """z3 on the query as it is: fastest on small hierarchies."""
    checked = check_fresh(formulas, timeout_ms)
    if checked.verdict is not Satisfiability.SAT:
        return Solved(checked.verdict, reason=checked.reason)
    solver = checked.solver
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
    return Solved(Satisfiability.SAT, model)


def _abstracted(query: Query, formulas: list[z3.BoolRef], deadline: float) -> Solved:
    """z3 on the query's propositional skeleton, strings decided apart (see `refine`)."""
    preferences = [z3.And(*preference) for preference in query.preferences]
    shape = skeleton(formulas, preferences)
    refiner = Refiner(shape)
    answer = refiner.solve([], deadline)
    if answer.solution is None:
        return Solved(answer.verdict, reason=answer.reason)
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
    model = Assignment(shape, solution, [term for leg in query.legs for term in leg.read()])
    return Solved(Satisfiability.SAT, model, faithful=model.satisfies(formulas))


def solve(query: Query, timeout_ms: int = DEFAULT_TIMEOUT_MS, direct_ms: int = DIRECT_TIMEOUT_MS) -> Solved:
    """Answer one query (see the module docstring): z3 on the query as it is for `direct_ms`
    (0: not at all), then on its abstraction for the rest of `timeout_ms`."""
    started = time.perf_counter()
    formulas = [*query.goal, *(leg.domain() for leg in query.legs)]
    solved = Solved(Satisfiability.UNKNOWN, reason="not tried")
    if direct_ms > 0:
        solved = _direct(query, formulas, min(timeout_ms, direct_ms))
    if solved.answer is Satisfiability.UNKNOWN and timeout_ms > direct_ms:
        solved = _abstracted(query, formulas, started + timeout_ms / 1000)
    return solved
