"""Piece-by-piece ARN matching (`shapes.matches`) against the evaluator's matcher and the
whole-ARN regex: the same answer for every resource of the shape, so nothing it drops matters."""

from __future__ import annotations

import z3
from hypothesis import given, settings
from hypothesis import strategies as st

from bedrock_gov.policy.matching import compile_pattern
from bedrock_gov.policy.prove.patterns import glob, text_value
from bedrock_gov.policy.prove.shapes import Free, Piece, Shape, matches

_CHARS = "ab:/.-"
_texts = st.text(alphabet=_CHARS, min_size=1, max_size=5)
_patterns = st.text(alphabet=_CHARS + "*?", max_size=10).map(lambda body: f"a:{body}")


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


@settings(max_examples=400, deadline=None)
@given(pattern=_patterns, shaped=_shaped())
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
