"""Refine: solve a query's skeleton, and make its solution real or learn why it is not.

A solution of the skeleton (see `skeleton`) is real only if, for every isolated variable, one
string passes exactly the tests the solution says it passes (decided by `regex`, or by z3 for
what `regex` does not read). When none does, a minimal conflicting set of those tests (say
"matches role/Admin3 and role/Admin7") becomes a clause the skeleton must respect from then on,
and it is solved again. The real solution, the strings found and the dropped definitions give
every variable of the query a value (`Assignment`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import z3

from bedrock_gov.prove import regex
from bedrock_gov.prove.outcomes import Satisfiability
from bedrock_gov.prove.patterns import PRINTABLE, from_model
from bedrock_gov.prove.skeleton import Skeleton, Test, variables

Signature = tuple[tuple[int, bool, bool], ...]
"""Tests by (subject id, is a regex, should hold): z3 shares equal terms, so equal ids are equal tests."""


@dataclass
class _Outcome:
    witness: str | None = None
    """A string passing exactly the wanted tests (printable when one is)."""
    core: tuple[int, ...] = ()
    """When there is none: positions of wanted tests that already conflict."""
    subjects: tuple[z3.ExprRef, ...] = ()
    """Keeps the subjects alive, so that their ids stay theirs while the outcome is cached."""


class _Realizer:
    """Decides, and remembers, whether some string passes exactly a given set of tests."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self.outcomes: dict[Signature, _Outcome] = {}
        self.variable = z3.String("realize|value")

    def __call__(self, wanted: list[tuple[Test, bool]], timeout_ms: int) -> _Outcome | None:
        """None when z3 cannot tell in time."""
        signature = tuple((test.subject.get_id(), test.is_regex, holds) for test, holds in wanted)
        known = self.outcomes.get(signature)
        if known is not None:
            return known
        outcome = self._decide(wanted, timeout_ms)
        if outcome is not None:
            if len(self.outcomes) >= self.LIMIT:
                self.outcomes.clear()
            self.outcomes[signature] = outcome
        return outcome

    def _decide(self, wanted: list[tuple[Test, bool]], timeout_ms: int) -> _Outcome | None:
        subjects = tuple(test.subject for test, _ in wanted)
        started = time.perf_counter()
        try:
            with regex.deadline.until(started + timeout_ms / 1000):
                return self._by_derivatives(wanted, subjects)
        except regex.Unsupported:
            left = timeout_ms - int((time.perf_counter() - started) * 1000)
            return self._by_z3(wanted, subjects, left) if left > 0 else None

    @staticmethod
    def _by_derivatives(wanted: list[tuple[Test, bool]], subjects: tuple[z3.ExprRef, ...]) -> _Outcome:
        terms = [
            (regex.from_z3(test.subject) if test.is_regex else regex.text(from_model(test.subject)), holds)
            for test, holds in wanted
        ]
        literals = [term if holds else regex.negate(term) for term, holds in terms]
        # Positive tests first, one more at a time: a conflict among them (two different role
        # names) shows in a small intersection, long before the whole one is explored.
        positive = [literal for literal, (_, holds) in zip(literals, terms, strict=True) if holds]
        for size in range(2, len(positive) + 1):
            if regex.member(regex.both(positive[:size])) is None:
                return _Outcome(core=_core(literals), subjects=subjects)
        witness = regex.member(regex.both(literals))
        if witness is not None:
            return _Outcome(witness=witness, subjects=subjects)
        return _Outcome(core=_core(literals), subjects=subjects)

    def _by_z3(
        self, wanted: list[tuple[Test, bool]], subjects: tuple[z3.ExprRef, ...], timeout_ms: int
    ) -> _Outcome | None:
        solver = z3.Solver()
        solver.set("timeout", max(1, timeout_ms))
        solver.set("core.minimize", True)
        switches = [z3.Bool(f"want|{index}") for index in range(len(wanted))]
        for switch, (test, holds) in zip(switches, wanted, strict=True):
            atom = test.on(self.variable)
            solver.add(z3.Implies(switch, atom if holds else z3.Not(atom)))
        printable = z3.InRe(self.variable, z3.Star(PRINTABLE))
        answer = solver.check(*switches, printable)
        if answer != z3.sat:
            answer = solver.check(*switches)
        if answer == z3.unsat:
            position = {switch.get_id(): index for index, switch in enumerate(switches)}
            core = tuple(sorted(position[switch.get_id()] for switch in solver.unsat_core()))
            return _Outcome(core=core, subjects=subjects)
        if answer != z3.sat:
            return None
        text = from_model(solver.model().eval(self.variable, model_completion=True))
        return _Outcome(witness=text, subjects=subjects)


def _core(literals: list[regex.Term]) -> tuple[int, ...]:
    """A minimal set of literals with no common string (all of them have none).

    Each member is found by bisection: the shortest prefix of the remaining candidates that,
    with the members found so far, has no string ends in a member (QuickXplain's progression)."""

    def empty(indices: list[int]) -> bool:
        return regex.member(regex.both(literals[index] for index in indices)) is None

    core: list[int] = []
    candidates = list(range(len(literals)))
    while not empty(core):
        low, high = 1, len(candidates)
        while low < high:
            middle = (low + high) // 2
            if empty(core + candidates[:middle]):
                high = middle
            else:
                low = middle + 1
        core.append(candidates[low - 1])
        candidates = candidates[: low - 1]
    return tuple(sorted(core))


realize = _Realizer()
"""One memo for every check: an answer depends only on the tests (not on the check asking), like
the lru_caches of `patterns` and `shapes`, and tests recur across checks (the same role patterns)."""


@dataclass
class Solution:
    """A real solution: the skeleton's model, and a text for each isolated variable."""

    model: z3.ModelRef
    texts: dict[int, tuple[z3.SeqRef, str]]
    failed: list[z3.BoolRef] = field(default_factory=list)
    """Tests the model says pass that the texts fail (the formulas hold either way)."""

    def holds(self, formula: z3.BoolRef) -> bool:
        """Whether the abstracted `formula` is true of this solution."""
        if self.failed:
            formula = z3.substitute(formula, *((flag, z3.BoolVal(False)) for flag in self.failed))
        return bool(z3.is_true(self.model.eval(formula, model_completion=True)))


@dataclass(frozen=True)
class Checked:
    """One check of a fresh solver: the verdict (with UNKNOWN, z3's reason), and the solver."""

    solver: z3.Solver
    verdict: Satisfiability
    reason: str = ""


def check_fresh(formulas: Sequence[z3.BoolRef], timeout_ms: int) -> Checked:
    solver = z3.Solver()
    solver.set("timeout", timeout_ms)
    solver.add(*formulas)
    answer = solver.check()
    if answer == z3.unsat:
        return Checked(solver, Satisfiability.UNSAT)
    if answer != z3.sat:
        return Checked(solver, Satisfiability.UNKNOWN, solver.reason_unknown())
    return Checked(solver, Satisfiability.SAT)


@dataclass
class Answer:
    verdict: Satisfiability
    solution: Solution | None = None
    """With SAT: the real solution."""
    reason: str = ""
    """With UNKNOWN: why there is no answer."""


class Refiner:
    """Solves a skeleton under assumptions, learning each string conflict as a clause it keeps."""

    def __init__(self, shape: Skeleton) -> None:
        self.shape = shape
        self.known = [shape.abstract(formula) for formula in shape.formulas] + shape.facts()

    def solve(self, assumptions: Sequence[z3.BoolRef], deadline: float) -> Answer:
        """Until the solution is real, there is none, or the deadline (perf_counter) passes."""
        while True:
            remaining = int((deadline - time.perf_counter()) * 1000)
            if remaining <= 0:
                return Answer(Satisfiability.UNKNOWN, reason="timeout")
            # A fresh solver each round: z3 answers a first check with its full preprocessing,
            # which its incremental mode (used once clauses are added after a check) lacks.
            checked = check_fresh([*self.known, *assumptions], remaining)
            if checked.verdict is not Satisfiability.SAT:
                return Answer(checked.verdict, reason=checked.reason)
            model = checked.solver.model()
            failed = self._unforced(model, assumptions)
            flips = {flag.get_id() for flag in failed}
            texts: dict[int, tuple[z3.SeqRef, str]] = {}
            clauses: list[z3.BoolRef] = []
            for key, (variable, tests) in self.shape.tests.items():
                wanted = [
                    (test, test.flag.get_id() not in flips and z3.is_true(model.eval(test.flag, model_completion=True)))
                    for test in tests
                ]
                outcome = realize(wanted, int((deadline - time.perf_counter()) * 1000))
                if outcome is None:
                    return Answer(Satisfiability.UNKNOWN, reason=f"no decision on the tests of {variable}")
                if outcome.witness is None:
                    core = [wanted[index] for index in outcome.core]
                    clauses.append(z3.Or(*(z3.Not(test.flag) if holds else test.flag for test, holds in core)))
                else:
                    texts[key] = (variable, outcome.witness)
            if not clauses:
                return Answer(Satisfiability.SAT, Solution(model, texts, failed))
            self.known += clauses

    def _unforced(self, model: z3.ModelRef, assumptions: Sequence[z3.BoolRef]) -> list[z3.BoolRef]:
        """The Booleans of tests the model says pass although the formulas would hold if they
        failed (z3 gives free Booleans any value; each needless pass is a conflict to learn)."""
        passing = [
            test.flag
            for _, tests in self.shape.tests.values()
            for test in tests
            if z3.is_true(model.eval(test.flag, model_completion=True))
        ]
        formula = z3.And(*self.known, *assumptions)

        def holds(flags: list[z3.BoolRef]) -> bool:
            flipped = z3.substitute(formula, *((flag, z3.BoolVal(False)) for flag in flags))
            return bool(z3.is_true(model.eval(flipped, model_completion=True)))

        if not passing or holds(passing):
            return passing
        out: list[z3.BoolRef] = []
        for flag in passing:
            if holds([*out, flag]):
                out.append(flag)
        return out


class Assignment:
    """Every variable of a query given a value: from the skeleton's model, the texts found for
    isolated variables, and the dropped definitions. Evaluates terms like a z3 model."""

    def __init__(self, shape: Skeleton, solution: Solution, terms: Iterable[z3.ExprRef]) -> None:
        pairs: dict[int, tuple[z3.ExprRef, z3.ExprRef]] = {}
        seen: set[int] = set()
        for term in [*shape.formulas, *(definition.value for definition in shape.definitions), *terms]:
            for key, variable in variables(term, seen).items():
                if key not in shape.tests and not shape.defined(variable):
                    pairs[key] = (variable, solution.model.eval(variable, model_completion=True))
        for key, (variable, text) in solution.texts.items():
            pairs[key] = (variable, z3.StringVal(text.replace("\\", "\\u{5c}")))
        self.pairs = list(pairs.values())
        for definition in shape.definitions:
            self.pairs.append((definition.variable, self.eval(definition.value)))

    def eval(self, term: z3.ExprRef, model_completion: bool = True) -> z3.ExprRef:
        del model_completion  # every variable has a value
        return z3.simplify(z3.substitute(term, *self.pairs))

    def satisfies(self, formulas: Iterable[z3.BoolRef]) -> bool:
        return all(z3.is_true(self.eval(formula)) for formula in formulas)
