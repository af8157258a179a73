"""Condition evaluation, compiled once per condition into a test on the request context.

The rules (shared aws-facts "Conditions"): several values for one key match if any does (for
negated operators: if none does); an absent key makes positive operators false, negated ones and
`...IfExists` true, and `Null: true` true; `ForAllValues` is true on an absent or empty key,
`ForAnyValue` false. Unqualified operators on a multi-valued key behave like `ForAnyValue` for
positive operators and as the negation of the positive operator otherwise.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from bedrock_gov.policy.matching import Context, PatternSet, resolve_text, template_parts
from bedrock_gov.policy.model import Condition
from bedrock_gov.policy.operators import OPERATORS, POSITIVE_FORM
from bedrock_gov.policy.parser import parse_date, parse_network, parse_number

ValueTest = Callable[[str, Context], bool]
"""Does one request value match any of the policy values (the positive form of the operator)?"""

_COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "Equals": lambda request, policy: request == policy,
    "LessThan": lambda request, policy: request < policy,
    "LessThanEquals": lambda request, policy: request <= policy,
    "GreaterThan": lambda request, policy: request > policy,
    "GreaterThanEquals": lambda request, policy: request >= policy,
}


def _string_test(operator: str, values: tuple[str, ...]) -> ValueTest:
    has_variables = any(template_parts(value)[1] for value in values)
    if operator in ("StringLike", "ArnLike", "ArnEquals"):
        arn = operator != "StringLike"
        patterns = PatternSet(values, arn=arn, components=arn)
        return lambda request, context: patterns.matches(request, context)
    fold = operator == "StringEqualsIgnoreCase"
    if not has_variables:
        allowed = frozenset(value.casefold() if fold else value for value in values)
        if fold:
            return lambda request, context: request.casefold() in allowed
        return lambda request, context: request in allowed

    def test(request: str, context: Context) -> bool:
        for value in values:
            resolved = resolve_text(value, context)
            if resolved is None:
                continue
            if (request.casefold() == resolved.casefold()) if fold else (request == resolved):
                return True
        return False

    return test


def _ordered_test(operator: str, values: tuple[str, ...], parse: Callable[[str], float | None]) -> ValueTest:
    suffix = operator.removeprefix("Numeric").removeprefix("Date")
    compare = _COMPARISONS[suffix]
    policy_values = [number for number in map(parse, values) if number is not None]

    def test(request: str, context: Context) -> bool:
        number = parse(request)
        return number is not None and any(compare(number, policy) for policy in policy_values)

    return test


def _ip_test(values: tuple[str, ...]) -> ValueTest:
    networks = [network for network in map(parse_network, values) if network is not None]

    def test(request: str, context: Context) -> bool:
        try:
            address = ipaddress.ip_address(request.split("/", 1)[0])
        except ValueError:
            return False
        return any(address.version == network.version and address in network for network in networks)

    return test


def value_test(operator: str, values: tuple[str, ...]) -> ValueTest:
    """The positive per-value test for a base operator (negated operators use their positive form)."""
    family = OPERATORS[operator][0]
    if family in ("String", "Arn"):
        return _string_test(operator, values)
    if family == "Numeric":
        return _ordered_test(operator, values, parse_number)
    if family == "Date":
        return _ordered_test(operator, values, parse_date)
    if family == "Ip":
        return _ip_test(values)
    if family == "Bool":
        lowered = frozenset(value.lower() for value in values)
        return lambda request, context: request.lower() in lowered
    binary = frozenset(values)
    return lambda request, context: request in binary


ConditionTest = Callable[[Context], bool]


def compile_condition(condition: Condition) -> ConditionTest:
    """A function deciding whether the request context satisfies `condition`."""
    key = condition.key.lower()
    if condition.operator == "Null":
        wants_absent = [value.lower() == "true" for value in condition.values]

        def null_test(context: Context) -> bool:
            present = bool(context.get(key))
            return any(absent != present for absent in wants_absent)

        return null_test
    negated = OPERATORS[condition.operator][1]
    matches = value_test(POSITIVE_FORM.get(condition.operator, condition.operator), condition.values)
    qualifier = condition.qualifier
    if_exists = condition.if_exists

    def test(context: Context) -> bool:
        request_values = context.get(key)
        if not request_values:
            if qualifier == "ForAllValues":
                return True
            if qualifier == "ForAnyValue":
                return False
            return if_exists or negated
        if qualifier == "ForAllValues":
            return all(matches(value, context) != negated for value in request_values)
        if qualifier == "ForAnyValue":
            return any(matches(value, context) != negated for value in request_values)
        found = any(matches(value, context) for value in request_values)
        return found != negated

    return test


def compile_conditions(conditions: tuple[Condition, ...]) -> ConditionTest | None:
    """All conditions of a statement as one test (they must all hold); None when there are none."""
    if not conditions:
        return None
    tests = [compile_condition(condition) for condition in conditions]
    if len(tests) == 1:
        return tests[0]
    return lambda context: all(test(context) for test in tests)
