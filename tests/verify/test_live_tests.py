"""Each live test against the emulator, with doubles only for what moto cannot do (named per test)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber
from doubles import SCP_DENIAL, config_double, credentials_double
from verify_emulator import NOTHING, Emulator, leftovers

from bedrock_gov.verify.outcome import Status
from bedrock_gov.verify.runner import run_one
from bedrock_gov.verify.scp_test import choose_models

CONVERSE_OK = {
    "output": {"message": {"role": "assistant", "content": [{"text": "OK"}]}},
    "stopReason": "end_turn",
    "usage": {"inputTokens": 12, "outputTokens": 2, "totalTokens": 14},
    "metrics": {"latencyMs": 90},
}


def stub_converse(emulator: Emulator, answers: list[tuple[str, str] | None]) -> Stubber:
    """Bedrock runtime is not emulated: a Stubber answers each Converse in turn, None for success,
    (code, message) for an error."""
    runtime = emulator.real("bedrock-runtime")
    stubber = Stubber(runtime)
    for answer in answers:
        if answer is None:
            stubber.add_response("converse", CONVERSE_OK)
        else:
            stubber.add_client_error(
                "converse", service_error_code=answer[0], service_message=answer[1], http_status_code=403
            )
    stubber.activate()
    emulator.made["bedrock-runtime"] = runtime
    return stubber


SCP = ("AccessDeniedException", SCP_DENIAL.format(action="bedrock:InvokeModel", resource="x"))


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        ([SCP, None, None], Status.PASS),
        ([None, None, None], Status.FAIL),  # the unapproved model answered: no SCP blocks it
        ([SCP, None, SCP], Status.FAIL),  # the profile route is blocked (the article's SCP 2)
        ([SCP, ("ThrottlingException", "slow down"), None], Status.UNDECIDED),
        ([("AccessDeniedException", "Access denied"), None, None], Status.UNDECIDED),
    ],
)
def test_scp_test(emulator: Emulator, answers: list[tuple[str, str] | None], status: Status) -> None:
    """Doubled: Bedrock runtime (Stubber with AWS's documented error codes and SCP message)."""
    stubber = stub_converse(emulator, answers)
    result, _ = run_one(emulator.run_context(), "scp")
    stubber.assert_no_pending_responses()
    assert result.status is status, result
    assert len(result.steps) == 3
    assert "deepseek.r1-v1:0" in result.verdict.evidence[0]


def test_models_come_from_the_intent_or_the_defaults() -> None:
    default = choose_models("us-east-1", [], [])
    assert (default.unapproved, default.approved, default.approved_profile) == (
        "deepseek.r1-v1:0",
        "amazon.nova-pro-v1:0",
        "us.amazon.nova-pro-v1:0",
    )
    chosen = choose_models("eu-west-1", ["anthropic", "deepseek"], ["meta"])
    assert chosen.approved.startswith("anthropic.") and chosen.approved_profile == f"eu.{chosen.approved}"
    assert chosen.unapproved.startswith("meta.")
    assert choose_models("sa-east-1", [], []).approved_profile is None


@pytest.mark.parametrize(
    ("double", "status"),
    [
        ({}, Status.PASS),
        ({"bedrock_allowed": True}, Status.FAIL),
        ({"codecommit_denied": True}, Status.FAIL),
    ],
)
def test_api_key_test(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], double: dict[str, Any], status: Status
) -> None:
    """Doubled: IAM service-specific credentials (moto has none): AccessDenied with the SCP message."""
    emulator.overrides["iam"] = credentials_double(**double)
    result, _ = run_one(emulator.run_context(), "api-keys")
    assert result.status is status, result
    assert "SECRET" not in repr(result) and "SECRET" not in capsys.readouterr().out
    assert emulator.calls.count("iam DeleteServiceSpecificCredential") == (
        2 if double.get("bedrock_allowed") else 1
    ) - (1 if double.get("codecommit_denied") else 0)
    assert leftovers(emulator.real) == NOTHING


@pytest.mark.parametrize(
    ("compliance", "status"),
    [
        ("NON_COMPLIANT", Status.PASS),
        ("COMPLIANT", Status.FAIL),
        ("NOT_APPLICABLE", Status.FAIL),
        (None, Status.UNDECIDED),
    ],
)
def test_config_test(emulator: Emulator, compliance: str | None, status: Status) -> None:
    """Doubled: Config's compliance query (moto never evaluates a rule); it answers on the 3rd poll."""
    emulator.overrides["config"] = config_double(emulator.quiet, compliance, after_polls=3)
    timing = emulator.run_context().timing
    result, _ = run_one(
        emulator.run_context(timing=type(timing)(timeout=0.5, first_wait=0.01, max_wait=0.05)), "config"
    )
    assert result.status is status, result
    polls = emulator.calls.count("config GetComplianceDetailsByResource")
    assert polls == 3 if compliance else polls > 3
    assert leftovers(emulator.real) == NOTHING
    assert any("DeleteFunction" not in line for line in result.cleanup)


def test_config_test_fails_when_the_rule_is_missing(emulator: Emulator) -> None:
    emulator.real("config").delete_config_rule(ConfigRuleName="bedrock-agent-vpc-required")
    result, _ = run_one(emulator.run_context(), "config")
    assert result.status is Status.FAIL and "not deployed" in result.verdict.summary
    assert "lambda CreateFunction" not in emulator.calls


def test_config_test_retries_while_the_new_role_propagates(emulator: Emulator) -> None:
    """Doubled: CreateFunction's first answer is AWS's InvalidParameterValueException for a role Lambda
    cannot assume yet; then moto creates the function."""
    lambda_client = emulator.real("lambda")
    answers = iter(["not yet"])

    def create_function(**kwargs: Any) -> Any:
        if next(answers, None):
            from doubles import client_error

            raise client_error(
                "InvalidParameterValueException",
                "The role defined for the function cannot be assumed by Lambda.",
                "CreateFunction",
            )
        return lambda_client.create_function(**kwargs)

    emulator.overrides["lambda"] = {"CreateFunction": create_function}
    emulator.overrides["config"] = config_double(emulator.quiet)
    result, _ = run_one(emulator.run_context(), "config")
    assert result.status is Status.PASS
    assert any("2 attempt(s)" in step.detail for step in result.steps)


def test_alert_test(emulator: Emulator) -> None:
    """Doubled: Config evaluation and EventBridge -> SNS (StartConfigRulesEvaluation publishes the
    input transformer's text to the topic); SNS -> SQS delivery is moto's own."""
    emulator.overrides["config"] = config_double(emulator.quiet)
    result, _ = run_one(emulator.run_context(), "alerts")
    assert result.status is Status.PASS, result
    assert "bedrock-gov-verify-rtest0001-alert" in result.verdict.summary
    assert result.verdict.evidence[0].startswith("message ")
    assert leftovers(emulator.real) == NOTHING


def test_alert_test_reports_pending_email_subscriptions(emulator: Emulator) -> None:
    """Doubled: ListSubscriptionsByTopic adds an email subscription pending confirmation (moto
    confirms emails at once); the rest of the listing is moto's."""
    sns = emulator.real("sns")

    def listing(**kwargs: Any) -> Any:
        page = sns.list_subscriptions_by_topic(**kwargs)
        pending = {"SubscriptionArn": "PendingConfirmation", "Protocol": "email", "Endpoint": "sec@example.com"}
        return {**page, "Subscriptions": [*page["Subscriptions"], pending]}

    emulator.overrides["sns"] = {"ListSubscriptionsByTopic": listing}
    emulator.overrides["config"] = config_double(emulator.quiet)
    result, _ = run_one(emulator.run_context(), "alerts")
    assert result.status is Status.PASS
    assert any("pending confirmation" in line and "sec@example.com" in line for line in result.verdict.evidence)


def test_alert_test_times_out_without_an_alert(emulator: Emulator) -> None:
    """Doubled: Config as above, but nothing is ever published (a topic policy that blocks EventBridge)."""
    emulator.overrides["config"] = config_double(emulator.quiet, compliance=None)
    timing = emulator.run_context().timing
    result, _ = run_one(
        emulator.run_context(timing=type(timing)(timeout=0.3, first_wait=0.01, max_wait=0.05)), "alerts"
    )
    assert result.status is Status.UNDECIDED and "no alert" in result.verdict.summary
    assert leftovers(emulator.real) == NOTHING


def test_alert_test_fails_without_the_topic(emulator: Emulator) -> None:
    emulator.real("sns").delete_topic(TopicArn=emulator.run_context().alert_topic_arn)
    result, _ = run_one(emulator.run_context(), "alerts")
    assert result.status is Status.FAIL and "does not exist" in result.verdict.summary
