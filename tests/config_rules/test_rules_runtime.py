"""The behaviour every handler shares, shown on AWS's documented example events and odd cases.

PutEvaluations is exercised four ways: recorded in memory (RecordingConfigClient), against
moto over HTTP in test mode (moto implements PutEvaluations only with TestMode=True), with
botocore's Stubber on a real client where moto cannot answer (a real result token,
GetResourceConfigHistory for a Lambda function, GetComplianceDetailsByConfigRule), and with
answers injected at the HTTP layer where botocore's own retries must run (throttling).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import boto3
import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.stub import ANY, Stubber
from rule_helpers import answer_http, aws_error, invoking, load_event, only_config, with_invoking

from bedrock_gov.collect import MAX_ATTEMPTS, boto3_clients
from bedrock_gov.config_rules import agent_lambda_vpc, evaluations, guardrail_prompt_attack, runtime
from bedrock_gov.config_rules.dry_run import RecordingConfigClient

VPC_RULE = agent_lambda_vpc.CONFIG_RULE


def run_recorded(rule: runtime.ConfigRule[Any], event: dict[str, Any]) -> tuple[dict[str, Any], RecordingConfigClient]:
    recorder = RecordingConfigClient()
    return runtime.run(rule, event, clients=only_config(recorder)), recorder


def real_config(attempts: int = 1) -> Any:
    """A real Config client; `attempts` in all, retried by botocore's standard mode as in production."""
    retries = Config(retries={"mode": "standard", "total_max_attempts": attempts})
    return boto3.client(
        "config", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x", config=retries
    )


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry sleeps, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", SimpleNamespace(sleep=slept.append))
    return slept


@pytest.mark.parametrize(
    "fixture", ["aws_change_ec2_instance.json", "aws_oversized_ec2_instance.json", "aws_scheduled.json"]
)
def test_aws_example_events_for_other_types_send_nothing_to_a_change_only_rule(fixture: str) -> None:
    outcome, recorder = run_recorded(guardrail_prompt_attack.CONFIG_RULE, load_event(fixture, ruleParameters="{}"))
    assert outcome["status"] == "ok"
    assert recorder.requests == []


def test_change_notification_is_judged_inline_with_the_capture_time() -> None:
    outcome, recorder = run_recorded(VPC_RULE, load_event("lambda_change_not_in_vpc.json"))
    assert outcome == {"rule": "bedrock-agent-vpc-required", "status": "ok", "evaluations": 1}
    [request] = recorder.requests
    assert request["ResultToken"] == "myResultToken" and request["TestMode"] is False
    [evaluation] = request["Evaluations"]
    assert evaluation["ComplianceResourceType"] == "AWS::Lambda::Function"
    assert evaluation["ComplianceResourceId"] == "agent-actions"
    assert evaluation["ComplianceType"] == "NON_COMPLIANT"
    assert evaluation["OrderingTimestamp"] == datetime(2016, 2, 17, 1, 36, 34, 43000, tzinfo=UTC)


def test_deleted_resource_with_null_configuration_is_not_applicable() -> None:
    _, recorder = run_recorded(VPC_RULE, load_event("lambda_change_deleted.json"))
    [evaluation] = recorder.evaluations
    assert (evaluation["ComplianceType"], evaluation["Annotation"]) == ("NOT_APPLICABLE", "The resource was deleted.")


def test_resource_that_left_scope_is_not_applicable() -> None:
    _, recorder = run_recorded(VPC_RULE, load_event("lambda_change_not_in_vpc.json", eventLeftScope=True))
    assert [e["ComplianceType"] for e in recorder.evaluations] == ["NOT_APPLICABLE"]


def test_null_tags_and_vpc_config_do_not_crash() -> None:
    event = load_event("lambda_change_not_in_vpc.json")
    body = invoking(event)
    body["configurationItem"]["tags"] = None
    _, recorder = run_recorded(VPC_RULE, with_invoking(event, body))
    assert [e["ComplianceType"] for e in recorder.evaluations] == ["NOT_APPLICABLE"]
    body["configurationItem"]["tags"] = {"BedrockAgent": "true"}
    body["configurationItem"]["configuration"]["vpcConfig"] = None
    _, recorder = run_recorded(VPC_RULE, with_invoking(event, body))
    assert [e["ComplianceType"] for e in recorder.evaluations] == ["NON_COMPLIANT"]


@pytest.mark.parametrize("parameters", ['{"tagKey": ', '["tagKey"]', '{"tagKee": "x"}', '{"tagKey": ""}'])
def test_malformed_rule_parameters_give_one_clear_log_line_and_no_evaluation(
    parameters: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bedrock_gov.config_rules")
    outcome, recorder = run_recorded(VPC_RULE, load_event("lambda_change_in_vpc.json", ruleParameters=parameters))
    assert outcome["status"] == "invalid-parameters"
    assert recorder.requests == []
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "invalid rule parameters" in record.getMessage() and record.exc_info is None


@pytest.mark.parametrize(
    "event",
    [None, [], {}, {"invokingEvent": "{", "resultToken": "t"}, {"invokingEvent": "{}", "resultToken": "t"}],
)
def test_malformed_events_are_logged_not_raised(event: Any) -> None:
    outcome, recorder = run_recorded(VPC_RULE, event)
    assert outcome["status"] == "malformed-event" and recorder.requests == []


def test_unknown_message_type_is_malformed() -> None:
    event = load_event("lambda_scheduled.json")
    outcome, _ = run_recorded(VPC_RULE, with_invoking(event, {**invoking(event), "messageType": "Surprise"}))
    assert outcome["status"] == "malformed-event"


def test_test_mode_sends_with_test_mode_to_moto(moto_clients: Any) -> None:
    """moto implements PutEvaluations only with TestMode=True: exactly the path a TESTMODE token takes."""
    event = load_event("lambda_change_in_vpc.json", resultToken="TESTMODE")
    outcome = runtime.run(VPC_RULE, event, clients=moto_clients)
    assert outcome["evaluations"] == 1


def test_real_token_goes_to_put_evaluations_unchanged() -> None:
    """Stubber on a real client: botocore validates the request against the PutEvaluations model."""
    config = real_config()
    with Stubber(config) as stub:
        stub.add_response(
            "put_evaluations",
            {"FailedEvaluations": []},
            {"Evaluations": ANY, "ResultToken": "myResultToken", "TestMode": False},
        )
        runtime.run(VPC_RULE, load_event("lambda_change_in_vpc.json"), clients=only_config(config))
        stub.assert_no_pending_responses()


def test_throttling_is_retried_with_growing_backoff(waits: list[float]) -> None:
    config = real_config(attempts=4)
    throttled = (400, aws_error("ThrottlingException"))
    sent = answer_http(config, [throttled, throttled, (200, {"FailedEvaluations": []})])
    outcome = runtime.run(VPC_RULE, load_event("lambda_change_in_vpc.json"), clients=only_config(config))
    assert outcome["status"] == "ok"
    assert len(sent) == 3
    assert len(waits) == 2 and 0 <= waits[0] <= 1.0 and 0 <= waits[1] <= 2.0


def test_throttled_past_every_retry_raises_after_logging(waits: list[float], caplog: pytest.LogCaptureFixture) -> None:
    config = real_config(attempts=4)
    sent = answer_http(config, [(400, aws_error("ThrottlingException"))] * 4)
    with pytest.raises(runtime.EvaluationIncomplete):
        runtime.run(VPC_RULE, load_event("lambda_change_in_vpc.json"), clients=only_config(config))
    assert len(sent) == 4
    assert any("ThrottlingException after 4 attempts" in r.getMessage() for r in caplog.records)


def test_access_denied_is_not_retried(waits: list[float]) -> None:
    config = real_config(attempts=4)
    sent = answer_http(config, [(400, aws_error("AccessDeniedException"))])
    with pytest.raises(runtime.EvaluationIncomplete):
        runtime.run(VPC_RULE, load_event("lambda_change_in_vpc.json"), clients=only_config(config))
    assert (len(sent), waits) == (1, [])


def test_production_clients_retry_in_standard_mode_with_bounded_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3_clients()("config")
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": MAX_ATTEMPTS}


def test_evaluations_go_in_batches_of_at_most_100() -> None:
    recorder = RecordingConfigClient()
    now = datetime.now(UTC)
    many = [evaluations.evaluation("AWS::IAM::User", f"AIDA{i}", "COMPLIANT", "ok", now) for i in range(250)]
    evaluations.send(recorder, many, "token", False)
    assert [len(r["Evaluations"]) for r in recorder.requests] == [100, 100, 50]
    assert len({e["ComplianceResourceId"] for e in recorder.evaluations}) == 250


def test_annotations_are_cut_to_256_characters() -> None:
    long = evaluations.truncate("word " * 100)
    assert len(long) == 256 and long.endswith("...")
    assert evaluations.truncate("short") == "short"


HISTORY_ITEM = {
    "version": "1.3",
    "accountId": "123456789012",
    "configurationItemCaptureTime": datetime(2016, 10, 6, 16, 46, 16, tzinfo=UTC),
    "configurationItemStatus": "OK",
    "configurationStateId": "1",
    "arn": "arn:aws:lambda:us-west-2:123456789012:function:agent-actions",
    "resourceType": "AWS::Lambda::Function",
    "resourceId": "agent-actions",
    "resourceName": "agent-actions",
    "awsRegion": "us-west-2",
    "tags": {"BedrockAgent": "true"},
    "configuration": '{"functionName":"agent-actions","vpcConfig":{"subnetIds":["subnet-1"],"securityGroupIds":[]}}',
}


def test_oversized_item_is_fetched_with_get_resource_config_history() -> None:
    """Stubber: moto does not record Lambda functions in Config, so it cannot return this item."""
    config = real_config()
    with Stubber(config) as stub:
        stub.add_response(
            "get_resource_config_history",
            {"configurationItems": [HISTORY_ITEM]},
            {
                "resourceType": "AWS::Lambda::Function",
                "resourceId": "agent-actions",
                "laterTime": datetime(2016, 10, 6, 16, 46, 16, 261000, tzinfo=UTC),
                "limit": 1,
            },
        )
        stub.add_response("put_evaluations", {"FailedEvaluations": []})
        runtime.run(VPC_RULE, load_event("lambda_oversized.json"), clients=only_config(config))
        stub.assert_no_pending_responses()


def test_oversized_item_verdict_comes_from_the_fetched_configuration() -> None:
    config = real_config()
    recorder = RecordingConfigClient(lambda: config)
    with Stubber(config) as stub:
        stub.add_response("get_resource_config_history", {"configurationItems": [HISTORY_ITEM]})
        runtime.run(VPC_RULE, load_event("lambda_oversized.json"), clients=only_config(recorder))
    assert [e["ComplianceType"] for e in recorder.evaluations] == ["COMPLIANT"]


def test_oversized_item_not_in_config_history_is_reported_unchecked(
    moto_clients: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Against moto over HTTP: it answers ResourceNotDiscoveredException for an unrecorded function."""
    recorder = RecordingConfigClient(lambda: moto_clients("config"))
    with pytest.raises(runtime.EvaluationIncomplete):
        runtime.run(VPC_RULE, load_event("lambda_oversized.json"), clients=only_config(recorder))
    assert recorder.requests == []
    [line] = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "AWS::Lambda::Function agent-actions" in line and "ResourceNotDiscoveredException" in line


def test_oversized_deleted_summary_needs_no_fetch() -> None:
    event = load_event("lambda_oversized.json")
    body = invoking(event)
    body["configurationItemSummary"]["configurationItemStatus"] = "ResourceDeleted"
    _, recorder = run_recorded(VPC_RULE, with_invoking(event, body))
    assert [e["ComplianceType"] for e in recorder.evaluations] == ["NOT_APPLICABLE"]
