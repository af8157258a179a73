"""The skeleton of a query: strings reduced to the tests the query makes of them (Zelkova-style).

Two steps make a query mostly propositional before z3 sees it:

1. Definitions go. A conjunct `v == t`, where the string `v` occurs nowhere else, only names a
   value (a leg's resource is the concatenation of its pieces): dropping it loses no solution,
   and `v` is computed from `t` afterwards.
2. Tests become Booleans. A string variable the query only tests against fixed text (`InRe(v, R)`
   with a ground regex, or `v == "text"`) matters only through which tests it passes, so each
   test becomes a free Boolean. That over-approximates: every real request still satisfies the
   skeleton, so "no solution" remains a proof. A solution is real only if, for every such
   variable, one string passes exactly the tests the solution says it passes: `refine` decides
   that, and learns a conflict as a clause when no string does.

Variables pinned to one text by the query itself, and variables tested only for equality, are
left as they are: z3 substitutes and enumerates those well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import count

import z3

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
