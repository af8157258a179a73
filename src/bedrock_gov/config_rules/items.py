"""Configuration items -> snapshot records: one converter per resource type a Config rule judges.

The configuration-item shape (`resourceId`, `tags`, `configuration`) is AWS Config's, so these
live with the Config rules; the records they make are the ones `collect` makes from the APIs, and
the same check judges both. A null or missing `configuration` leaves the configuration-derived
keys out of the record ("unknown"), which the checks report as could-not-check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bedrock_gov.collect.api_values import optional_text, string_map, strings
from bedrock_gov.collect.guardrails import guardrail_record
from bedrock_gov.snapshot import Guardrail, LambdaFunction


def lambda_function(item: Mapping[str, Any]) -> LambdaFunction:
    """An `AWS::Lambda::Function` item; `resourceId` is the function name."""
    record = LambdaFunction(
        name=str(item.get("resourceId") or ""), arn=optional_text(item.get("ARN")), tags=string_map(item.get("tags"))
    )
    configuration = item.get("configuration")
    if isinstance(configuration, Mapping):
        vpc = configuration.get("vpcConfig")
        vpc = vpc if isinstance(vpc, Mapping) else {}
        record["subnet_ids"] = strings(vpc.get("subnetIds"))
        record["security_group_ids"] = strings(vpc.get("securityGroupIds"))
    return record


def guardrail(item: Mapping[str, Any]) -> Guardrail:
    """An `AWS::Bedrock::Guardrail` item. AWS Config documents its properties by the CloudFormation
    reference (`ContentPolicyConfig.FiltersConfig[].Type/InputStrength`), so that shape is read; the
    GetGuardrail API shape (`contentPolicy.filters[].type/inputStrength`) is read too."""
    guardrail_id = str(item.get("resourceId") or "")
    configuration = item.get("configuration")
    return (
        guardrail_record(guardrail_id, configuration)
        if isinstance(configuration, Mapping)
        else Guardrail(id=guardrail_id)
    )
