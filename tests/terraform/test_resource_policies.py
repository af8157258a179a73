"""The alert path's resource policies, read from the module's HCL and judged by bedrock-gov's own
policy engine (resource-policy mode), not by looking at the JSON.

The `aws_iam_policy_document` blocks become IAM JSON the way the provider builds it (statement ->
Statement; principals -> Principal; condition -> Condition; effect defaults to Allow), with the
module's locals filled in for one example account.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hcl_model import MODULE, is_meta_key, label, load

from bedrock_gov.policy import Request, ResourcePolicyEvaluator, parse_policy

ACCOUNT = "111122223333"
OTHER_ACCOUNT = "444455556666"
REGION = "us-east-1"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:bedrock-gov-alerts"
QUEUE = f"arn:aws:sqs:{REGION}:{ACCOUNT}:bedrock-gov-alerts-dlq"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CONFIG = load(MODULE)
VALUES = {
    "local.partition": "aws",
    "local.account_id": ACCOUNT,
    "local.region": REGION,
    "var.name_prefix": "bedrock-gov",
    "aws_sns_topic.alerts[0].arn": TOPIC,
    "aws_sqs_queue.alerts_dlq[0].arn": QUEUE,
}
_INTERPOLATION = re.compile(r"\$\{([^}]+)\}")


def local_text(name: str) -> str:
    for parsed in CONFIG.files.values():
        for block in parsed.get("locals", []):
            if name in block:
                return label(block[name])
    raise KeyError(name)


def resolve(text: str) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression in VALUES:
            return VALUES[expression]
        assert expression.startswith("local."), f"no value for {expression}"
        return resolve(local_text(expression.removeprefix("local.")))

    return _INTERPOLATION.sub(value, label(text))


def strings(value: Any) -> list[str]:
    return [resolve(item) for item in (value if isinstance(value, list) else [value])]


def policy_json(name: str) -> str:
    """The IAM JSON of `data.aws_iam_policy_document.<name>`."""
    body = CONFIG.data[("aws_iam_policy_document", name)]
    statements = []
    for block in body["statement"]:
        statement: dict[str, Any] = {"Effect": label(block.get("effect", '"Allow"'))}
        if "sid" in block:
            statement["Sid"] = label(block["sid"])
        statement["Action"] = strings(block["actions"])
        statement["Resource"] = strings(block["resources"])
        principal: dict[str, list[str]] = {}
        for entry in block.get("principals", []):
            principal.setdefault(label(entry["type"]), []).extend(strings(entry["identifiers"]))
        statement["Principal"] = "*" if principal.get("*") == ["*"] else principal
        for condition in block.get("condition", []):
            tests = statement.setdefault("Condition", {}).setdefault(label(condition["test"]), {})
            tests[label(condition["variable"])] = strings(condition["values"])
        statements.append({key: value for key, value in statement.items() if not is_meta_key(key)})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def evaluator(name: str) -> ResourcePolicyEvaluator:
    return ResourcePolicyEvaluator(parse_policy(policy_json(name), name, resource_policy=True))


RULE_ARN = resolve("${local.event_rule_arn}")


def test_the_rule_arn_is_the_event_rule_the_module_creates() -> None:
    assert f"arn:aws:events:{REGION}:{ACCOUNT}:rule/bedrock-gov-noncompliant" == RULE_ARN
    rule = CONFIG.resources[("aws_cloudwatch_event_rule", "noncompliant")]
    assert resolve(rule["name"]) == RULE_ARN.rsplit("/", 1)[1]


def test_eventbridge_may_publish_when_the_source_is_this_rule() -> None:
    request = Request.build("sns:Publish", TOPIC, {"aws:SourceArn": RULE_ARN}, principal="events.amazonaws.com")
    decision = evaluator("topic").evaluate(request)
    assert decision.allowed and decision.statement is not None and decision.statement.sid == "EventBridgeRulePublishes"


@pytest.mark.parametrize(
    ("principal", "source"),
    [
        ("events.amazonaws.com", RULE_ARN.replace(ACCOUNT, OTHER_ACCOUNT)),  # another account's rule
        ("events.amazonaws.com", RULE_ARN.replace("noncompliant", "something-else")),  # another rule here
        ("events.amazonaws.com", None),
        ("s3.amazonaws.com", RULE_ARN),
        (f"arn:aws:iam::{OTHER_ACCOUNT}:root", RULE_ARN),
    ],
)
def test_nobody_else_may_publish(principal: str, source: str | None) -> None:
    context = {"aws:SourceArn": source} if source else {}
    assert not evaluator("topic").evaluate(Request.build("sns:Publish", TOPIC, context, principal=principal)).allowed


def test_the_account_manages_its_topic() -> None:
    admin = f"arn:aws:iam::{ACCOUNT}:role/platform-admin"
    assert evaluator("topic").evaluate(Request.build("sns:Subscribe", TOPIC, principal=admin)).allowed
    stranger = f"arn:aws:iam::{OTHER_ACCOUNT}:role/platform-admin"
    assert not evaluator("topic").evaluate(Request.build("sns:Subscribe", TOPIC, principal=stranger)).allowed


@pytest.mark.parametrize("action", ["kms:GenerateDataKey", "kms:Decrypt"])
@pytest.mark.parametrize(
    ("principal", "context"),
    [("events.amazonaws.com", {}), ("sns.amazonaws.com", {"aws:SourceAccount": ACCOUNT})],
)
def test_eventbridge_and_sns_may_use_the_key(action: str, principal: str, context: dict[str, str]) -> None:
    assert evaluator("kms").evaluate(Request.build(action, KEY, context, principal=principal)).allowed


def test_the_key_is_not_open_to_others() -> None:
    key = evaluator("kms")
    assert not key.evaluate(Request.build("kms:Decrypt", KEY, principal=f"arn:aws:iam::{OTHER_ACCOUNT}:root")).allowed
    assert not key.evaluate(
        Request.build("kms:Decrypt", KEY, {"aws:SourceAccount": OTHER_ACCOUNT}, principal="sns.amazonaws.com")
    ).allowed
    assert not key.evaluate(Request.build("kms:ScheduleKeyDeletion", KEY, principal="events.amazonaws.com")).allowed
    assert key.evaluate(
        Request.build("kms:ScheduleKeyDeletion", KEY, principal=f"arn:aws:iam::{ACCOUNT}:role/admin")
    ).allowed


def test_eventbridge_may_dead_letter_only_from_this_rule() -> None:
    queue = evaluator("dlq")
    assert queue.evaluate(
        Request.build("sqs:SendMessage", QUEUE, {"aws:SourceArn": RULE_ARN}, principal="events.amazonaws.com")
    ).allowed
    other = RULE_ARN.replace(ACCOUNT, OTHER_ACCOUNT)
    assert not queue.evaluate(
        Request.build("sqs:SendMessage", QUEUE, {"aws:SourceArn": other}, principal="events.amazonaws.com")
    ).allowed
