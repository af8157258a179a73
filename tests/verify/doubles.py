"""Test doubles for what the emulator (moto 5.2) cannot do. Each gives AWS's documented answer for
one operation and delegates every other call to the real client talking to moto over HTTP.

- IAM service-specific credentials (moto has none): `credentials_double`.
- Config compliance queries and StartConfigRulesEvaluation (moto never runs a rule):
  `config_double`; its StartConfigRulesEvaluation also stands in for EventBridge -> SNS delivery
  (which fails on moto) by publishing to the topic the text the module's input transformer makes.
- Bedrock runtime Converse (moto has none): a botocore Stubber on the bedrock-runtime client.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
REGION = "us-east-1"
SCP_DENIAL = (
    "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: {action} on resource: {resource} "
    "with an explicit deny in a service control policy"
)
"""The IAM User Guide's format ("Troubleshoot access denied error messages") for an SCP's explicit deny."""


def client_error(code: str, message: str, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


class Wrapped:
    """A client whose listed API operations (by API name) are answered by doubles; the rest go to moto.
    Every call, doubled or not, is appended to `calls` as "service Operation"."""

    def __init__(self, client: Any, overrides: dict[str, Callable[..., Any]], calls: list[str]) -> None:
        self._client = client
        self._overrides = overrides
        self._calls = calls
        self._api_names: dict[str, str] = client.meta.method_to_api_mapping

    def __getattr__(self, name: str) -> Any:
        api = self._api_names.get(name)
        if api in self._overrides:
            service = self._client.meta.service_model.service_name

            def doubled(**kwargs: Any) -> Any:
                self._calls.append(f"{service} {api}")
                return self._overrides[api](**kwargs)

            return doubled
        return getattr(self._client, name)


def credentials_double(bedrock_allowed: bool = False, codecommit_denied: bool = False) -> dict[str, Callable[..., Any]]:
    """IAM service-specific credentials: a Bedrock key is denied by an SCP (unless `bedrock_allowed`:
    the SCP is missing), a CodeCommit credential is created (unless `codecommit_denied`)."""
    store: dict[str, list[str]] = {}
    ids = itertools.count(1)

    def create(UserName: str, ServiceName: str, **_: Any) -> dict[str, Any]:
        denied = ServiceName == "bedrock.amazonaws.com" and not bedrock_allowed
        denied = denied or (ServiceName == "codecommit.amazonaws.com" and codecommit_denied)
        if denied:
            message = SCP_DENIAL.format(
                action="iam:CreateServiceSpecificCredential", resource=f"arn:aws:iam::{ACCOUNT}:user/{UserName}"
            )
            raise client_error("AccessDenied", message, "CreateServiceSpecificCredential")
        credential_id = f"ACCA{next(ids):016d}"
        store.setdefault(UserName, []).append(credential_id)
        secret = {"ServicePassword": "SECRET-PASSWORD-NEVER-PRINTED", "ServiceUserName": f"{UserName}-at-1"}
        return {"ServiceSpecificCredential": {"ServiceSpecificCredentialId": credential_id, **secret}}

    def listing(UserName: str, **_: Any) -> dict[str, Any]:
        return {"ServiceSpecificCredentials": [{"ServiceSpecificCredentialId": cid} for cid in store.get(UserName, [])]}

    def delete(UserName: str, ServiceSpecificCredentialId: str, **_: Any) -> dict[str, Any]:
        store.get(UserName, []).remove(ServiceSpecificCredentialId)
        return {}

    return {
        "CreateServiceSpecificCredential": create,
        "ListServiceSpecificCredentials": listing,
        "DeleteServiceSpecificCredential": delete,
    }


def config_double(
    clients: Callable[[str], Any], compliance: str | None = "NON_COMPLIANT", after_polls: int = 2
) -> dict[str, Callable[..., Any]]:
    """Config's answers: the rule's result for a function appears on the `after_polls`-th query
    (`compliance=None`: never); StartConfigRulesEvaluation publishes the alert EventBridge would
    deliver to the topic for every function tagged BedrockAgent=true (moto then delivers it to SQS)."""
    polls: dict[str, int] = {}

    def details(ResourceType: str, ResourceId: str, **_: Any) -> dict[str, Any]:
        polls[ResourceId] = polls.get(ResourceId, 0) + 1
        if compliance is None or polls[ResourceId] < after_polls:
            return {"EvaluationResults": []}
        qualifier = {
            "ConfigRuleName": "bedrock-agent-vpc-required",
            "ResourceType": ResourceType,
            "ResourceId": ResourceId,
        }
        result = {
            "EvaluationResultIdentifier": {"EvaluationResultQualifier": qualifier},
            "ComplianceType": compliance,
            "Annotation": "The function is not attached to any VPC subnet.",
        }
        return {"EvaluationResults": [result]}

    def start(ConfigRuleNames: list[str], **_: Any) -> dict[str, Any]:
        functions = clients("lambda")
        topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:bedrock-gov-alerts"
        for function in functions.list_functions()["Functions"]:
            tags = functions.list_tags(Resource=function["FunctionArn"]).get("Tags", {})
            if tags.get("BedrockAgent") == "true" and compliance is not None:
                text = (
                    f'"Bedrock governance: AWS Config rule {ConfigRuleNames[0]} found AWS::Lambda::Function '
                    f'{function["FunctionName"]} {compliance}. Account: {ACCOUNT}. Region: {REGION}."'
                )
                clients("sns").publish(TopicArn=topic, Message=text)
        return {}

    return {"GetComplianceDetailsByResource": details, "StartConfigRulesEvaluation": start}
