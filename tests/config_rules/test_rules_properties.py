"""Property tests: on any mutation of a real event, no handler raises, every request it sends is
valid for PutEvaluations (checked with botocore's own validator and the service model), and no
evaluation names a resource type the rule does not judge.

AWS is replaced by an in-memory fake here (hundreds of runs per handler); the same handlers run
against moto and Stubber in test_rules_handlers.py.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.validate import validate_parameters
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rule_helpers import load_event

from bedrock_gov.config_rules import (
    agent_guardrail,
    agent_lambda_vpc,
    guardrail_prompt_attack,
    invocation_logging,
    long_term_api_keys,
    runtime,
)
from bedrock_gov.config_rules.dry_run import RecordingConfigClient

PUT_EVALUATIONS = (
    boto3.client("config", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    .meta.service_model.operation_model("PutEvaluations")
    .input_shape
)
NOW = datetime(2026, 11, 1, tzinfo=UTC)
TYPES = [
    "AWS::Lambda::Function",
    "AWS::Bedrock::Guardrail",
    "AWS::IAM::User",
    "AWS::Bedrock::Agent",
    "AWS::::Account",
    "AWS::EC2::Instance",
]


class FakeAws:
    """Answers every read call the rules make, for any service, with small AWS-shaped data."""

    class meta:
        region_name = "us-east-1"

    def list_functions(self, **_: Any) -> dict[str, Any]:
        return {
            "Functions": [
                {"FunctionName": "agent", "FunctionArn": "arn:aws:lambda:us-east-1:1:function:agent"},
                {"FunctionName": "vpc", "FunctionArn": "arn:fn:vpc", "VpcConfig": {"SubnetIds": ["subnet-1"]}},
            ]
        }

    def list_tags(self, **_: Any) -> dict[str, Any]:
        return {"Tags": {"BedrockAgent": "true"}}

    def get_model_invocation_logging_configuration(self, **_: Any) -> dict[str, Any]:
        return {"loggingConfig": {"s3Config": {"bucketName": "b"}, "textDataDeliveryEnabled": True}}

    def get_bucket_encryption(self, **_: Any) -> dict[str, Any]:
        return {
            "ServerSideEncryptionConfiguration": {
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            }
        }

    def describe_log_groups(self, **_: Any) -> dict[str, Any]:
        return {"logGroups": []}

    def list_service_specific_credentials(self, **_: Any) -> dict[str, Any]:
        credential = {
            "UserName": "alice",
            "Status": "Active",
            "ServiceName": "bedrock.amazonaws.com",
            "CreateDate": NOW,
        }
        return {"ServiceSpecificCredentials": [{**credential, "ServiceSpecificCredentialId": "ACCA" + "A" * 16}]}

    def list_users(self, **_: Any) -> dict[str, Any]:
        return {
            "Users": [
                {"UserName": "alice", "UserId": "AIDA" + "A" * 12},
                {"UserName": "bob", "UserId": "AIDA" + "B" * 12},
            ]
        }

    def list_agents(self, **_: Any) -> dict[str, Any]:
        return {"agentSummaries": [{"agentId": "AGENT00001", "agentName": "a"}]}

    def get_resource_config_history(self, resourceType: str, resourceId: str, **_: Any) -> dict[str, Any]:
        item = {"resourceType": resourceType, "resourceId": resourceId, "configurationItemStatus": "OK"}
        return {"configurationItems": [{**item, "configuration": "{}", "configurationItemCaptureTime": NOW}]}

    def get_compliance_details_by_config_rule(self, **_: Any) -> dict[str, Any]:
        qualifiers = [{"ResourceType": kind, "ResourceId": "gone-" + str(n)} for n, kind in enumerate(TYPES)]
        return {
            "EvaluationResults": [{"EvaluationResultIdentifier": {"EvaluationResultQualifier": q}} for q in qualifiers]
        }


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=300),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {
        "resourceType": draw(st.sampled_from(TYPES) | st.text(max_size=30) | st.none()),
        "resourceId": draw(st.text(max_size=900) | st.none() | st.integers()),
        "configurationItemStatus": draw(
            st.sampled_from(
                ["OK", "ResourceDiscovered", "ResourceNotRecorded", "ResourceDeleted", "ResourceDeletedNotRecorded"]
            )
            | st.text(max_size=10)
        ),
        "configurationItemCaptureTime": draw(
            st.sampled_from(["2016-02-17T01:36:34.043Z", "not a time", ""]) | st.none()
        ),
        "tags": draw(
            st.none()
            | st.dictionaries(st.sampled_from(["BedrockAgent", "x"]), st.sampled_from(["true", "false"]) | json_values)
        ),
        "configuration": draw(
            st.none()
            | json_values
            | st.fixed_dictionaries({"vpcConfig": st.none() | st.fixed_dictionaries({"subnetIds": json_values})})
            | st.fixed_dictionaries(
                {
                    "ContentPolicyConfig": st.fixed_dictionaries(
                        {
                            "FiltersConfig": st.lists(
                                st.fixed_dictionaries({"Type": st.just("PROMPT_ATTACK"), "InputStrength": json_values})
                            )
                        }
                    )
                }
            )
        ),
    }
    return draw(st.sampled_from([item, {k: v for k, v in item.items() if draw(st.booleans())}]))


@st.composite
def mutated_events(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    message_type = draw(
        st.sampled_from(
            [
                "ConfigurationItemChangeNotification",
                "OversizedConfigurationItemChangeNotification",
                "ScheduledNotification",
            ]
        )
        | st.text(max_size=20)
    )
    body: dict[str, Any] = {
        "messageType": message_type,
        "notificationCreationTime": draw(st.sampled_from(["2016-07-13T21:50:00.373Z", "garbage"])),
    }
    if draw(st.booleans()):
        body["configurationItem"] = draw(items())
    if draw(st.booleans()):
        body["configurationItemSummary"] = draw(items())
    event = dict(base)
    event["invokingEvent"] = draw(st.sampled_from([json.dumps(body)]) | st.text(max_size=40) | json_values)
    event["ruleParameters"] = draw(
        st.sampled_from([base.get("ruleParameters"), "{}", "{", "[]", '{"unknown": 1}'])
        | st.text(max_size=40)
        | json_values
    )
    event["resultToken"] = draw(st.sampled_from(["myResultToken", "TESTMODE", ""]) | json_values)
    event["eventLeftScope"] = draw(st.booleans() | json_values)
    event["accountId"] = draw(st.sampled_from(["123456789012"]) | json_values)
    return draw(st.sampled_from([event, {k: v for k, v in event.items() if draw(st.booleans())}]) | json_values)


HANDLERS = [
    (agent_lambda_vpc.CONFIG_RULE, "lambda_change_not_in_vpc.json"),
    (guardrail_prompt_attack.CONFIG_RULE, "guardrail_change_medium_prompt_attack.json"),
    (invocation_logging.CONFIG_RULE, "aws_scheduled.json"),
    (long_term_api_keys.CONFIG_RULE, "aws_scheduled.json"),
    (agent_guardrail.CONFIG_RULE, "aws_scheduled.json"),
]


@pytest.mark.parametrize(("rule", "fixture"), HANDLERS, ids=[rule.name for rule, _ in HANDLERS])
def test_mutated_events_never_crash_and_only_governed_types_are_sent(
    rule: runtime.ConfigRule[Any], fixture: str
) -> None:
    """The one exception a handler may end with is `EvaluationIncomplete`, the documented signal
    (docs/rules.md) that something could not be checked, raised after the rest was sent; e.g. a
    scheduled event without `configRuleName`, so disappeared resources cannot be looked up."""
    base = load_event(fixture, ruleParameters="{}")

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_events(base))
    @example(  # found in CI: no configRuleName, so disappeared resources cannot be looked up
        {"invokingEvent": json.dumps({"messageType": "ScheduledNotification"}), "resultToken": "myResultToken"}
    )
    def run_one(event: Any) -> None:
        fake = FakeAws()
        recorder = RecordingConfigClient(lambda: fake)
        with contextlib.suppress(runtime.EvaluationIncomplete):
            runtime.run(rule, event, clients=lambda service: recorder if service == "config" else fake)
        for request in recorder.requests:
            validate_parameters(request, PUT_EVALUATIONS)
            assert len(request["Evaluations"]) <= 100
            for evaluation in request["Evaluations"]:
                assert evaluation["ComplianceResourceType"] in rule.resource_types
                assert len(evaluation.get("Annotation", "")) <= 256

    run_one()
