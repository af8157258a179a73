"""ARN condition operators compare the six components of an ARN apart (IAM User Guide, "Condition
operators", ARN section), unlike the Resource element, where a `*` ending a segment may run on.

Each case is decided by our evaluator and, where node is available, by iam-simulate too.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from iam_simulate import RawRequest, missing_reason, outcome, run_batch

from bedrock_gov.policy import Evaluator, Level, Request, parse_policy
from bedrock_gov.policy.matching import PatternSet

ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
DOC_PATTERN = "arn:aws:someservice:*:111122223333:finance/*"
DOC_VALUE = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
PROFILE = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.deepseek.r1-v1:0"


def _levels(condition: dict[str, object], resource: str = "*") -> list[Level]:
    deny = {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": resource, "Condition": condition}
    text = json.dumps({"Version": "2012-10-17", "Statement": [ALLOW_ALL, deny]})
    return [Level("account", (parse_policy(text, "UnderTest"),))]


# (condition, request context, resource, documented outcome)
CASES: dict[str, tuple[dict[str, object], dict[str, str], str, str]] = {
    "the guide's own example does not match": (
        {"ArnLike": {"aws:SourceArn": DOC_PATTERN}},
        {"aws:SourceArn": DOC_VALUE},
        "*",
        "Allowed",
    ),
    "the same pattern matches within one component": (
        {"ArnLike": {"aws:SourceArn": DOC_PATTERN}},
        {"aws:SourceArn": "arn:aws:someservice:us-east-2:111122223333:finance/document.txt"},
        "*",
        "ExplicitlyDenied",
    ),
    "a five-component value matches no profile": (
        {"ArnLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:inference-profile/*.deepseek.*"}},
        {"bedrock:InferenceProfileArn": PROFILE},
        "*",
        "Allowed",
    ),
    "six components with a wildcard account match": (
        {"ArnLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:inference-profile/*.deepseek.*"}},
        {"bedrock:InferenceProfileArn": PROFILE},
        "*",
        "ExplicitlyDenied",
    ),
    "ArnNotLike with a five-component value is true for every ARN": (
        {"ArnNotLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:inference-profile/*"}},
        {"bedrock:InferenceProfileArn": PROFILE},
        "*",
        "ExplicitlyDenied",
    ),
    "the resource component may hold colons": (
        {"ArnEquals": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:us-east-1:111122223333:inference-profile/*"}},
        {"bedrock:InferenceProfileArn": PROFILE},
        "*",
        "ExplicitlyDenied",
    ),
    "a lone * in an ARN condition has one component and matches nothing": (
        {"ArnLike": {"bedrock:InferenceProfileArn": "*"}},
        {"bedrock:InferenceProfileArn": PROFILE},
        "*",
        "Allowed",
    ),
    "StringLike on the same key lets * cross colons": (
        {"StringLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:inference-profile/*.deepseek.*"}},
        {"bedrock:InferenceProfileArn": PROFILE},
        "*",
        "ExplicitlyDenied",
    ),
}


def _decide(name: str) -> str:
    condition, context, resource, _ = CASES[name]
    decision = Evaluator(_levels(condition, resource)).evaluate(Request.build("bedrock:InvokeModel", PROFILE, context))
    return outcome(decision)


@pytest.mark.parametrize("name", sorted(CASES))
def test_documented_arn_condition_rule(name: str) -> None:
    assert _decide(name) == CASES[name][3]


_MISSING = missing_reason()
if _MISSING is not None and os.environ.get("CI"):
    raise RuntimeError(f"the iam-simulate oracle must run in CI: {_MISSING}")


@pytest.mark.skipif(_MISSING is not None, reason=f"iam-simulate oracle unavailable: {_MISSING}")
def test_iam_simulate_reads_arn_conditions_the_same_way() -> None:
    names = sorted(CASES)
    simulations = [
        (_levels(CASES[name][0], CASES[name][2]), [RawRequest("bedrock:InvokeModel", PROFILE, dict(CASES[name][1]))])
        for name in names
    ]
    results = run_batch(simulations)
    assert {name: result.outcomes[0] for name, result in zip(names, results, strict=True)} == {
        name: CASES[name][3] for name in names
    }


component = st.text(alphabet="ab-1*?", max_size=4)


@given(st.lists(component, min_size=1, max_size=5), st.text(alphabet="ab:/-1", max_size=30))
def test_a_condition_value_with_fewer_than_six_components_matches_nothing(parts: list[str], value: str) -> None:
    pattern = ":".join(["arn", *parts])[:200]
    if pattern.count(":") >= 5:
        return
    assert not PatternSet((pattern,), arn=True, components=True).matches(value, {})


@given(st.lists(st.text(alphabet="ab-1", max_size=3), min_size=5, max_size=5), st.data())
def test_no_condition_wildcard_crosses_a_colon_before_the_resource(values: list[str], data: st.DataObject) -> None:
    """Matching component by component equals matching each of the first five components alone."""
    patterns = [data.draw(st.text(alphabet="ab-1*?", max_size=3)) for _ in range(5)]
    resource_pattern, resource = (
        data.draw(st.text(alphabet="ab:*", max_size=4)),
        data.draw(st.text(alphabet="ab:", max_size=4)),
    )
    whole = PatternSet((":".join([*patterns, resource_pattern]),), arn=True, components=True)
    apart = all(PatternSet((p,), arn=False).matches(v, {}) for p, v in zip(patterns, values, strict=True))
    apart = apart and PatternSet((resource_pattern,), arn=False).matches(resource, {})
    assert whole.matches(":".join([*values, resource]), {}) == apart
