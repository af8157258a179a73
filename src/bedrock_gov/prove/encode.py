"""Encode: an SCP hierarchy as a z3 formula over a symbolic request: "is this request allowed?".

allowed(r) = no Deny statement on the path applies to r, and at every level some Allow applies.
A statement applies when its Action/NotAction covers the action, its Resource/NotResource covers
the resource, and all its conditions hold (shared aws-facts "Conditions").

What the encoding cannot express exactly (policy variables, Date / IP / Binary operators,
case-folding of non-ASCII text, numbers that are not plain integers) becomes a fresh, free Boolean
standing for "true or false, we do not know". That over-approximates: every real request is still
a solution, so an unsatisfiable query remains a proof. A satisfying model may owe its existence to
such a Boolean; the caller replays it through the evaluator and, if the evaluator disagrees,
answers UNKNOWN naming the constructs recorded in the check's `CheckEncoding.approximated`.
"""

from __future__ import annotations

import operator as ops
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import count

import z3

from bedrock_gov.policy.model import Condition, Level, Statement
from bedrock_gov.policy.operators import OPERATORS, POSITIVE_FORM
from bedrock_gov.prove.patterns import (
    ASCII,
    any_of,
    concrete_match,
    glob,
    has_variable,
    literal_any_case,
    text_value,
)
from bedrock_gov.prove.shapes import matches
from bedrock_gov.prove.symbolize import SymKey, SymRequest

_DIGITS = z3.Plus(z3.Range("0", "9"))
_NUMERIC: dict[str, Callable[[z3.ArithRef, z3.ArithRef], z3.BoolRef]] = {
    "NumericEquals": ops.eq,
    "NumericLessThan": ops.lt,
    "NumericLessThanEquals": ops.le,
    "NumericGreaterThan": ops.gt,
    "NumericGreaterThanEquals": ops.ge,
}
_fresh = count()


@dataclass(frozen=True)
class LocatedStatement:
    """A statement with where it sits: hierarchy level, policy name."""

    statement: Statement
    level: int
    policy: str

    @property
    def where(self) -> str:
        return f"{self.policy} {self.statement.label} (level {self.level})"


@dataclass
class CheckEncoding:
    """What encoding one check learns: the constructs it approximated, and the conditions it
    encoded (the legs of a call share most keys, so a condition on a shared key is encoded once).

    Made fresh for each check, so nothing one check learns leaks into another."""

    approximated: dict[str, str] = field(default_factory=dict)
    """Constructs approximated so far: description -> where (only those the check touched)."""
    conditions: dict[tuple[int, int], tuple[Condition, SymKey | None, z3.BoolRef]] = field(default_factory=dict)
    """(condition id, key id) -> the condition and key (which keeps the ids theirs) and its encoding."""
    approximations: int = 0
    """Free Booleans made so far (a condition that needed one is not reused: see `Encoder.condition`)."""

    def next_goal(self) -> CheckEncoding:
        """The state for another goal of the same call: the conditions encoded stay valid (same
        keys), the approximations are the new goal's own."""
        return CheckEncoding(conditions=self.conditions)

    def unknown(self, construct: str, where: str) -> z3.BoolRef:
        """A free Boolean standing for `construct`, recorded as approximated."""
        self.approximated.setdefault(construct, where)
        self.approximations += 1
        return z3.Bool(f"opaque|{next(_fresh)}")


@dataclass
class Encoder:
    """Encodes one hierarchy (levels root first) over symbolic requests; it keeps nothing
    between checks (each passes its own `CheckEncoding`)."""

    levels: Sequence[Level]

    def __post_init__(self) -> None:
        self.statements = [
            LocatedStatement(statement, index, policy.name)
            for index, level in enumerate(self.levels)
            for policy in sorted(level.policies, key=lambda p: p.name)
            for statement in policy.statements
        ]

    def allowed(self, request: SymRequest, encoding: CheckEncoding) -> z3.BoolRef:
        """The hierarchy allows `request`."""
        denies: list[z3.BoolRef] = []
        allows: list[list[z3.BoolRef]] = [[] for _ in self.levels]
        for item in self.statements:
            applies = self.applies(item, request, encoding)
            if z3.is_false(applies):
                continue
            if item.statement.effect == "Deny":
                denies.append(applies)
            else:
                allows[item.level].append(applies)
        return z3.And(z3.Not(z3.Or(*denies)), *(z3.Or(*level) for level in allows))

    def applies(self, item: LocatedStatement, request: SymRequest, encoding: CheckEncoding) -> z3.BoolRef:
        statement = item.statement
        covered = [name for name in request.actions if self._covers_action(statement, name)]
        if not covered:
            return z3.BoolVal(False)
        action = (
            z3.BoolVal(True)
            if len(covered) == len(request.actions)
            else z3.Or(*(request.action == text_value(name) for name in covered))
        )
        resource = self._resource(item, request, encoding)
        conditions = [self.condition(condition, item, request, encoding) for condition in statement.conditions]
        return z3.And(action, resource, *conditions)

    @staticmethod
    def _covers_action(statement: Statement, action: str) -> bool:
        return _covers(tuple(statement.actions), statement.not_action, action)

    def _resource(self, item: LocatedStatement, request: SymRequest, encoding: CheckEncoding) -> z3.BoolRef:
        statement = item.statement
        static = tuple(pattern for pattern in statement.resources if not has_variable(pattern))
        terms: list[z3.BoolRef] = []
        if static and request.shapes:
            terms += [matches(pattern, shape) for pattern in static for shape in request.shapes]
        elif static:
            terms.append(z3.InRe(request.resource, any_of(static, arn=True)))
        for pattern in statement.resources:
            if has_variable(pattern):
                terms.append(encoding.unknown(f"policy variable in Resource {pattern!r}", item.where))
        listed = z3.Or(*terms)
        return z3.Not(listed) if statement.not_resource else listed

    def condition(
        self, condition: Condition, item: LocatedStatement, request: SymRequest, encoding: CheckEncoding
    ) -> z3.BoolRef:
        """One condition as the evaluator decides it, missing-key rules included.

        The legs of a call share most keys, so a condition on a shared key is encoded once per
        check. Not one that needed a free Boolean: its truth may differ from leg to leg (a policy
        variable can name a key each leg has its own value of), so each leg gets its own."""
        key = request.context.get(condition.key.lower())
        memo = (id(condition), id(key))
        known = encoding.conditions.get(memo)
        if known is not None:
            return known[2]
        made = encoding.approximations
        encoded = self._condition(condition, item, key, encoding)
        if encoding.approximations == made:
            encoding.conditions[memo] = (condition, key, encoded)
        return encoded

    def _condition(
        self, condition: Condition, item: LocatedStatement, key: SymKey | None, encoding: CheckEncoding
    ) -> z3.BoolRef:
        if condition.operator == "Null":
            present = key.present() if key is not None else z3.BoolVal(False)
            wants = [value.lower() == "true" for value in condition.values]
            return z3.Or(*(z3.Not(present) if absent else present for absent in wants))
        negated = OPERATORS[condition.operator][1]
        if key is None:
            # The request shape never carries this key: the missing-key rules decide.
            if condition.qualifier == "ForAllValues":
                return z3.BoolVal(True)
            if condition.qualifier == "ForAnyValue":
                return z3.BoolVal(False)
            return z3.BoolVal(condition.if_exists or negated)
        positive = POSITIVE_FORM.get(condition.operator, condition.operator)
        slots = key.values()
        matches = [(used, self._value_matches(positive, condition, item, value, encoding)) for used, value in slots]
        if condition.qualifier == "ForAllValues":
            body = z3.And(*(z3.Implies(used, test != negated) for used, test in matches))
        elif condition.qualifier == "ForAnyValue":
            body = z3.Or(*(z3.And(used, test != negated) for used, test in matches))
        else:
            found = z3.Or(*(z3.And(used, test) for used, test in matches))
            body = z3.Not(found) if negated else found
        if condition.qualifier is not None:
            absent = z3.BoolVal(condition.qualifier == "ForAllValues")
        else:
            absent = z3.BoolVal(condition.if_exists or negated)
        return z3.If(key.present(), body, absent)

    def _value_matches(
        self, operator: str, condition: Condition, item: LocatedStatement, value: z3.SeqRef, encoding: CheckEncoding
    ) -> z3.BoolRef:
        """Does one request value match any policy value under the positive `operator`?"""
        family = OPERATORS[operator][0]
        described = f"{condition.operator_text} on {condition.key}"
        if family in ("String", "Arn"):
            if any(has_variable(text) for text in condition.values):
                return encoding.unknown(f"policy variable in {described}", item.where)
            if operator in ("StringLike", "ArnLike", "ArnEquals"):
                arn = operator != "StringLike"
                return z3.InRe(value, any_of(condition.values, arn=arn, components=arn))
            if operator == "StringEqualsIgnoreCase":
                if not all(text.isascii() for text in condition.values):
                    return encoding.unknown(f"non-ASCII case folding in {described}", item.where)
                folded = z3.Or(*(z3.InRe(value, literal_any_case(text)) for text in condition.values))
                return z3.If(z3.InRe(value, z3.Star(ASCII)), folded, encoding.unknown(described, item.where))
            return z3.Or(*(value == text_value(text) for text in condition.values))
        if family == "Bool":
            return z3.Or(*(z3.InRe(value, literal_any_case(text.lower())) for text in condition.values))
        if family == "Numeric":
            return _numeric(operator, condition, item, value, encoding)
        return encoding.unknown(f"{family} operator {described}", item.where)


def _numeric(
    operator: str, condition: Condition, item: LocatedStatement, value: z3.SeqRef, encoding: CheckEncoding
) -> z3.BoolRef:
    """Plain non-negative integers are compared exactly; any other number text stays opaque."""
    bounds: list[Fraction] = []
    for text in condition.values:
        try:
            number = float(text)
        except ValueError:
            continue
        if number == number and number not in (float("inf"), float("-inf")):
            bounds.append(Fraction(number))
    request_number = z3.ToReal(z3.StrToInt(value))
    compare = _NUMERIC[operator]
    exact = z3.Or(*(compare(request_number, z3.RealVal(bound)) for bound in bounds))
    described = f"{condition.operator_text} on {condition.key} with a value that is not a plain integer"
    return z3.If(z3.InRe(value, _DIGITS), exact, encoding.unknown(described, item.where))


@lru_cache(maxsize=65536)
def _covers(patterns: tuple[str, ...], not_action: bool, action: str) -> bool:
    listed = any(concrete_match(glob(pattern.lower(), arn=False), action) for pattern in patterns)
    return listed != not_action
