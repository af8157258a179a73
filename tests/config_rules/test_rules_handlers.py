"""Each handler end to end: moto over HTTP where moto has the API, botocore's Stubber where not.

moto has: Lambda functions and tags, IAM users, Bedrock invocation-logging configuration, S3
bucket encryption, CloudWatch Logs groups, bedrock-agent agents. moto lacks: IAM service-specific
credentials, GetComplianceDetailsByConfigRule, and it drops an agent's guardrailConfiguration;
those are stubbed with AWS-shaped responses (each test says which).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from rule_helpers import ACCOUNT, invoking, load_event, with_invoking

from bedrock_gov.config_rules import (
    agent_guardrail,
    agent_lambda_vpc,
    guardrail_prompt_attack,
    invocation_logging,
    long_term_api_keys,
    runtime,
)
from bedrock_gov.config_rules.dry_run import RecordingConfigClient, dry_run_clients

SCHEDULED = "aws_scheduled.json"


def stubbed(service: str) -> Any:
    return boto3.client(service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


def verdicts(recorder: RecordingConfigClient) -> dict[str, str]:
    return {e["ComplianceResourceId"]: e["ComplianceType"] for e in recorder.evaluations}


def previous_results(*resources: tuple[str, str]) -> dict[str, Any]:
    """A GetComplianceDetailsByConfigRule page naming earlier verdicts."""
    return {
        "EvaluationResults": [
            {
                "EvaluationResultIdentifier": {
                    "EvaluationResultQualifier": {
                        "ConfigRuleName": "r",
                        "ResourceType": kind,
                        "ResourceId": rid,
                    }
                },
                "ComplianceType": "NON_COMPLIANT",
            }
            for kind, rid in resources
        ]
    }


def make_function(clients: Any, name: str, tags: dict[str, str], subnets: list[str] | None = None) -> None:
    iam = clients("iam")
    try:
        role = iam.get_role(RoleName="fn-role")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
        role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    extra: dict[str, Any] = {}
    if subnets:
        extra["VpcConfig"] = {"SubnetIds": subnets, "SecurityGroupIds": []}
    clients("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": code.getvalue()},
        Tags=tags,
        **extra,
    )


def test_agent_vpc_periodic_lists_functions_and_reports_the_disappeared(moto_clients: Any) -> None:
    """Functions and tags from moto; earlier verdicts from a Stubber (moto lacks that Config call)."""
    ec2 = moto_clients("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    make_function(moto_clients, "agent-in-vpc", {"BedrockAgent": "true"}, [subnet])
    make_function(moto_clients, "agent-open", {"BedrockAgent": "true"})
    make_function(moto_clients, "unrelated", {"team": "web"})
    config = stubbed("config")
    factory, recorder = dry_run_clients(lambda service: config if service == "config" else moto_clients(service))
    with Stubber(config) as stub:
        stub.add_response(
            "get_compliance_details_by_config_rule",
            previous_results(
                ("AWS::Lambda::Function", "agent-open"),
                ("AWS::Lambda::Function", "deleted-agent"),
                ("AWS::EC2::Instance", "i-00000000"),
            ),
            {
                "ConfigRuleName": "bedrock-agent-vpc-required",
                "ComplianceTypes": ["COMPLIANT", "NON_COMPLIANT"],
                "Limit": 100,
            },
        )
        runtime.run(agent_lambda_vpc.CONFIG_RULE, load_event("lambda_scheduled.json"), clients=factory)
    assert verdicts(recorder) == {
        "agent-in-vpc": "COMPLIANT",
        "agent-open": "NON_COMPLIANT",
        "unrelated": "NOT_APPLICABLE",
        "deleted-agent": "NOT_APPLICABLE",
    }
    assert {e["ComplianceResourceType"] for e in recorder.evaluations} == {"AWS::Lambda::Function"}
    ordering = {e["OrderingTimestamp"] for e in recorder.evaluations}
    assert ordering == {datetime(2016, 7, 13, 21, 50, 0, 373000, tzinfo=UTC)}


def test_failed_listing_sends_nothing_so_no_verdict_is_wiped() -> None:
    """Stubber: ListFunctions denied. Nothing may be reported as disappeared."""
    lambda_client, config = stubbed("lambda"), stubbed("config")
    factory, recorder = dry_run_clients(lambda service: config if service == "config" else lambda_client)
    with Stubber(lambda_client) as stub:
        stub.add_client_error("list_functions", "AccessDeniedException", http_status_code=403)
        with pytest.raises(runtime.EvaluationIncomplete):
            runtime.run(agent_lambda_vpc.CONFIG_RULE, load_event("lambda_scheduled.json"), clients=factory)
    assert recorder.requests == []


def test_invocation_logging_against_moto(moto_clients: Any) -> None:
    params = '{"requiredDestinations": "S3,CloudWatchLogs", "kmsEncryptionRequired": "true"}'
    event = load_event(SCHEDULED, ruleParameters=params, configRuleName="bedrock-model-invocation-logging-enabled")
    factory, recorder = dry_run_clients(moto_clients)
    runtime.run(invocation_logging.CONFIG_RULE, event, clients=factory)
    [first] = recorder.evaluations
    assert (first["ComplianceResourceType"], first["ComplianceResourceId"], first["ComplianceType"]) == (
        "AWS::::Account",
        ACCOUNT,
        "NON_COMPLIANT",
    )
    key = moto_clients("kms").create_key()["KeyMetadata"]["Arn"]
    moto_clients("s3").create_bucket(Bucket="invocation-logs")
    moto_clients("s3").put_bucket_encryption(
        Bucket="invocation-logs",
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]
        },
    )
    moto_clients("logs").create_log_group(logGroupName="/bedrock/invocations", kmsKeyId=key)
    moto_clients("bedrock").put_model_invocation_logging_configuration(
        loggingConfig={
            "s3Config": {"bucketName": "invocation-logs"},
            "cloudWatchConfig": {"logGroupName": "/bedrock/invocations", "roleArn": f"arn:aws:iam::{ACCOUNT}:role/l"},
            "textDataDeliveryEnabled": True,
        }
    )
    runtime.run(invocation_logging.CONFIG_RULE, event, clients=factory)
    assert recorder.evaluations[-1]["ComplianceType"] == "COMPLIANT"
    moto_clients("logs").delete_log_group(logGroupName="/bedrock/invocations")
    moto_clients("logs").create_log_group(logGroupName="/bedrock/invocations")
    runtime.run(invocation_logging.CONFIG_RULE, event, clients=factory)
    assert recorder.evaluations[-1]["ComplianceType"] == "NON_COMPLIANT"
    assert "log group has no KMS key" in recorder.evaluations[-1]["Annotation"]


def test_api_keys_rule_judges_each_user() -> None:
    """Stubber on a real IAM client: moto has no service-specific credentials. Responses are AWS-shaped."""
    iam = stubbed("iam")
    factory, recorder = dry_run_clients(lambda service: stubbed("config") if service == "config" else iam)
    now = datetime.now(UTC)
    created = now - timedelta(days=200)
    with Stubber(iam) as stub:
        stub.add_response(
            "list_service_specific_credentials",
            {
                "ServiceSpecificCredentials": [
                    {
                        "UserName": "alice",
                        "Status": "Active",
                        "ServiceUserName": "alice-at-123456789012",
                        "CreateDate": created,
                        "ServiceSpecificCredentialId": "ACCAALICEKEY00000001",
                        "ServiceName": "bedrock.amazonaws.com",
                    }
                ],
                "IsTruncated": False,
            },
            {"ServiceName": "bedrock.amazonaws.com", "AllUsers": True},
        )
        stub.add_response(
            "list_users",
            {
                "Users": [
                    {
                        "Path": "/",
                        "UserName": n,
                        "UserId": f"AIDA{n.upper():0<12}",
                        "Arn": f"arn:aws:iam::{ACCOUNT}:user/{n}",
                        "CreateDate": created,
                    }
                    for n in ("alice", "bob")
                ],
                "IsTruncated": False,
            },
        )
        event = load_event(SCHEDULED, ruleParameters='{"maxAgeDays": "90"}', resultToken="TESTMODE")
        runtime.run(long_term_api_keys.CONFIG_RULE, event, clients=factory)
    assert verdicts(recorder) == {"AIDAALICE0000000": "NON_COMPLIANT", "AIDABOB000000000": "COMPLIANT"}
    assert recorder.requests[0]["TestMode"] is True
    assert "alice-at-123456789012" not in json.dumps(recorder.evaluations, default=str)


def test_agent_without_guardrail_against_moto(moto_clients: Any) -> None:
    moto_clients("bedrock-agent").create_agent(
        agentName="support", agentResourceRoleArn=f"arn:aws:iam::{ACCOUNT}:role/agent", foundationModel="m"
    )
    factory, recorder = dry_run_clients(moto_clients)
    event = load_event(SCHEDULED, ruleParameters="{}", resultToken="TESTMODE")
    runtime.run(agent_guardrail.CONFIG_RULE, event, clients=factory)
    [only] = recorder.evaluations
    assert (only["ComplianceResourceType"], only["ComplianceType"]) == ("AWS::Bedrock::Agent", "NON_COMPLIANT")


def test_agent_with_guardrail_via_stubber() -> None:
    """Stubber: moto drops guardrailConfiguration, so the guarded case needs an AWS-shaped ListAgents page."""
    agents = stubbed("bedrock-agent")
    factory, recorder = dry_run_clients(lambda service: agents)
    summary = {
        "agentId": "AGENT00001",
        "agentName": "guarded",
        "agentStatus": "PREPARED",
        "updatedAt": datetime.now(UTC),
    }
    with Stubber(agents) as stub:
        stub.add_response(
            "list_agents",
            {
                "agentSummaries": [
                    {**summary, "guardrailConfiguration": {"guardrailIdentifier": "gr1", "guardrailVersion": "2"}}
                ],
                "nextToken": "p2",
            },
            {"maxResults": 100},
        )
        stub.add_response(
            "list_agents",
            {"agentSummaries": [{**summary, "agentId": "AGENT00002"}]},
            {"maxResults": 100, "nextToken": "p2"},
        )
        runtime.run(
            agent_guardrail.CONFIG_RULE,
            load_event(SCHEDULED, resultToken="TESTMODE", ruleParameters="{}"),
            clients=factory,
        )
    assert verdicts(recorder) == {"AGENT00001": "COMPLIANT", "AGENT00002": "NON_COMPLIANT"}


def test_guardrail_change_is_judged_inline() -> None:
    recorder = RecordingConfigClient()
    event = load_event("guardrail_change_medium_prompt_attack.json")
    runtime.run(guardrail_prompt_attack.CONFIG_RULE, event, clients=lambda s: recorder)
    [only] = recorder.evaluations
    assert (only["ComplianceResourceType"], only["ComplianceType"]) == ("AWS::Bedrock::Guardrail", "NON_COMPLIANT")
    assert "MEDIUM" in only["Annotation"]


def test_periodic_rules_ignore_change_notifications_except_deletions() -> None:
    recorder = RecordingConfigClient()
    change = load_event("lambda_change_not_in_vpc.json")
    runtime.run(agent_guardrail.CONFIG_RULE, change, clients=lambda s: recorder)
    assert recorder.requests == []
    deleted = load_event("lambda_change_deleted.json")
    body = invoking(deleted)
    body["configurationItem"].update(resourceType="AWS::IAM::User", resourceId="AIDAALICE0000000")
    runtime.run(long_term_api_keys.CONFIG_RULE, with_invoking(deleted, body), clients=lambda s: recorder)
    assert verdicts(recorder) == {"AIDAALICE0000000": "NOT_APPLICABLE"}


def test_lambda_handler_entry_points_take_event_and_context() -> None:
    for module in (
        agent_lambda_vpc,
        agent_guardrail,
        guardrail_prompt_attack,
        invocation_logging,
        long_term_api_keys,
    ):
        assert module.lambda_handler(None, None)["status"] == "malformed-event"


def test_partial_failure_sends_what_it_could_then_raises() -> None:
    """Stubber (Lambda and Config): one function's tags are denied. The other is judged and sent;
    the denied one gets no verdict and is not mistaken for a disappeared resource."""
    lambda_client, config = stubbed("lambda"), stubbed("config")
    factory, recorder = dry_run_clients(lambda service: config if service == "config" else lambda_client)
    functions = [
        {"FunctionName": name, "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:{name}"}
        for name in ("readable", "denied")
    ]
    with Stubber(lambda_client) as lambda_stub, Stubber(config) as config_stub:
        lambda_stub.add_response("list_functions", {"Functions": functions})
        lambda_stub.add_response(
            "list_tags", {"Tags": {"BedrockAgent": "true"}}, {"Resource": functions[0]["FunctionArn"]}
        )
        lambda_stub.add_client_error("list_tags", "AccessDeniedException", http_status_code=403)
        config_stub.add_response(
            "get_compliance_details_by_config_rule", previous_results(("AWS::Lambda::Function", "denied"))
        )
        with pytest.raises(runtime.EvaluationIncomplete):
            runtime.run(agent_lambda_vpc.CONFIG_RULE, load_event("lambda_scheduled.json"), clients=factory)
    assert verdicts(recorder) == {"readable": "NON_COMPLIANT"}
