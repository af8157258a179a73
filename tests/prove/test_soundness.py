"""UNKNOWN instead of a wrong answer, ERROR on a disagreement, and P3's age limits."""

from __future__ import annotations

import json

import z3

from bedrock_gov.intent import ApiKeys, Intent, Models
from bedrock_gov.policy import Evaluator, Level, parse_policy
from bedrock_gov.prove import Prover, Status, prove_all
from bedrock_gov.prove.confirm import LegsDecided
from bedrock_gov.prove.outcomes import Verdict
from bedrock_gov.prove.prover import Question, settle
from bedrock_gov.prove.queries.properties import p1_no_route, p3_api_key_creation
from bedrock_gov.prove.solve import Query
from bedrock_gov.prove.symbolize import SymRequest

FULL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
DEEPSEEK = Intent(models=Models(blocked_families=["deepseek"]))


def hierarchy(*statements: dict[str, object]) -> list[Level]:
    text = json.dumps({"Version": "2012-10-17", "Statement": [FULL, *statements]})
    return [Level("root", (parse_policy(text, "scp"),))]


def test_unencoded_date_condition_gives_unknown_not_a_false_answer() -> None:
    # Denies deepseek at any time after 2001: in reality always. The prover does not encode Date
    # operators; its counterexample (the Deny not applying) is refuted by the evaluator.
    deny = {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "Resource": "*",
        "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2001-01-01T00:00:00Z"}},
    }
    result = p1_no_route(Prover(hierarchy(deny)), DEEPSEEK)
    direct = next(check for check in result.checks if check.name == "direct foundation-model call")
    assert direct.status is Status.UNKNOWN
    assert "DateGreaterThan on aws:CurrentTime" in direct.detail


def test_unencoded_construct_still_proves_when_it_cannot_matter() -> None:
    deny = {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "Resource": "arn:aws:bedrock:*::foundation-model/deepseek.*",
    }
    dated = {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "Resource": "*",
        "Condition": {"DateLessThan": {"aws:CurrentTime": "2001-01-01T00:00:00Z"}},
    }
    result = p1_no_route(Prover(hierarchy(deny, dated)), DEEPSEEK)
    direct = next(check for check in result.checks if check.name == "direct foundation-model call")
    assert direct.status is Status.PROVED


def test_policy_variable_in_deny_resource_is_not_trusted() -> None:
    # The Deny names the model through a principal tag. A principal without the tag is not denied.
    deny = {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "Resource": "arn:aws:bedrock:*::foundation-model/${aws:PrincipalTag/m}*",
    }
    result = p1_no_route(Prover(hierarchy(deny)), DEEPSEEK)
    direct = next(check for check in result.checks if check.name == "direct foundation-model call")
    assert direct.status is Status.VIOLATED
    assert direct.decisions[0].allowed


def test_a_disagreement_with_the_evaluator_is_an_error() -> None:
    # The claim says "denied", the evaluator allows everything: the two disagree.
    request = SymRequest(z3.String("a"), z3.String("r"), ("s3:getobject",))
    question = Question(
        name="rigged",
        query=Query(legs=(request,), goal=[request.resource == z3.StringVal("*")]),
        claim=LegsDecided(Evaluator(hierarchy()), "denied"),
        found=Verdict(Status.VIOLATED, "found"),
        none=Verdict(Status.PROVED, "none"),
    )
    assert settle(question).status is Status.ERROR


def _age_policy(limit: int) -> dict[str, object]:
    return {
        "Effect": "Deny",
        "Action": "iam:CreateServiceSpecificCredential",
        "Resource": "*",
        "Condition": {
            "StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"},
            "NumericGreaterThanIfExists": {"iam:ServiceSpecificCredentialAgeDays": str(limit)},
        },
    }


def test_max_age_keys_proved_when_the_scp_matches_the_intent() -> None:
    intent = Intent(api_keys=ApiKeys(mode="max_age", max_age_days=90))
    assert p3_api_key_creation(Prover(hierarchy(_age_policy(90))), intent).status is Status.PROVED


def test_max_age_keys_violated_when_the_scp_is_looser() -> None:
    intent = Intent(api_keys=ApiKeys(mode="max_age", max_age_days=90))
    result = p3_api_key_creation(Prover(hierarchy(_age_policy(365))), intent)
    assert result.status is Status.VIOLATED
    age = int(result.checks[0].requests[0].context["iam:servicespecificcredentialagedays"][0])
    assert 90 < age <= 365


def test_ifexists_lets_keys_without_expiry_through() -> None:
    # With IfExists the Deny applies when the age is absent too, so no-expiry keys are denied;
    # without it, a key with no expiry (the age key absent) slips through.
    policy = _age_policy(90)
    condition = policy["Condition"]
    assert isinstance(condition, dict)
    condition["NumericGreaterThan"] = condition.pop("NumericGreaterThanIfExists")
    intent = Intent(api_keys=ApiKeys(mode="max_age", max_age_days=90))
    result = p3_api_key_creation(Prover(hierarchy(policy)), intent)
    assert result.status is Status.VIOLATED
    assert "iam:servicespecificcredentialagedays" not in result.checks[0].requests[0].context


def test_everything_open_violates_every_property() -> None:
    intent = Intent(models=Models(approved_families=["anthropic"], blocked_families=["deepseek"]))
    results = prove_all(Prover(hierarchy()), intent)
    assert [result.status for result in results] == [Status.VIOLATED, Status.PROVED, Status.VIOLATED, Status.VIOLATED]
