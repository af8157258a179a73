"""Layer 3: NON_COMPLIANT -> EventBridge rule -> SNS topic (policy, key, subscription), with a DLQ."""

from __future__ import annotations

import json

import pytest

from audit.snapshots import (
    ALERT_RULE,
    EVENT_PATTERN,
    MANAGEMENT,
    MEMBER,
    REGION,
    TOPIC,
    healthy,
    key_policy,
    member_region,
    of,
    run,
    topic_policy,
)
from bedrock_gov.audit.alerting import compliance_event
from bedrock_gov.audit.event_pattern import Undecided, matches

CHAIN = (
    "alert-rule-matches-noncompliance",
    "alert-sns-target",
    "alert-subscription-confirmed",
    "alert-target-dead-letter-queue",
)


def _member(control: str, snapshot: dict[str, object]) -> list[tuple[str, str]]:
    return [(f.status, f.message) for f in of(run(snapshot), control) if f.account_id == MEMBER]  # type: ignore[arg-type]


def test_a_complete_chain_passes() -> None:
    findings = run(healthy())
    for control in (*CHAIN, "alert-topic-policy", "alert-key-policy"):
        assert {f.status for f in of(findings, control)} == {"PASS"}, control
    [topic] = [f for f in of(findings, "alert-topic-policy") if f.account_id == MEMBER]
    assert (topic.region, topic.resource_id) == (REGION, TOPIC.format(account=MEMBER))


def test_the_article_topic_without_a_policy_for_eventbridge_fails() -> None:
    """The article's topic has no topic policy for EventBridge: its default policy lets only the owner publish."""
    snapshot = healthy()
    topic = member_region(snapshot)["sns"]["topics"][0]
    owner_only = {
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "sns:Publish",
        "Resource": topic["arn"],
        "Condition": {"StringEquals": {"AWS:SourceOwner": MEMBER}},
    }
    topic["policy"] = json.dumps({"Version": "2012-10-17", "Statement": [owner_only]})
    [(status, message)] = _member("alert-topic-policy", snapshot)
    assert status == "FAIL" and "events.amazonaws.com" in message


def test_a_topic_policy_for_another_rule_fails_and_a_key_without_eventbridge_fails() -> None:
    snapshot = healthy()
    region = member_region(snapshot)
    other_rule = ALERT_RULE.format(account="999999999999")
    region["sns"]["topics"][0]["policy"] = topic_policy(region["sns"]["topics"][0]["arn"], other_rule)
    assert _member("alert-topic-policy", snapshot)[0][0] == "FAIL"

    snapshot = healthy()
    region = member_region(snapshot)
    admin_only = json.loads(key_policy(MEMBER))
    admin_only["Statement"] = admin_only["Statement"][:1]
    region["sns"]["keys"][0]["policy"] = json.dumps(admin_only)
    [(status, message)] = _member("alert-key-policy", snapshot)
    assert status == "FAIL" and "kms:GenerateDataKey" in message


def test_unreadable_policies_and_unknown_keys_are_unknown() -> None:
    snapshot = healthy()
    region = member_region(snapshot)
    region["sns"]["topics"][0]["policy"] = None
    region["sns"]["keys"] = []
    findings = [f for f in run(snapshot) if f.account_id == MEMBER]
    assert {(f.status, f.reason) for f in of(findings, "alert-topic-policy")} == {
        ("UNKNOWN", "the topic policy was not read")
    }
    [key] = of(findings, "alert-key-policy")
    assert key.status == "UNKNOWN" and "not in the snapshot" in (key.reason or "")


def test_a_disabled_rule_or_a_compliant_only_pattern_fails() -> None:
    snapshot = healthy()
    member_region(snapshot)["events"]["rules"][0]["state"] = "DISABLED"
    [(status, message)] = _member("alert-rule-matches-noncompliance", snapshot)
    assert status == "FAIL" and "bedrock-agent-vpc-required" in message

    snapshot = healthy()
    pattern = json.loads(json.dumps(EVENT_PATTERN))
    pattern["detail"]["newEvaluationResult"]["complianceType"] = ["COMPLIANT"]
    member_region(snapshot)["events"]["rules"][0]["event_pattern"] = json.dumps(pattern)
    assert _member("alert-rule-matches-noncompliance", snapshot)[0][0] == "FAIL"


def test_a_pattern_with_a_filter_we_do_not_read_is_unknown() -> None:
    snapshot = healthy()
    pattern = json.loads(json.dumps(EVENT_PATTERN))
    pattern["detail"]["newEvaluationResult"]["complianceType"] = [{"numeric": [">", 0]}]
    member_region(snapshot)["events"]["rules"][0]["event_pattern"] = json.dumps(pattern)
    [finding] = [f for f in of(run(snapshot), "alert-rule-matches-noncompliance") if f.account_id == MEMBER]
    assert finding.status == "UNKNOWN" and "numeric" in (finding.reason or "")


def test_pending_subscription_fails_no_dlq_fails_aws_managed_key_fails() -> None:
    snapshot = healthy()
    region = member_region(snapshot)
    region["sns"]["topics"][0]["subscriptions"][0]["pending_confirmation"] = True
    region["events"]["rules"][0]["targets"][0]["dead_letter_arn"] = None
    region["sns"]["topics"][0]["kms_key_id"] = "alias/aws/sns"
    findings = run(snapshot)
    for control in ("alert-subscription-confirmed", "alert-target-dead-letter-queue", "alert-key-policy"):
        [finding] = [f for f in of(findings, control) if f.account_id == MEMBER]
        assert finding.status == "FAIL", control
    [pending] = [f for f in of(findings, "alert-subscription-confirmed") if f.account_id == MEMBER]
    assert "pending confirmation" in pending.message


def test_a_rule_without_an_sns_target_fails() -> None:
    snapshot = healthy()
    member_region(snapshot)["events"]["rules"][0]["targets"][0]["arn"] = f"arn:aws:sqs:{REGION}:{MEMBER}:queue"
    assert _member("alert-sns-target", snapshot) == [("FAIL", "the alert rule delivers to no SNS topic")]


def test_forwarding_to_the_governance_accounts_bus_reaches_its_topic() -> None:
    snapshot = healthy()
    bus = f"arn:aws:events:{REGION}:{MANAGEMENT}:event-bus/default"
    member_region(snapshot)["events"]["rules"][0]["targets"][0]["arn"] = bus
    member_region(snapshot)["sns"]["topics"] = []
    [(status, message)] = _member("alert-sns-target", snapshot)
    assert status == "PASS" and TOPIC.format(account=MANAGEMENT) in message


def test_events_not_collected_is_unknown() -> None:
    snapshot = healthy()
    member_region(snapshot)["events"]["collection"] = {"status": "access_denied", "reason": "events:ListRules"}
    [(status, _)] = _member("alert-rule-matches-noncompliance", snapshot)
    assert status == "UNKNOWN"


EVENT = compliance_event("bedrock-agent-vpc-required", MEMBER, REGION)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ({"source": ["aws.config"]}, True),
        ({"source": ["aws.ec2"]}, False),
        ({"detail": {"configRuleName": [{"prefix": "bedrock-"}]}}, True),
        ({"detail": {"configRuleName": [{"suffix": "-required"}]}}, True),
        ({"detail": {"configRuleName": [{"wildcard": "bedrock-*-vpc-*"}]}}, True),
        ({"detail": {"configRuleName": [{"anything-but": ["bedrock-agent-vpc-required"]}]}}, False),
        ({"detail": {"configRuleName": [{"anything-but": {"prefix": "other"}}]}}, True),
        ({"detail-type": [{"equals-ignore-case": "config rules compliance change"}]}, True),
        ({"detail": {"oldEvaluationResult": [{"exists": False}]}}, True),
        ({"detail": {"newEvaluationResult": {"complianceType": [{"exists": True}]}}}, True),
        ({"$or": [{"source": ["aws.ec2"]}, {"source": ["aws.config"]}]}, True),
        ({"detail": {"missing": ["x"]}}, False),
    ],
)
def test_event_pattern_matching(pattern: dict[str, object], expected: bool) -> None:
    assert matches(json.dumps(pattern), EVENT) is expected


def test_a_pattern_on_a_field_of_unknown_value_is_undecided() -> None:
    with pytest.raises(Undecided):
        matches('{"detail": {"resourceType": ["AWS::Lambda::Function"]}}', EVENT, frozenset({"detail.resourceType"}))
    with pytest.raises(Undecided):
        matches("not json", EVENT)
