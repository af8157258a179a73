"""Symbolic requests: z3 variables standing for every request of a shape, and how to read one back.

A request is an action (a lower-cased string drawn from a finite list of real actions), a resource
string, and for each condition key the policies mention, a bounded list of values with a count
(0 = the key is absent). Single-valued keys have one slot. A multi-valued key gets one slot per
condition that tests it: a Boolean combination of m "some value matches" tests is satisfiable
with at most m values, so the bound loses nothing up to `MAX_SLOTS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import count
from typing import Protocol

import z3

from bedrock_gov.policy.model import Level
from bedrock_gov.policy.request import Request
from bedrock_gov.prove.patterns import from_model, text_value
from bedrock_gov.prove.shapes import Shape

MAX_SLOTS = 4
KNOWN_MULTI_VALUED = frozenset(
    {
        "aws:tagkeys",
        "aws:calledvia",
        "aws:principalservicenameslist",
        "aws:principalorgpaths",
        "aws:resourceorgpaths",
        "aws:sourcevpcarn",
    }
)
_names = count()


@dataclass(frozen=True)
class SymKey:
    """One condition key of a request: `count` values (0..len(slots)) held in the first slots."""

    key: str
    count: z3.ArithRef
    slots: tuple[z3.SeqRef, ...]

    @classmethod
    def fresh(cls, key: str, size: int) -> SymKey:
        tag = next(_names)
        return cls(key, z3.Int(f"n|{key}|{tag}"), tuple(z3.String(f"v|{key}|{tag}|{i}") for i in range(size)))

    def bounds(self) -> z3.BoolRef:
        return z3.And(self.count >= 0, self.count <= len(self.slots))

    def present(self) -> z3.BoolRef:
        return self.count > 0

    def values(self) -> list[tuple[z3.BoolRef, z3.SeqRef]]:
        """(slot is in use, slot value) for every slot."""
        return [(self.count > index, slot) for index, slot in enumerate(self.slots)]

    def equals(self, values: tuple[str, ...]) -> z3.BoolRef:
        """The key holds exactly `values` (an empty tuple: the key is absent)."""
        if len(values) > len(self.slots):
            return z3.BoolVal(False)
        return z3.And(
            self.count == len(values),
            *(slot == text_value(value) for slot, value in zip(self.slots, values, strict=False)),
        )


@dataclass
class SymRequest:
    """One symbolic request. Keys not in `context` are absent from every request of this shape."""

    action: z3.SeqRef
    resource: z3.SeqRef
    actions: tuple[str, ...]
    """The lower-cased actions `action` ranges over."""
    context: dict[str, SymKey] = field(default_factory=dict)
    shapes: tuple[Shape, ...] = ()
    """When known: the resource is one of these concatenations (each under its guard, and the
    guards cover every request of the call's shape)."""

    def read(self) -> list[z3.ExprRef]:
        """Every term `concrete_request` reads."""
        return [
            self.action,
            self.resource,
            *(term for key in self.context.values() for term in (key.count, *key.slots)),
        ]

    def domain(self) -> z3.BoolRef:
        """Well-formedness: the action is one of `actions`, key counts within bounds."""
        return z3.And(
            z3.Or(*(self.action == text_value(name) for name in self.actions)),
            *(key.bounds() for key in self.context.values()),
        )


def condition_keys(levels: Iterable[Level]) -> dict[str, int]:
    """Every condition key the policies test (lower-cased) -> how many conditions test it."""
    tests: dict[str, int] = {}
    for level in levels:
        for policy in level.policies:
            for statement in policy.statements:
                for condition in statement.conditions:
                    key = condition.key.lower()
                    tests[key] = tests.get(key, 0) + 1
    return tests


def multi_valued_keys(levels: Iterable[Level]) -> set[str]:
    """Keys known to AWS as multi-valued, or tested with ForAnyValue / ForAllValues somewhere."""
    keys = set()
    for level in levels:
        for policy in level.policies:
            for statement in policy.statements:
                for condition in statement.conditions:
                    if condition.qualifier or condition.key.lower() in KNOWN_MULTI_VALUED:
                        keys.add(condition.key.lower())
    return keys


def slot_count(key: str, tests: Mapping[str, int], multi: set[str]) -> tuple[int, bool]:
    """Slots for `key`, and whether the bound cuts below what the small-model argument needs."""
    if key not in multi:
        return 1, False
    needed = max(1, tests.get(key, 1))
    return min(needed, MAX_SLOTS), needed > MAX_SLOTS


class Valuation(Protocol):
    """A z3 model, or anything that values terms like one."""

    def eval(self, term: z3.ExprRef, model_completion: bool = ...) -> z3.ExprRef: ...


def concrete_request(model: Valuation, request: SymRequest, spelling: Mapping[str, str]) -> Request:
    """Read one request out of a satisfying model; `spelling` maps lower-cased actions to AWS's names."""
    action = from_model(model.eval(request.action, model_completion=True))
    resource = from_model(model.eval(request.resource, model_completion=True))
    context: dict[str, list[str]] = {}
    for key, sym in sorted(request.context.items()):
        size = model.eval(sym.count, model_completion=True).as_long()
        if size > 0:
            context[key] = [from_model(model.eval(slot, model_completion=True)) for slot in sym.slots[:size]]
    flat: dict[str, str | list[str]] = {
        key: values[0] if len(values) == 1 else values for key, values in context.items()
    }
    return Request.build(spelling.get(action, action), resource, flat)
