"""The indexes that keep lint near-linear (measured in benchmarks/lint.py) find exactly what comparing
every pair of statements finds: shadowing (statements grouped by scope, the groups indexed by literal
prefixes of actions, resources and resource parts, and by condition) and the open streaming twin
(Denies grouped by resources and conditions)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_gov.catalog.limits import CURRENT
from bedrock_gov.lint import PolicyFile, PolicyLevel, lint
from bedrock_gov.lint.context import LintContext, action_key
from bedrock_gov.lint.model import Located
from bedrock_gov.lint.rules.actions import stream_siblings
from bedrock_gov.lint.rules.redundancy import covers, dead_reason
from bedrock_gov.policy import parse_policy
from bedrock_gov.policy.evaluator import covers_action
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
        "NotAction": st.sampled_from([False, False, False, True]),
        "Action": st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2, unique=True),
        "Resource": st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True),
        "NotResource": st.booleans(),
        "Condition": st.sampled_from(CONDITIONS),
    }
).map(
    lambda s: {
        "Effect": "Deny",
        ("NotAction" if s["NotAction"] else "Action"): s["Action"],
        ("NotResource" if s["NotResource"] else "Resource"): s["Resource"],
        **({"Condition": s["Condition"]} if s["Condition"] else {}),
    }
)


def _brute_force(located: list[Located]) -> set[tuple[str, str, str]]:
    """Each live Deny covered by another, with the first that covers it (of two that cover each
    other, the later one is the one covered), as (file, pointer, message)."""
    live = [item for item in located if item.statement.effect == "Deny" and dead_reason(item.statement) is None]
    found: set[tuple[str, str, str]] = set()
    for position, narrow in enumerate(live):
        for other, wide in enumerate(live):
            if other == position or not covers(wide.statement, narrow.statement):
                continue
            if covers(narrow.statement, wide.statement) and other > position:
                continue
            message = f"{narrow.label} is already covered by {wide.label}: it denies nothing more"
            found.add((narrow.file.source, narrow.statement.pointer, message))
            break
    return found


def _level(files: list[list[dict[str, object]]]) -> PolicyLevel:
    parsed = []
    for number, statements in enumerate(files):
        text = json.dumps({"Version": "2012-10-17", "Statement": statements})
        parsed.append(PolicyFile(f"P{number}.json", parse_policy(text, f"P{number}"), read_json(text)))
    return PolicyLevel("target", tuple(parsed), is_directory=True)


def _found(level: PolicyLevel, rule: str) -> set[tuple[str, str, str]]:
    return {(f.source, f.pointer, f.message) for f in lint([level], CURRENT) if f.rule == rule}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(statement, min_size=1, max_size=6), min_size=1, max_size=2))
def test_index_finds_what_every_pair_finds(files: list[list[dict[str, object]]]) -> None:
    level = _level(files)
    expected = _brute_force(list(LintContext([level], CURRENT).statements()))
    assert _found(level, "shadowed-statement") == expected


def _open_twins(located: list[Located]) -> set[tuple[str, str, str]]:
    """Reference for stream-sibling-open: each Deny covering one of a pair and not the other, unless
    another Deny with the same resources, NotResource and conditions covers the other."""
    denies = [item.statement for item in located if item.statement.effect == "Deny"]
    found = set()
    for item in located:
        statement = item.statement
        if statement.effect != "Deny":
            continue
        for action, twin in stream_siblings().items():
            if not covers_action(statement, action) or covers_action(statement, twin):
                continue
            if any(
                covers_action(other, twin)
                and (other.resources, other.not_resource) == (statement.resources, statement.not_resource)
                and set(other.conditions) == set(statement.conditions)
                for other in denies
            ):
                continue
            found.add((item.file.source, f"{statement.pointer}/{action_key(statement)}", twin))
    return found


TWIN_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "bedrock:InvokeModel*", "s3:*"]
twin_statement = st.fixed_dictionaries(
    {
        "Effect": st.just("Deny"),
        "Action": st.lists(st.sampled_from(TWIN_ACTIONS), min_size=1, max_size=2, unique=True),
        "Resource": st.lists(st.sampled_from(RESOURCES[:3]), min_size=1, max_size=2, unique=True),
        "Condition": st.sampled_from(CONDITIONS[:2]),
    }
).map(lambda s: {key: value for key, value in s.items() if value is not None})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(twin_statement, min_size=1, max_size=5), min_size=1, max_size=2))
def test_open_twin_index_finds_what_every_pair_finds(files: list[list[dict[str, object]]]) -> None:
    level = _level(files)
    found = {
        (source, pointer, next(twin for twin in stream_siblings().values() if f"but not {twin}:" in message))
        for source, pointer, message in _found(level, "stream-sibling-open")
    }
    assert found == _open_twins(list(LintContext([level], CURRENT).statements()))
