"""Piece-by-piece ARN matching (`shapes.matches`) against the evaluator's matcher and the
whole-ARN regex: the same answer for every resource of the shape, so nothing it drops matters."""

from __future__ import annotations

import json
from dataclasses import replace

import z3
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bedrock_gov.policy import Level, parse_policy
from bedrock_gov.policy.matching import compile_pattern
from bedrock_gov.prove.calls import (
    OPAQUE_ROUTE_TYPES,
    CallBuilder,
    Families,
    SymCall,
    direct_call,
    geo_call,
    global_call,
    mantle_call,
    opaque_call,
)
from bedrock_gov.prove.encode import CheckEncoding, Encoder
from bedrock_gov.prove.patterns import glob, text_value
from bedrock_gov.prove.shapes import Free, Piece, Shape, matches

_FULL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
_CHARS = "a:/"
_texts = st.text(alphabet=_CHARS, min_size=1, max_size=4)
_patterns = st.text(alphabet=_CHARS + "*?", max_size=8).map(lambda body: f"a:{body}")


@st.composite
def _shaped(draw: st.DrawFn) -> tuple[list[Piece | tuple[str, Free]], str]:
    """Pieces of a resource (text, or a variable with its value in this request) and the resource."""
    out: list[Piece | tuple[str, Free]] = ["a:"]
    for index in range(draw(st.integers(0, 4))):
        value = draw(_texts)
        kind = draw(st.sampled_from(("text", "values", "free")))
        term = z3.String(f"piece{index}")
        if kind == "text":
            out.append(value)
        elif kind == "values":
            others = draw(st.lists(_texts, max_size=3))
            out.append((value, Free(term, tuple(dict.fromkeys([value, *others])))))
        else:
            alphabet = frozenset(value) | frozenset(draw(st.text(alphabet=_CHARS, max_size=3)))
            out.append((value, Free(term, alphabet=alphabet)))
    resource = "".join(item if isinstance(item, str) else item[0] for item in out)
    return out, resource


_X = Free(z3.String("x"), alphabet=frozenset(":/"))


@settings(max_examples=600, deadline=None)
@given(pattern=_patterns, shaped=_shaped())
@example(pattern="a:*/", shaped=(["a:", (":", _X), "/"], "a::/"))  # a segment `*` reads no colon
@example(pattern="a:*", shaped=(["a:", (":", _X), "/"], "a::/"))  # a segment-ending `*` does
@example(pattern="a:a*", shaped=(["a:", ("a", Free(z3.String("y"), ("a", "b"))), "/"], "a:a/"))
def test_piecewise_match_agrees_with_the_evaluator_and_the_whole_regex(
    pattern: str, shaped: tuple[list[Piece | tuple[str, Free]], str]
) -> None:
    items, resource = shaped
    pieces = tuple(item if isinstance(item, str) else item[1] for item in items)
    bindings = [(item[1].term, text_value(item[0])) for item in items if not isinstance(item, str)]
    formula = matches(pattern, Shape(pieces))
    decided = z3.simplify(z3.substitute(formula, *bindings)) if bindings else z3.simplify(formula)
    expected = compile_pattern(pattern, True, False).fullmatch(resource) is not None
    assert z3.is_true(decided) == expected and z3.is_false(decided) != expected
    whole = z3.simplify(z3.InRe(text_value(resource), glob(pattern, arn=True)))
    assert z3.is_true(whole) == expected


_RESOURCES = (
    "*",
    "arn:aws:bedrock:*::foundation-model/deepseek.*",
    "arn:aws:bedrock:us-east-1:*:*",
    "arn:aws:bedrock:*:*:inference-profile/us.*",
    "arn:aws:bedrock:*:*:inference-profile/*.anthropic.*",
    "arn:aws:bedrock:us-*",
    "arn:aws:bedrock:??-west-?::foundation-model/*",
    "arn:aws:bedrock:::foundation-model/*:0",
    "arn:aws:bedrock:*:*:application-inference-profile/*",
    "arn:aws:bedrock:*:*:*-router/*",
    "arn:aws:bedrock-mantle:*:*:project/default",
    "arn:aws:*:*:123456789012:*",
)
_statements = st.builds(
    lambda effect, action, field, resources: {"Effect": effect, "Action": action, field: resources},
    st.sampled_from(("Allow", "Deny")),
    st.sampled_from(("bedrock:InvokeModel", "bedrock:Invoke*", "bedrock-mantle:*", "*")),
    st.sampled_from(("Resource", "NotResource")),
    st.lists(st.sampled_from(_RESOURCES), min_size=1, max_size=2),
)
_ROUTES = ("direct", "geo", "global", "mantle", "prompt-router", "marketplace")


def _call(route: str) -> SymCall:
    actions = ("bedrock-mantle:CreateInference",) if route == "mantle" else ("bedrock:InvokeModel",)
    builder = CallBuilder({"bedrock-mantle:model": 1}, actions, f"shape-{route}")
    families = Families(("deepseek", "anthropic"))
    if route == "direct":
        return direct_call(builder, families)
    if route == "geo":
        return geo_call(builder, families, "us")
    if route == "global":
        return global_call(builder, Families(excluded=("anthropic",)))
    if route == "mantle":
        return mantle_call(builder, families)
    return opaque_call(builder, {kind: actions for kind in OPAQUE_ROUTE_TYPES[route]})


@settings(max_examples=25, deadline=None)
@given(levels=st.lists(st.lists(_statements, max_size=3), min_size=1, max_size=2), route=st.sampled_from(_ROUTES))
def test_shaped_encoding_equals_the_whole_arn_encoding(levels: list[list[dict[str, object]]], route: str) -> None:
    """No request of the route's shape on which the two encodings differ (z3 may give up on the
    whole-ARN side, which is the slow one; it must never find a difference)."""
    hierarchy = [
        Level(f"l{index}", (parse_policy(json.dumps({"Version": "2012-10-17", "Statement": [_FULL, *body]}), "p"),))
        for index, body in enumerate(levels)
    ]
    encoder = Encoder(hierarchy)
    call = _call(route)
    for leg in call.legs:
        solver = z3.Solver()
        solver.set("timeout", 5_000)
        shaped = encoder.allowed(leg, CheckEncoding())
        solver.add(*call.shape, shaped != encoder.allowed(replace(leg, shapes=()), CheckEncoding()))
        assert solver.check() != z3.sat
