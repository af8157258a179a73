"""Property tests (hypothesis) for the parser, the matcher and the evaluator."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_gov.policy import Evaluator, Level, PolicyParseError, Request, parse_policy
from bedrock_gov.policy.matching import PatternSet, action_matches
from strategies import statement_dicts

# --- Parser ---------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
POLICY_WORDS = [
    "Version",
    "2012-10-17",
    "Statement",
    "Effect",
    "Allow",
    "Deny",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
    "StringEquals",
    "ForAnyValue:StringLike",
    "Null",
    "Sid",
    "Principal",
    "*",
    "bedrock:*",
    "arn:aws:bedrock:*::foundation-model/*",
]
policy_like = st.recursive(
    st.sampled_from(POLICY_WORDS) | st.booleans() | st.integers() | st.none(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(POLICY_WORDS), children, max_size=5)
    ),
    max_leaves=30,
)


def _parse_only_raises_policy_errors(text: str) -> None:
    try:
        parse_policy(text, "fuzz")
    except PolicyParseError as error:
        assert error.issues, "a parse error always names at least one issue"
        for issue in error.issues:
            assert issue.position.line >= 1 and issue.position.column >= 1


@given(st.text(max_size=300))
def test_parser_raises_only_its_own_error_on_any_text(text: str) -> None:
    _parse_only_raises_policy_errors(text)


@given(json_values)
def test_parser_raises_only_its_own_error_on_any_json(value: Any) -> None:
    _parse_only_raises_policy_errors(json.dumps(value))


@given(policy_like)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_parser_raises_only_its_own_error_on_policy_shaped_json(value: Any) -> None:
    _parse_only_raises_policy_errors(json.dumps(value))


@given(st.integers(min_value=0, max_value=400), st.text(max_size=3))
def test_parser_survives_truncation_and_insertion(cut: int, insert: str) -> None:
    text = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Action": "bedrock:InvokeModel",
                    "Resource": "*",
                    "Condition": {"Bool": {"a:b": True}},
                }
            ],
        }
    )
    _parse_only_raises_policy_errors(text[:cut] + insert + text[cut:])
    _parse_only_raises_policy_errors(text[:cut])


# --- Matcher ----------------------------------------------------------------------------------


def _reference_glob(pattern: str, value: str, wildcard_stops_at_colon: bool) -> bool:
    """A straightforward dynamic-programming glob matcher, written independently of matching.py."""
    rows, cols = len(pattern), len(value)
    table = [[False] * (cols + 1) for _ in range(rows + 1)]
    table[0][0] = True
    for i in range(1, rows + 1):
        char = pattern[i - 1]
        table[i][0] = table[i - 1][0] and char == "*"
        for j in range(1, cols + 1):
            can_take = not (wildcard_stops_at_colon and value[j - 1] == ":")
            if char == "*":
                table[i][j] = table[i - 1][j] or (table[i][j - 1] and can_take)
            elif char == "?":
                table[i][j] = table[i - 1][j - 1] and can_take
            else:
                table[i][j] = table[i - 1][j - 1] and char == value[j - 1]
    return table[rows][cols]


small_text = st.text(alphabet="ab.:-\n", max_size=8)
small_pattern = st.text(alphabet="ab.:-*?", max_size=8)


@given(small_pattern, small_text)
def test_action_matching_agrees_with_a_reference_glob(pattern: str, value: str) -> None:
    expected = _reference_glob(pattern.lower(), value.lower(), wildcard_stops_at_colon=False)
    assert action_matches(pattern, value) == expected


segment = st.text(alphabet="ab-1", max_size=4)


@given(st.lists(segment, min_size=5, max_size=5), st.text(alphabet="ab/:1", max_size=6), st.data())
def test_arn_matching_agrees_with_segment_by_segment_reference(
    segments: list[str], resource: str, data: st.DataObject
) -> None:
    """For ARNs whose pattern has all six segments and no segment-ending `*` outside the resource
    segment, matching is segment by segment (a colon never falls to a wildcard except in the last)."""
    pattern_segments = [data.draw(st.text(alphabet="ab-1?", max_size=4)) for _ in range(5)]
    resource_pattern = data.draw(st.text(alphabet="ab/:1*?", max_size=6))
    value = ":".join(["arn", *segments[1:], resource]) if segments else resource
    pattern = ":".join(["arn", *pattern_segments[1:], resource_pattern])
    expected = all(
        _reference_glob(p, v, wildcard_stops_at_colon=True)
        for p, v in zip(pattern.split(":", 5)[:5], value.split(":", 5)[:5], strict=True)
    ) and _reference_glob(pattern.split(":", 5)[5], value.split(":", 5)[5], wildcard_stops_at_colon=False)
    assert PatternSet((pattern,), arn=True).matches(value, {}) == expected


@given(st.text(max_size=20))
def test_a_pattern_without_wildcards_matches_exactly_itself(text: str) -> None:
    literal = text.replace("*", "").replace("?", "").replace("$", "")
    patterns = PatternSet((literal,), arn=True)
    assert patterns.matches(literal, {})
    assert not patterns.matches(literal + "x", {})


# --- Evaluator --------------------------------------------------------------------------------

ACTIONS = [
    "bedrock:InvokeModel",
    "bedrock:InvokeModelWithResponseStream",
    "bedrock:CallWithBearerToken",
    "s3:GetObject",
]
ACTION_PATTERNS = [*ACTIONS, "bedrock:*", "*", "bedrock:Invoke*", "s3:*", "bedrock:?nvokeModel"]
RESOURCES = [
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1",
    "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0",
    "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-v2:1",
    "arn:aws:bedrock:::foundation-model/amazon.nova-pro-v1:0",
    "arn:aws:s3:::bucket/key",
    "*",
]
RESOURCE_PATTERNS = [
    *RESOURCES,
    "arn:aws:bedrock:*::foundation-model/anthropic.*",
    "arn:aws:bedrock:*:*:inference-profile/*",
    "arn:aws:bedrock:*",
    "arn:aws:s3:::${aws:PrincipalTag/bucket}/*",
]
CONDITIONS = [
    {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "unspecified"]}},
    {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}},
    {"StringLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:inference-profile/us.*"}},
    {"Null": {"bedrock:InferenceProfileArn": "true"}},
    {"ForAnyValue:StringEquals": {"aws:TagKeys": ["team", "env"]}},
    {"ForAllValues:StringLike": {"aws:TagKeys": ["t*"]}},
    {"BoolIfExists": {"aws:SecureTransport": "true"}},
    {"NumericLessThan": {"a:n": "5"}},
]

statements = statement_dicts(ACTION_PATTERNS, RESOURCE_PATTERNS, [{}, *CONDITIONS])
policies = st.lists(statements, min_size=1, max_size=4)
hierarchies = st.lists(st.lists(policies, min_size=1, max_size=3), min_size=1, max_size=3)
contexts = st.fixed_dictionaries(
    {},
    optional={
        "aws:RequestedRegion": st.sampled_from(["us-east-1", "eu-west-1", "unspecified"]),
        "bedrock:InferenceProfileArn": st.sampled_from(RESOURCES[2:3]),
        "aws:TagKeys": st.lists(st.sampled_from(["team", "env", "tier"]), max_size=3),
        "aws:SecureTransport": st.sampled_from(["true", "false"]),
        "a:n": st.sampled_from(["1", "5", "x"]),
        "aws:PrincipalTag/bucket": st.sampled_from(["bucket", "other"]),
    },
)
requests = st.builds(
    lambda action, resource, context: Request.build(action, resource, context),
    st.sampled_from(ACTIONS),
    st.sampled_from(RESOURCES),
    contexts,
)


def _build(hierarchy: list[list[list[dict[str, Any]]]]) -> Evaluator:
    levels = []
    for level_index, level in enumerate(hierarchy):
        parsed = tuple(
            parse_policy(json.dumps({"Version": "2012-10-17", "Statement": policy}), f"p{level_index}-{index}")
            for index, policy in enumerate(level)
        )
        levels.append(Level(f"level{level_index}", parsed))
    return Evaluator(levels)


@given(hierarchies, st.lists(requests, min_size=1, max_size=8), st.randoms(use_true_random=False))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_evaluation_is_deterministic_and_order_independent(
    hierarchy: list[list[list[dict[str, Any]]]], batch: list[Request], shuffler: random.Random
) -> None:
    original = _build(hierarchy)
    shuffled_hierarchy = []
    for level in hierarchy:
        shuffled_level = [shuffler.sample(policy, len(policy)) for policy in level]
        shuffler.shuffle(shuffled_level)
        shuffled_hierarchy.append(shuffled_level)
    shuffled = _build(shuffled_hierarchy)
    for request in batch:
        first = original.evaluate(request)
        assert original.evaluate(request) == first
        again = shuffled.evaluate(request)
        assert (again.allowed, again.reason, again.level) == (first.allowed, first.reason, first.level)
