"""The shadowed-statement index (literal prefixes of actions, resources and resource parts, and
conditions) finds exactly what comparing every pair of statements finds; and a benchmark-sized set
lints in near-linear time (measured in benchmarks/lint.py, only sanity-checked here)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_gov.catalog.limits import CURRENT
from bedrock_gov.lint import PolicyFile, PolicyLevel, lint
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Located
from bedrock_gov.lint.rules.redundancy import covers, dead_reason
from bedrock_gov.policy import parse_policy
from bedrock_gov.policy.jsontext import read_json

ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModel*", "bedrock:*", "s3:GetObject", "s3:*", "*"]
RESOURCES = [
    "*",
    "arn:aws:bedrock:*::foundation-model/*",
    "arn:aws:bedrock:*::foundation-model/deepseek.*",
    "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0",
    "arn:aws:bedrock:*:*:inference-profile/us.*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/key",
]
CONDITIONS = [None, {"StringEquals": {"aws:PrincipalTag/team": "ml"}}, {"Bool": {"aws:ViaAWSService": "false"}}]

statement = st.fixed_dictionaries(
    {
        "Effect": st.just("Deny"),
        "Action": st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2, unique=True),
        "Resource": st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True),
        "NotResource": st.booleans(),
        "Condition": st.sampled_from(CONDITIONS),
    }
).map(
    lambda s: {
        "Effect": "Deny",
        "Action": s["Action"],
        ("NotResource" if s["NotResource"] else "Resource"): s["Resource"],
        **({"Condition": s["Condition"]} if s["Condition"] else {}),
    }
)


def _brute_force(located: list[Located]) -> set[tuple[str, str]]:
    """(covered statement, the statement reported as covering it), comparing every pair."""
    live = [item for item in located if dead_reason(item.statement) is None]
    found: set[tuple[str, str]] = set()
    for position, narrow in enumerate(live):
        for other, wide in enumerate(live):
            if other == position or not covers(wide.statement, narrow.statement):
                continue
            if covers(narrow.statement, wide.statement) and other > position:
                continue
            found.add((narrow.statement.pointer, f"is already covered by {wide.label}:"))
            break
    return found


def _indexed(level: PolicyLevel) -> set[tuple[str, str]]:
    found = set()
    for finding in lint([level], CURRENT):
        if finding.rule == "shadowed-statement":
            by = finding.message[finding.message.index("is already covered by") : finding.message.index(":") + 1]
            found.add((finding.pointer, by))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statement, min_size=1, max_size=8))
def test_index_finds_what_every_pair_finds(statements: list[dict[str, object]]) -> None:
    """The same statements, each covered by the same one (repeats included: the index holds each
    distinct statement once)."""
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    file = PolicyFile("P.json", parse_policy(text, "P"), read_json(text))
    level = PolicyLevel("target", (file,), is_directory=True)
    assert _indexed(level) == _brute_force(list(LintContext([level], CURRENT).statements()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statement, min_size=1, max_size=4), st.lists(st.integers(0, 3), min_size=2, max_size=12))
def test_repeated_statements_are_covered_as_every_pair_says(
    distinct: list[dict[str, object]], picks: list[int]
) -> None:
    statements = [distinct[pick % len(distinct)] for pick in picks]
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    file = PolicyFile("P.json", parse_policy(text, "P"), read_json(text))
    level = PolicyLevel("target", (file,), is_directory=True)
    assert _indexed(level) == _brute_force(list(LintContext([level], CURRENT).statements()))
