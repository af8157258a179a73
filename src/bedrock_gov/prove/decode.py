"""Decode: the concrete requests a solver's model stands for, in AWS's spelling of the actions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import z3

from bedrock_gov.catalog.actions import canonical_name
from bedrock_gov.policy.request import Request
from bedrock_gov.prove.patterns import from_model
from bedrock_gov.prove.symbolize import SymRequest


class Valuation(Protocol):
    """A z3 model, or anything that values terms like one."""

    def eval(self, term: z3.ExprRef, model_completion: bool = ...) -> z3.ExprRef: ...


def spelling(legs: Sequence[SymRequest]) -> dict[str, str]:
    """Lower-cased action -> AWS's spelling, for every action the legs range over."""
    names = {action for leg in legs for action in leg.actions}
    return {name: canonical_name(name) or name for name in names}


def concrete_request(model: Valuation, request: SymRequest, aws_names: Mapping[str, str]) -> Request:
    """Read one request out of a satisfying model; `aws_names` maps lower-cased actions to AWS's spelling."""
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
    return Request.build(aws_names.get(action, action), resource, flat)


def decode(model: Valuation, legs: Sequence[SymRequest]) -> tuple[Request, ...]:
    """One request per leg."""
    aws_names = spelling(legs)
    return tuple(concrete_request(model, leg, aws_names) for leg in legs)
