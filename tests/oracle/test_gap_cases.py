"""The lint gap rules rest on how AWS evaluates these policies; iam-simulate reads them the same way.

Each case is a documented reading: a Deny on a key no request carries never applies (a misspelt
global key, another service's key); a Deny on InvokeModel does not reach InvokeModelWithResponseStream
(ConverseStream); an Allow conditioned on aws:RequestedRegion, alone at its level, leaves a CRIS
destination-Region leg and the global leg (`unspecified`) with no Allow at all.
"""

from __future__ import annotations

import json
import os

import pytest
from iam_simulate import RawRequest, missing_reason, outcome, run_batch

from bedrock_gov.policy import Evaluator, Level, parse_policy

ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
MODEL = "arn:aws:bedrock:us-east-2::foundation-model/deepseek.r1-v1:0"
PROFILE = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.deepseek.r1-v1:0"


def _deny(action: str, condition: dict[str, object] | None = None) -> dict[str, object]:
    statement: dict[str, object] = {"Effect": "Deny", "Action": action, "Resource": "*"}
    return {**statement, "Condition": condition} if condition else statement


# name -> (statements, request, documented outcome)
CASES: dict[str, tuple[list[dict[str, object]], RawRequest, str]] = {
    "a misspelt Region key never matches": (
        [ALLOW_ALL, _deny("*", {"StringEquals": {"aws:RequestedRegoin": "us-east-2"}})],
        RawRequest("bedrock:InvokeModel", MODEL, {"aws:RequestedRegion": "us-east-2"}),
        "Allowed",
    ),
    "the Mantle model key is absent from bedrock:InvokeModel": (
        [ALLOW_ALL, _deny("bedrock:InvokeModel", {"StringLike": {"bedrock-mantle:Model": "deepseek.*"}})],
        RawRequest("bedrock:InvokeModel", MODEL, {"aws:RequestedRegion": "us-east-2"}),
        "Allowed",
    ),
    "a deny on InvokeModel leaves the streaming action": (
        [ALLOW_ALL, _deny("bedrock:InvokeModel")],
        RawRequest("bedrock:InvokeModelWithResponseStream", MODEL, {"aws:RequestedRegion": "us-east-2"}),
        "Allowed",
    ),
    "a Region Allow alone leaves a destination leg without an Allow": (
        [{**ALLOW_ALL, "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1"]}}}],
        RawRequest(
            "bedrock:InvokeModel", MODEL, {"aws:RequestedRegion": "us-east-2", "bedrock:InferenceProfileArn": PROFILE}
        ),
        "ImplicitlyDenied",
    ),
    "a Region Allow alone leaves the global leg without an Allow": (
        [{**ALLOW_ALL, "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1"]}}}],
        RawRequest(
            "bedrock:InvokeModel",
            "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0",
            {"aws:RequestedRegion": "unspecified"},
        ),
        "ImplicitlyDenied",
    ),
}


def _levels(statements: list[dict[str, object]]) -> list[Level]:
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    return [Level("account", (parse_policy(text, "UnderTest"),))]


@pytest.mark.parametrize("name", sorted(CASES))
def test_documented_reading(name: str) -> None:
    statements, request, expected = CASES[name]
    assert outcome(Evaluator(_levels(statements)).evaluate(request.to_request())) == expected


_MISSING = missing_reason()
if _MISSING is not None and os.environ.get("CI"):
    raise RuntimeError(f"the iam-simulate oracle must run in CI: {_MISSING}")


@pytest.mark.skipif(_MISSING is not None, reason=f"iam-simulate oracle unavailable: {_MISSING}")
def test_iam_simulate_reads_the_gap_cases_the_same_way() -> None:
    names = sorted(CASES)
    results = run_batch([(_levels(CASES[name][0]), [CASES[name][1]]) for name in names])
    assert {name: result.outcomes[0] for name, result in zip(names, results, strict=True)} == {
        name: CASES[name][2] for name in names
    }
