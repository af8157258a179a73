"""Test 4, the alert path: a new NON_COMPLIANT result reaches the alert topic. A temporary SQS queue
is subscribed to the topic, a non-compliant agent function is deployed, the rule is asked to
re-evaluate, and the queue is read until the alert naming that function arrives or --timeout.
Email subscriptions still pending confirmation are reported: such addresses receive nothing."""

from __future__ import annotations

import json
from typing import Any

from bedrock_gov.collect.aws_calls import error_code
from bedrock_gov.verify.agent_function import deploy_agent_function
from bedrock_gov.verify.cleanup import Ledger, subscriptions_to
from bedrock_gov.verify.config_test import EXPECTED, rule_is_deployed
from bedrock_gov.verify.context import CONFIG_RULE, RunContext
from bedrock_gov.verify.outcome import Status, Steps, Verdict
from bedrock_gov.verify.plan import TestPlan
from bedrock_gov.verify.waiting import poll

LABEL = "alert"
PENDING = "PendingConfirmation"
LONG_POLL_SECONDS = 20
"""SQS long polling: the most ReceiveMessage may wait."""


def plan(run: RunContext) -> TestPlan:
    return TestPlan(
        creates=(
            ("sqs-queue", run.name(LABEL)),
            ("sns-subscription", f"{run.name(LABEL)} -> {run.alert_topic_arn}"),
            ("iam-role", run.name(f"{LABEL}-role")),
            ("lambda-function", run.name(LABEL)),
        ),
        calls=(
            ("config DescribeConfigRules", f"{CONFIG_RULE} is deployed"),
            ("sns ListSubscriptionsByTopic", "the topic exists; email subscriptions pending confirmation"),
            ("sqs CreateQueue", "the queue the alert is read from (SSE-SQS)"),
            ("sqs GetQueueAttributes", "its ARN"),
            ("sqs SetQueueAttributes", "a queue policy letting only the alert topic send"),
            ("sns Subscribe", "the queue to the topic"),
            ("iam CreateRole", "the function's execution role (no permissions)"),
            ("lambda CreateFunction", "tagged BedrockAgent=true, no VPC, never invoked"),
            ("config StartConfigRulesEvaluation", CONFIG_RULE),
            ("sqs ReceiveMessage", "until the alert for the function arrives or --timeout"),
        ),
    )


def _queue_policy(queue_arn: str, topic_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "sns.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue_arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}},
                }
            ],
        }
    )


def _subscribe_queue(run: RunContext, ledger: Ledger, steps: Steps) -> str:
    """Create the tagged queue and subscribe it to the topic; its URL."""
    sqs = run.clients("sqs")
    name = run.name(LABEL)
    with steps.timed("sqs CreateQueue") as detail:
        ledger.add("sqs-queue", name)
        url: str = sqs.create_queue(QueueName=name, Attributes={"SqsManagedSseEnabled": "true"}, tags=run.tags)[
            "QueueUrl"
        ]
        queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _queue_policy(queue_arn, run.alert_topic_arn)})
        detail.append(queue_arn)
    with steps.timed("sns Subscribe") as detail:
        ledger.add("sns-subscription", queue_arn)
        subscription = run.clients("sns").subscribe(
            TopicArn=run.alert_topic_arn, Protocol="sqs", Endpoint=queue_arn, ReturnSubscriptionArn=True
        )
        detail.append(subscription["SubscriptionArn"])
    return url


def _alert_for(messages: list[dict[str, Any]], function_name: str) -> tuple[str, str] | None:
    """(SNS message id, text) of the first delivered message naming the function."""
    for message in messages:
        try:
            envelope = json.loads(message["Body"])
        except ValueError:
            envelope = None
        if isinstance(envelope, dict) and isinstance(envelope.get("Message"), str):
            text, message_id = envelope["Message"], str(envelope.get("MessageId", message["MessageId"]))
        else:
            text, message_id = message["Body"], message["MessageId"]
        if function_name in text:
            return message_id, text
    return None


def _pending_emails(run: RunContext) -> list[str]:
    return [
        f"{sub.get('Protocol')} {sub.get('Endpoint')}"
        for sub in subscriptions_to(run.clients, run.alert_topic_arn)
        if sub.get("SubscriptionArn") == PENDING
    ]


def run_test(run: RunContext, ledger: Ledger, steps: Steps) -> Verdict:
    with steps.timed("config DescribeConfigRules"):
        if not rule_is_deployed(run):
            return Verdict(Status.FAIL, f"the Config rule {CONFIG_RULE} is not deployed in {run.region}")
    with steps.timed("sns ListSubscriptionsByTopic"):
        try:
            pending = _pending_emails(run)
        except Exception as error:
            if error_code(error) == "NotFound":
                return Verdict(Status.FAIL, f"the alert topic {run.alert_topic_arn} does not exist")
            raise
    notes = tuple(f"subscription pending confirmation (receives nothing): {endpoint}" for endpoint in pending)
    url = _subscribe_queue(run, ledger, steps)
    function_name = deploy_agent_function(run, ledger, steps, LABEL)
    with steps.timed("config StartConfigRulesEvaluation"):
        run.clients("config").start_config_rules_evaluation(ConfigRuleNames=[CONFIG_RULE])
    sqs = run.clients("sqs")
    wait = min(LONG_POLL_SECONDS, int(run.timing.max_wait))

    def receive() -> tuple[str, str] | None:
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait)
        return _alert_for(received.get("Messages", []), function_name)

    with steps.timed("sqs ReceiveMessage (polling)") as detail:
        alert, polls = poll(receive, run.timing)
        detail.append(f"{polls} poll(s)")
    if alert is None:
        return Verdict(Status.UNDECIDED, f"no alert for {function_name} within {run.timing.timeout:.0f} s", notes)
    message_id, text = alert
    missing = [part for part in (CONFIG_RULE, EXPECTED) if part not in text]
    evidence = (f"message {message_id}: {text.strip()[:300]}", *notes)
    if missing:
        return Verdict(Status.FAIL, f"the alert for {function_name} does not name {', '.join(missing)}", evidence)
    return Verdict(Status.PASS, f"alert {message_id} names {CONFIG_RULE}, {function_name} and NON_COMPLIANT", evidence)
