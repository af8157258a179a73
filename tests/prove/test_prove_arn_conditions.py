"""ARN condition operators compare the six ARN components apart (IAM guide, "Condition operators",
ARN): the prover reads them as the evaluator does, not as the Resource element is read."""

from __future__ import annotations

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st
from test_soundness import DEEPSEEK, hierarchy

from bedrock_gov.policy.matching import PatternSet
from bedrock_gov.prove import Prover, Status
from bedrock_gov.prove.patterns import any_of, text_value
from bedrock_gov.prove.queries.properties import p1_no_route

DIRECT_DENIED = {
    "Effect": "Deny",
    "Action": "bedrock:*",
    "Resource": "arn:aws:bedrock:*::foundation-model/deepseek.*",
    "Condition": {"Null": {"bedrock:InferenceProfileArn": "true"}},
}
"""Direct deepseek calls are denied; calls through a profile are left to the ArnLike Deny."""


def _profile_deny(value: str) -> dict[str, object]:
    return {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "Resource": "*",
        "Condition": {"ArnLike": {"bedrock:InferenceProfileArn": value}},
    }


def _us_profile(value: str) -> Status:
    result = p1_no_route(Prover(hierarchy(DIRECT_DENIED, _profile_deny(value))), DEEPSEEK)
    return next(check.status for check in result.checks if check.name == "us cross-Region profile")


def test_a_five_component_profile_value_closes_nothing() -> None:
    # `arn:aws:bedrock:*:inference-profile/...` lacks the account: it can never match, so the
    # deepseek profile route stays open (read as the Resource element reads it, the Region's `*`
    # would run on past the account and the route would look closed: a false PROVED).
    assert _us_profile("arn:aws:bedrock:*:inference-profile/*.deepseek.*") is Status.VIOLATED


def test_the_six_component_profile_value_closes_the_route() -> None:
    assert _us_profile("arn:aws:bedrock:*:*:inference-profile/*.deepseek.*") is Status.PROVED


# The IAM guide's example, and stars that would cross colons before the resource component.
CASES = [
    ("arn:aws:someservice:*:111122223333:finance/*",
     "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"),
    ("arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:111122223333:finance/a:b"),
    ("arn:aws:bedrock:*:inference-profile/*.deepseek.*",
     "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.deepseek.r1-v1:0"),
    ("arn:aws:bedrock:us-*:*", "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.x"),
    ("arn:aws:bedrock:us-?ast-1:*:*", "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.x"),
    ("arn:aws:bedrock:*:111122223333:*", "arn:aws:bedrock:us-east-1:111122223333:a:b:c"),
    ("arn:*:*:*:*:*", "arn:aws:bedrock:::foundation-model/x"),
    ("arn:*", "arn:aws:bedrock:::foundation-model/x"),
    ("*", "arn:aws:bedrock:::foundation-model/x"),
    ("arn:aws:bedrock:*:inference-profile/us.*:0", "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.x:0"),
]  # fmt: skip


@pytest.mark.parametrize(("pattern", "value"), CASES)
def test_arn_condition_values_match_as_the_evaluator_does(pattern: str, value: str) -> None:
    expected = PatternSet((pattern,), arn=True, components=True).matches(value, {})
    regex = any_of((pattern,), arn=True, components=True)
    assert z3.is_true(z3.simplify(z3.InRe(text_value(value), regex))) is expected


def test_the_guides_example_does_not_match() -> None:
    pattern, value = CASES[0]
    assert not PatternSet((pattern,), arn=True, components=True).matches(value, {})
    assert z3.is_false(z3.simplify(z3.InRe(text_value(value), any_of((pattern,), arn=True, components=True))))


def _colon_joined(alphabet: str) -> st.SearchStrategy[str]:
    """Around six colon-separated components, some with wildcards next to the colons."""
    return st.lists(st.text(alphabet=alphabet, max_size=3), min_size=1, max_size=8).map(":".join)


_values = _colon_joined("a/")
_patterns = st.one_of(st.just("*"), _colon_joined("a/*?"), st.text(alphabet="a:/*?", max_size=10))


@settings(max_examples=1500, deadline=None)
@given(pattern=_patterns, value=_values)
def test_random_arn_condition_values_match_as_the_evaluator_does(pattern: str, value: str) -> None:
    # Few colons (fewer than six components), and stars next to colons, are the cases drawn most.
    expected = PatternSet((pattern,), arn=True, components=True).matches(value, {})
    regex = any_of((pattern,), arn=True, components=True)
    assert z3.is_true(z3.simplify(z3.InRe(text_value(value), regex))) is expected
