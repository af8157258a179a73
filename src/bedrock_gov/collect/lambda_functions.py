"""Lambda functions with their tags and VPC attachment (ListFunctions, ListTags)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bedrock_gov.collect.api_values import string_map, strings
from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call, pages
from bedrock_gov.snapshot import Collected, LambdaFunction, NotCollected

RESOURCE_TYPE = "AWS::Lambda::Function"


def function_record(function: Mapping[str, Any], tags: object) -> LambdaFunction:
    """A ListFunctions entry and its ListTags answer as a snapshot record."""
    vpc = function.get("VpcConfig") or {}
    return LambdaFunction(
        name=str(function.get("FunctionName")),
        arn=function.get("FunctionArn"),
        tags=string_map(tags),
        subnet_ids=strings(vpc.get("SubnetIds")),
        security_group_ids=strings(vpc.get("SecurityGroupIds")),
    )


def list_functions(clients: ClientFactory) -> Collected[LambdaFunction]:
    """Every function in the Region; a function whose tags cannot be read is reported, not guessed."""
    lambda_client = clients("lambda")
    collected = Collected[LambdaFunction](records=[], not_collected=[])
    for page in pages(lambda_client.list_functions, "Marker", "NextMarker"):
        for function in page.get("Functions") or []:
            name, arn = function.get("FunctionName"), function.get("FunctionArn")
            if not isinstance(name, str) or not name or not isinstance(arn, str):
                continue
            try:
                tags = call(lambda_client.list_tags, Resource=arn).get("Tags")
            except CannotCheck as error:
                missed = NotCollected(resource_type=RESOURCE_TYPE, resource_id=name, reason=str(error))
                collected["not_collected"].append(missed)
                continue
            collected["records"].append(function_record(function, tags))
    return collected
