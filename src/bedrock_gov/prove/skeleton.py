"""Strings reduced to the tests a query makes of them, refined on demand (Zelkova-style).

Two steps make a query mostly propositional before z3 sees it:

1. Definitions go. A conjunct `v == t`, where the string `v` occurs nowhere else, only names a
   value (a leg's resource is the concatenation of its pieces): dropping it loses no solution,
   and `v` is computed from `t` afterwards.
2. Tests become Booleans. A string variable the query only tests against fixed text (`InRe(v, R)`
   with a ground regex, or `v == "text"`) matters only through which tests it passes, so each
   test becomes a free Boolean. That over-approximates: every real request still satisfies the
   skeleton, so "no solution" remains a proof. A solution is real only if, for every such
   variable, one string passes exactly the tests the solution says it passes (decided by
   `regex`, or by z3 for what `regex` does not read). When none does, a minimal conflicting set
   of those tests (say "matches role/Admin3 and role/Admin7") becomes a clause the skeleton must
   respect from then on, and it is solved again.

Variables pinned to one text by the query itself, and variables tested only for equality, are
left as they are: z3 substitutes and enumerates those well.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count

import z3

from bedrock_gov.prove import regex
from bedrock_gov.prove.patterns import PRINTABLE, from_model

_names = count()


def _is_variable(term: z3.ExprRef) -> bool:
    return bool(z3.is_const(term) and term.decl().kind() == z3.Z3_OP_UNINTERPRETED)


def _is_string_variable(term: z3.ExprRef) -> bool:
    return _is_variable(term) and z3.is_string(term)


def _text_equality(term: z3.ExprRef) -> tuple[z3.SeqRef, z3.SeqRef] | None:
    """(variable, text) when `term` is `variable == "text"` (either way round)."""
    if not (z3.is_eq(term) and z3.is_string(term.arg(0))):
        return None
    for side, other in ((term.arg(0), term.arg(1)), (term.arg(1), term.arg(0))):
        if _is_string_variable(side) and z3.is_string_value(other):
            return side, other
    return None


def conjuncts(formulas: Iterable[z3.BoolRef]) -> list[z3.BoolRef]:
    """The formulas with top-level conjunctions split."""
    out: list[z3.BoolRef] = []
    stack = list(formulas)[::-1]
    while stack:
        term = stack.pop()
        if z3.is_and(term):
            stack.extend(term.children()[::-1])
        elif not z3.is_true(term):
            out.append(term)
    return out


def variables(term: z3.ExprRef, seen: set[int] | None = None) -> dict[int, z3.ExprRef]:
    """The uninterpreted constants in `term`, by id."""
    seen = set() if seen is None else seen
    out: dict[int, z3.ExprRef] = {}
    stack = [term]
    while stack:
        item = stack.pop()
        key = item.get_id()
        if key in seen or not z3.is_app(item):
            continue
        seen.add(key)
        if _is_variable(item):
            out[key] = item
        else:
            stack.extend(item.children())
    return out


@dataclass(frozen=True)
class Definition:
    variable: z3.SeqRef
    value: z3.SeqRef


def _definition(term: z3.BoolRef) -> tuple[z3.SeqRef, z3.SeqRef] | None:
    if not (z3.is_eq(term) and z3.is_string(term.arg(0))):
        return None
    left, right = term.arg(0), term.arg(1)
    if _is_string_variable(left):
        return left, right
    if _is_string_variable(right):
        return right, left
    return None


def split_definitions(items: list[z3.BoolRef], keep: Iterable[z3.ExprRef]) -> tuple[list[z3.BoolRef], list[Definition]]:
    """Drop conjuncts `v == t` whose `v` occurs nowhere else (nor in `keep`), repeatedly.

    Returns the rest and the definitions, in the order to compute them (each from earlier ones)."""
    found = [variables(item) for item in items]
    uses: dict[int, int] = {}
    for names in found:
        for key in names:
            uses[key] = uses.get(key, 0) + 1
    for key in variables(z3.And(*keep)) if keep else {}:
        uses[key] = uses.get(key, 0) + 2  # never a definition
    alive = [True] * len(items)
    definitions: list[Definition] = []
    changed = True
    while changed:
        changed = False
        for index, item in enumerate(items):
            if not alive[index]:
                continue
            pair = _definition(item)
            if pair is None:
                continue
            variable, value = pair
            key = variable.get_id()
            if uses.get(key) != 1 or key in variables(value):
                continue
            alive[index] = False
            changed = True
            definitions.append(Definition(variable, value))
            for other in found[index]:
                uses[other] -= 1
    rest = [item for index, item in enumerate(items) if alive[index]]
    return rest, definitions[::-1]


@dataclass(frozen=True)
class Test:
    """One test of a variable: the original atom, the Boolean standing for it, and what it tests."""

    atom: z3.BoolRef
    flag: z3.BoolRef
    subject: z3.ExprRef
    """The regex of an `InRe` test, or the text of an equality."""

    @property
    def is_regex(self) -> bool:
        return bool(self.atom.decl().kind() == z3.Z3_OP_SEQ_IN_RE)

    def on(self, variable: z3.SeqRef) -> z3.BoolRef:
        """The same test of another variable."""
        return z3.InRe(variable, self.subject) if self.is_regex else variable == self.subject


class _Scanner:
    """Finds the tests of each string variable, and the variables used any other way (tied)."""

    def __init__(self) -> None:
        self.tests: dict[int, tuple[z3.SeqRef, dict[int, z3.BoolRef]]] = {}
        self.tied: set[int] = set()
        self._seen: set[int] = set()
        self._ground: dict[int, bool] = {}

    def ground(self, term: z3.ExprRef) -> bool:
        """No uninterpreted constant inside `term`."""
        key = term.get_id()
        known = self._ground.get(key)
        if known is None:
            known = not _is_variable(term) and all(self.ground(child) for child in term.children())
            self._ground[key] = known
        return known

    def _test_of(self, term: z3.ExprRef) -> z3.SeqRef | None:
        """The variable `term` tests, if it is a test of one variable against fixed text."""
        kind = term.decl().kind()
        if kind == z3.Z3_OP_SEQ_IN_RE:
            subject, regex = term.arg(0), term.arg(1)
            return subject if _is_string_variable(subject) and self.ground(regex) else None
        equality = _text_equality(term)
        return equality[0] if equality is not None else None

    def scan(self, formulas: Iterable[z3.ExprRef]) -> None:
        stack = list(formulas)
        while stack:
            term = stack.pop()
            key = term.get_id()
            if key in self._seen or not z3.is_app(term):
                continue
            self._seen.add(key)
            variable = self._test_of(term)
            if variable is not None:
                entry = self.tests.setdefault(variable.get_id(), (variable, {}))
                entry[1][key] = term
                continue
            if _is_variable(term):
                self.tied.add(key)
            stack.extend(term.children())


def _pinned(items: list[z3.BoolRef]) -> set[int]:
    """Variables a conjunct sets to one text outright."""
    equalities = (_text_equality(item) for item in items)
    return {equality[0].get_id() for equality in equalities if equality is not None}


@dataclass
class Skeleton:
    """A query with its definitions dropped and the tests of isolated variables made Booleans."""

    formulas: list[z3.BoolRef]
    """The original conjuncts that remain (definitions dropped), tests not yet replaced."""
    definitions: list[Definition]
    tests: dict[int, tuple[z3.SeqRef, list[Test]]] = field(default_factory=dict)
    """Isolated variable id -> the variable and its tests."""
    pairs: list[tuple[z3.BoolRef, z3.BoolRef]] = field(default_factory=list)

    def abstract(self, formula: z3.BoolRef) -> z3.BoolRef:
        """`formula` with tests of isolated variables replaced by their Booleans."""
        return z3.substitute(formula, *self.pairs) if self.pairs else formula

    def facts(self) -> list[z3.BoolRef]:
        """What is known without a string solver: one value per variable, and what it implies."""
        out: list[z3.BoolRef] = []
        for _, tests in self.tests.values():
            equalities = [test for test in tests if not test.is_regex]
            if len(equalities) > 1:
                out.append(z3.AtMost(*(test.flag for test in equalities), 1))
            for equality in equalities:
                for test in tests:
                    if test.is_regex:
                        holds = z3.is_true(z3.simplify(z3.InRe(equality.subject, test.subject)))
                        out.append(z3.Implies(equality.flag, test.flag if holds else z3.Not(test.flag)))
        return out

    def isolated(self, variable: z3.ExprRef) -> bool:
        return variable.get_id() in self.tests

    def defined(self, variable: z3.ExprRef) -> bool:
        return any(definition.variable.get_id() == variable.get_id() for definition in self.definitions)


def skeleton(formulas: Sequence[z3.BoolRef], preferences: Sequence[z3.BoolRef] = ()) -> Skeleton:
    """Drop definitions, then find the isolated variables of `formulas` and `preferences` (which
    will be abstracted with the same Booleans)."""
    items, definitions = split_definitions(conjuncts(formulas), preferences)
    scanner = _Scanner()
    scanner.scan([*items, *preferences])
    pinned = _pinned(items)
    out = Skeleton(items, definitions)
    for key, (variable, atoms) in scanner.tests.items():
        if key in scanner.tied or key in pinned:
            continue
        if all(atom.decl().kind() == z3.Z3_OP_EQ for atom in atoms.values()):
            continue
        tests = []
        for atom in atoms.values():
            flag = z3.Bool(f"test|{next(_names)}")
            out.pairs.append((atom, flag))
            equality = _text_equality(atom)
            tests.append(Test(atom, flag, atom.arg(1) if equality is None else equality[1]))
        out.tests[key] = (variable, tests)
    return out


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


@dataclass
class Answer:
    verdict: str
    """"sat", "unsat" or "unknown"."""
    solution: Solution | None = None
    reason: str = ""


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
                return Answer("unknown", reason="timeout")
            # A fresh solver each round: z3 answers a first check with its full preprocessing,
            # which its incremental mode (used once clauses are added after a check) lacks.
            solver = z3.Solver()
            solver.set("timeout", remaining)
            solver.add(*self.known, *assumptions)
            answer = solver.check()
            if answer == z3.unsat:
                return Answer("unsat")
            if answer != z3.sat:
                return Answer("unknown", reason=solver.reason_unknown())
            model = solver.model()
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
                    return Answer("unknown", reason=f"no decision on the tests of {variable}")
                if outcome.witness is None:
                    core = [wanted[index] for index in outcome.core]
                    clauses.append(z3.Or(*(z3.Not(test.flag) if holds else test.flag for test, holds in core)))
                else:
                    texts[key] = (variable, outcome.witness)
            if not clauses:
                return Answer("sat", Solution(model, texts, failed))
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
