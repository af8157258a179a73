"""Collection statuses from AWS errors, and credentials reduced to metadata."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.parsers import ResponseParserError
from botocore.stub import Stubber

from bedrock_gov.collect.aws_calls import CannotCheck, call
from bedrock_gov.collect.iam_credentials import credential_record
from bedrock_gov.collect.org.region import collect_iam
from bedrock_gov.collect.sns_topics import subscription_record
from bedrock_gov.collect.status import failure
from bedrock_gov.snapshot import ServiceSpecificCredential


def _failed(error: Exception) -> CannotCheck:
    def list_guardrails() -> None:
        raise error

    with pytest.raises(CannotCheck) as raised:
        call(list_guardrails)
    return raised.value


def _client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "X")


@pytest.mark.parametrize(
    ("error", "status", "reason"),
    [
        (_client_error("500", 500), "not_available", "ListGuardrails: not available here"),
        (ResponseParserError("not XML"), "not_available", "ListGuardrails: not available here"),
        (_client_error("UnknownOperationException", 400), "not_available", "ListGuardrails: not available here"),
        (_client_error("AccessDeniedException", 403), "access_denied", "ListGuardrails: AccessDeniedException"),
        (
            _client_error("UnrecognizedClientException", 403),
            "region_disabled",
            "ListGuardrails: UnrecognizedClientException",
        ),
        (_client_error("ThrottlingException", 400), "throttled", "ListGuardrails: ThrottlingException"),
        (_client_error("InternalFailure", 500), "error", "ListGuardrails: InternalFailure"),
    ],
)
def test_failures_become_statuses_with_reasons(error: Exception, status: str, reason: str) -> None:
    collection = failure(_failed(error))
    assert collection["status"] == status
    assert collection.get("reason", "").startswith(reason)


SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


COLLECTED = {"status": "collected"}


def test_a_credential_record_cannot_hold_a_secret() -> None:
    assert set(ServiceSpecificCredential.__annotations__) == {
        "id",
        "service_name",
        "status",
        "create_date",
        "expiration_date",
    }
    planted: dict[str, Any] = {
        "ServiceSpecificCredentialId": "ACCA1",
        "ServiceName": "bedrock.amazonaws.com",
        "Status": "Active",
        "CreateDate": datetime(2026, 1, 2, tzinfo=UTC),
        "UserName": "dev",
        "ServiceUserName": "dev-at-111111111111",
        "ServicePassword": SECRET,
        "ServiceCredentialSecret": SECRET,
    }
    record = credential_record(planted)
    text = json.dumps(record, default=str)
    assert SECRET not in text and "dev-at-" not in text
    assert set(record) == set(ServiceSpecificCredential.__annotations__)


def test_iam_section_holds_credential_metadata_only() -> None:
    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(iam) as stubber:
        stubber.add_response(
            "list_service_specific_credentials",
            {
                "ServiceSpecificCredentials": [
                    {
                        "UserName": "dev",
                        "Status": "Active",
                        "ServiceUserName": "dev-at-111111111111",
                        "CreateDate": datetime(2026, 1, 2, tzinfo=UTC),
                        "ServiceSpecificCredentialId": "ACCAEXAMPLE1234567890",
                        "ServiceName": "bedrock.amazonaws.com",
                    }
                ]
            },
        )
        created = datetime(2025, 1, 1, tzinfo=UTC)
        user = {
            "Path": "/",
            "UserName": "dev",
            "UserId": "AIDAEXAMPLE1234567890",
            "Arn": "arn:aws:iam::111111111111:user/dev",
            "CreateDate": created,
        }
        stubber.add_response("list_users", {"Users": [user]})
        arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        for operation, response in (
            ("list_entities_for_policy", {"PolicyRoles": [{"RoleName": "builder", "RoleId": "AROAEXAMPLE1234567890"}]}),
            ("get_user", {"User": {**user, "PermissionsBoundary": {"PermissionsBoundaryArn": arn}}}),
            (
                "list_attached_user_policies",
                {"AttachedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": arn}]},
            ),
            ("get_policy", {"Policy": {"Arn": arn, "DefaultVersionId": "v1"}}),
            ("get_policy_version", {"PolicyVersion": {"Document": quote(json.dumps(everything)), "VersionId": "v1"}}),
            ("list_user_policies", {"PolicyNames": []}),
            ("list_groups_for_user", {"Groups": []}),
        ):
            stubber.add_response(operation, response)
        section = collect_iam(lambda service: iam, lambda service: iam, "aws")
        stubber.assert_no_pending_responses()
    assert section["bedrock_full_access"] == {"collection": COLLECTED, "users": [], "groups": [], "roles": ["builder"]}
    (holder,) = section["api_key_users"]["principals"]
    assert holder["arn"] == user["Arn"] and holder["permissions_boundary_arn"] == arn
    assert [(policy["name"], json.loads(policy["document"] or "")) for policy in holder["policies"]] == [
        ("AdministratorAccess", everything)
    ]
    assert section["collection"] == {"status": "collected"}
    (user,) = section["users"]
    (credential,) = user["service_specific_credentials"]
    assert credential["id"] == "ACCAEXAMPLE1234567890" and credential["expiration_date"] is None
    assert "dev-at-" not in json.dumps(section, default=str)


def test_a_pending_subscription_is_marked_pending() -> None:
    pending = subscription_record({"SubscriptionArn": "PendingConfirmation", "Protocol": "email"})
    assert pending == {"arn": None, "protocol": "email", "pending_confirmation": True}
    confirmed = subscription_record({"SubscriptionArn": "arn:aws:sns:us-east-1:1:t:abc", "Protocol": "email"})
    assert confirmed["pending_confirmation"] is False
