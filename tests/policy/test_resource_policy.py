"""Resource-based policies: the Principal element and evaluation of one policy alone.

Policies are AWS's documented examples: EventBridge user guide ("Amazon SNS permissions" for rule
targets), KMS developer guide (the default key policy), IAM guide ("Principal" and "NotPrincipal").
"""

from __future__ import annotations

import json

import pytest

from bedrock_gov.policy import PolicyParseError, Request, ResourcePolicyEvaluator, parse_policy

TOPIC = "arn:aws:sns:us-east-1:111122223333:bedrock-gov-alerts"
RULE = "arn:aws:events:us-east-1:111122223333:rule/bedrock-gov-noncompliant"
OTHER_RULE = "arn:aws:events:us-east-1:444455556666:rule/bedrock-gov-noncompliant"

EVENTBRIDGE_TO_SNS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "PublishEventsToMyTopic",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": TOPIC,
            "Condition": {"ArnEquals": {"aws:SourceArn": RULE}},
        }
    ],
}
KMS_DEFAULT = {
    "Version": "2012-10-17",
    "Id": "key-default-1",
    "Statement": [
        {
            "Sid": "EnableIAMUserPermissions",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ],
}


def evaluator(document: dict[str, object]) -> ResourcePolicyEvaluator:
    return ResourcePolicyEvaluator(parse_policy(json.dumps(document), "policy", resource_policy=True))


def publish(principal: str, source_arn: str | None) -> Request:
    context = {"aws:SourceArn": source_arn} if source_arn else {}
    return Request.build("sns:Publish", TOPIC, context, principal=principal)


def test_the_rule_named_in_the_condition_may_publish() -> None:
    decision = evaluator(EVENTBRIDGE_TO_SNS).evaluate(publish("events.amazonaws.com", RULE))
    assert decision.allowed and decision.statement is not None
    assert decision.statement.sid == "PublishEventsToMyTopic"


@pytest.mark.parametrize(
    ("principal", "source"),
    [
        ("events.amazonaws.com", OTHER_RULE),  # another account's rule
        ("events.amazonaws.com", None),  # no source at all
        ("sns.amazonaws.com", RULE),  # another service
        ("arn:aws:iam::111122223333:role/admin", RULE),  # an IAM role is not the service
    ],
)
def test_anyone_else_may_not_publish(principal: str, source: str | None) -> None:
    decision = evaluator(EVENTBRIDGE_TO_SNS).evaluate(publish(principal, source))
    assert not decision.allowed and decision.reason == "no_allow"


def test_the_statement_covers_only_its_action_and_resource() -> None:
    policy = evaluator(EVENTBRIDGE_TO_SNS)
    assert not policy.evaluate(
        Request.build("sns:DeleteTopic", TOPIC, {"aws:SourceArn": RULE}, principal="events.amazonaws.com")
    ).allowed
    other_topic = TOPIC.replace("bedrock-gov-alerts", "other")
    assert not policy.evaluate(
        Request.build("sns:Publish", other_topic, {"aws:SourceArn": RULE}, principal="events.amazonaws.com")
    ).allowed


@pytest.mark.parametrize(
    ("caller", "allowed"),
    [
        ("111122223333", True),
        ("arn:aws:iam::111122223333:role/KeyAdmin", True),
        ("arn:aws:sts::111122223333:assumed-role/KeyAdmin/session", True),
        ("arn:aws:iam::444455556666:root", False),
        ("events.amazonaws.com", False),
        (None, False),
    ],
)
def test_an_account_principal_covers_every_principal_of_that_account(caller: str | None, allowed: bool) -> None:
    decision = evaluator(KMS_DEFAULT).evaluate(Request.build("kms:Decrypt", "*", principal=caller))
    assert decision.allowed is allowed


def test_account_id_and_root_arn_are_the_same_principal() -> None:
    by_id = {**KMS_DEFAULT, "Statement": [{**KMS_DEFAULT["Statement"][0], "Principal": {"AWS": "111122223333"}}]}  # type: ignore[index]
    request = Request.build("kms:Decrypt", "*", principal="arn:aws:iam::111122223333:user/alice")
    assert evaluator(by_id).evaluate(request).allowed


def test_a_role_principal_matches_its_sessions_but_not_other_roles() -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/Ops"},
                "Action": "s3:GetObject",
                "Resource": "*",
            }
        ],
    }
    policy = evaluator(document)
    assert policy.evaluate(
        Request.build("s3:GetObject", "arn:aws:s3:::b/k", principal="arn:aws:sts::111122223333:assumed-role/Ops/x")
    ).allowed
    assert not policy.evaluate(
        Request.build("s3:GetObject", "arn:aws:s3:::b/k", principal="arn:aws:iam::111122223333:role/Dev")
    ).allowed


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}])
def test_star_is_everyone(principal: object) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": principal,
                "Action": "bedrock:ApplyGuardrail",
                "Resource": "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}},
            }
        ],
    }
    policy = evaluator(document)
    guardrail = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc"
    member = "arn:aws:iam::444455556666:role/app"
    assert policy.evaluate(
        Request.build("bedrock:ApplyGuardrail", guardrail, {"aws:PrincipalOrgID": "o-exampleorgid"}, principal=member)
    ).allowed
    assert not policy.evaluate(
        Request.build("bedrock:ApplyGuardrail", guardrail, {"aws:PrincipalOrgID": "o-other"}, principal=member)
    ).allowed


def test_explicit_deny_wins_and_not_principal_exempts_only_the_listed() -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"]},
                "Action": "s3:*",
                "Resource": "*",
            },
        ],
    }
    policy = evaluator(document)
    bob = policy.evaluate(
        Request.build("s3:GetObject", "arn:aws:s3:::b/k", principal="arn:aws:iam::444455556666:user/Bob")
    )
    eve = policy.evaluate(
        Request.build("s3:GetObject", "arn:aws:s3:::b/k", principal="arn:aws:iam::777788889999:user/Eve")
    )
    assert bob.allowed
    assert not eve.allowed and eve.reason == "explicit_deny"


def test_scps_still_reject_principal() -> None:
    with pytest.raises(PolicyParseError) as error:
        parse_policy(json.dumps(EVENTBRIDGE_TO_SNS), "scp")
    assert [issue.rule for issue in error.value.issues] == ["principal-in-scp"]


@pytest.mark.parametrize(
    ("principal", "needle"),
    [
        ({"AWS": "arn:aws:iam::111122223333:role/*"}, "wildcard"),
        ({"Robot": "x"}, "unknown principal type"),
        ({"AWS": "alice"}, "neither an account ID"),
        ([], "a principal must be"),
    ],
)
def test_malformed_principals_are_errors(principal: object, needle: str) -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "s3:*", "Resource": "*"}],
    }
    with pytest.raises(PolicyParseError) as error:
        parse_policy(json.dumps(document), "policy", resource_policy=True)
    assert any(needle in issue.message and issue.rule == "bad-principal" for issue in error.value.issues)


def test_a_resource_policy_statement_needs_a_principal() -> None:
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    with pytest.raises(PolicyParseError):
        parse_policy(json.dumps(document), "policy", resource_policy=True)
    with pytest.raises(ValueError, match="not parsed as a resource policy"):
        ResourcePolicyEvaluator(parse_policy(json.dumps(document), "scp"))


def test_sns_default_topic_policy_parses_and_does_not_let_eventbridge_publish() -> None:
    """SNS writes Version 2008-10-17 into every default topic policy (accepted for resource
    policies); its owner-only statement does not let events.amazonaws.com publish (the article's
    topic, whose alerts never arrive)."""
    topic = "arn:aws:sns:us-east-1:111122223333:alerts"
    default = {
        "Version": "2008-10-17",
        "Id": "__default_policy_ID",
        "Statement": [
            {
                "Sid": "__default_statement_ID",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["SNS:GetTopicAttributes", "SNS:Subscribe", "SNS:Publish"],
                "Resource": topic,
                "Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}},
            }
        ],
    }
    evaluator = ResourcePolicyEvaluator(parse_policy(json.dumps(default), "topic", resource_policy=True))
    context = {"aws:SourceArn": "arn:aws:events:us-east-1:111122223333:rule/alerts"}
    assert not evaluator.evaluate(
        Request.build("sns:Publish", topic, context, principal="events.amazonaws.com")
    ).allowed
    owner = {"AWS:SourceOwner": "111122223333"}
    assert evaluator.evaluate(
        Request.build("sns:Publish", topic, owner, principal="arn:aws:iam::111122223333:role/app")
    ).allowed


def test_a_legacy_version_with_variables_is_refused_not_misread() -> None:
    text = json.dumps(
        {
            "Version": "2008-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::b/${aws:username}/*",
                }
            ],
        }
    )
    with pytest.raises(PolicyParseError, match="literal text"):
        parse_policy(text, "bucket", resource_policy=True)
    with pytest.raises(PolicyParseError, match="must be"):
        parse_policy(text.replace("${aws:username}/", ""), "scp")
