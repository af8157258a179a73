"""Symbolize, the first stage: z3 variables standing for every request of a shape.

A request is an action (a lower-cased string drawn from a finite list of real actions), a resource
string, and for each condition key the policies mention, a bounded list of values with a count
(0 = the key is absent); how many slots each key gets is `context_keys.KeySlots`. The Bedrock
routes built from these requests are `calls`; reading a request back out of a model is `decode`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

import z3

from bedrock_gov.prove.patterns import text_value
from bedrock_gov.prove.shapes import Shape

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

    def values_in(self, regex: z3.ReRef) -> z3.BoolRef:
        """Every used value matches `regex`."""
        return z3.And(*(z3.Implies(used, z3.InRe(value, regex)) for used, value in self.values()))

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
        """Every term `decode.concrete_request` reads."""
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
