"""Config rule `bedrock-agent-vpc-required`: Lambda functions tagged as Bedrock agents run in a VPC.

Change-triggered on `AWS::Lambda::Function` (the item in the event is judged as is) and periodic
(every function is listed with its tags through the Lambda API and judged the same way).
Parameters: `tagKey` (default BedrockAgent), `tagValue` (default true).
"""

from __future__ import annotations

from typing import Any

from bedrock_gov.checks import agent_lambda_vpc as control
from bedrock_gov.rules import runtime
from bedrock_gov.rules.aws_calls import CannotCheck, call, pages


def _as_configuration_item(function: dict[str, Any], tags: object) -> dict[str, Any]:
    """A ListFunctions entry in the shape Config records, so the check reads one shape only."""
    vpc = function.get("VpcConfig") or {}
    return {
        "resourceType": control.RESOURCE_TYPE,
        "resourceId": function.get("FunctionName"),
        "tags": tags,
        "configuration": {
            "functionName": function.get("FunctionName"),
            "vpcConfig": {
                "subnetIds": vpc.get("SubnetIds") or [],
                "securityGroupIds": vpc.get("SecurityGroupIds") or [],
            },
        },
    }


def list_functions(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge every function in the Region; a function whose tags cannot be read is left unjudged."""
    lambda_client = run.client("lambda")
    listing = runtime.Listing()
    for page in pages(lambda_client.list_functions, run.backoff, "Marker", "NextMarker"):
        for function in page.get("Functions") or []:
            name, arn = function.get("FunctionName"), function.get("FunctionArn")
            if not isinstance(name, str) or not name or not isinstance(arn, str):
                continue
            try:
                tags = call(lambda_client.list_tags, run.backoff, Resource=arn).get("Tags")
            except CannotCheck as error:
                listing.unchecked.append(runtime.Unchecked(control.RESOURCE_TYPE, name, str(error)))
                continue
            listing.results.append(control.check(_as_configuration_item(function, tags), params))
    return listing


RULE = runtime.Rule(
    name=control.METADATA.id,
    resource_types=frozenset({control.RESOURCE_TYPE}),
    parse_parameters=control.parse_parameters,
    check_item=control.check,
    list_current=list_functions,
)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """The Lambda entry point."""
    return runtime.run(RULE, event)
