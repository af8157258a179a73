"""The organization path: when an organization-wide AWS Config aggregator exists, the inventory
Config records comes from it in a handful of calls for the whole organization (advanced queries,
SelectAggregateResourceConfig; rule compliance, DescribeAggregateComplianceByConfigRules),
instead of one listing per account and Region.

Only what Config records is taken from it: Lambda functions (with tags and VPC attachment) and
the rules' compliance. Settings Config does not record (recorder status, invocation logging,
agents, service-specific credentials, trail status, topic policies) are still read per account.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from bedrock_gov.collect.api_values import optional_text, strings
from bedrock_gov.collect.aws_calls import ClientFactory, pages
from bedrock_gov.collect.org.region import LAMBDA_TYPE, Aggregated
from bedrock_gov.snapshot import LambdaFunction

LAMBDA_QUERY = (
    f"SELECT accountId, awsRegion, resourceId, arn, configuration.vpcConfig, tags WHERE resourceType = '{LAMBDA_TYPE}'"
)
PAGE_SIZE = 100
"""The largest page SelectAggregateResourceConfig serves."""
COMPLIANCE_PAGE_SIZE = 1000


def organization_aggregator(clients: ClientFactory) -> str | None:
    """The name of an aggregator over the whole organization in the client's Region, if any."""
    for page in pages(clients("config").describe_configuration_aggregators, "NextToken", "NextToken"):
        for aggregator in page.get("ConfigurationAggregators") or []:
            if aggregator.get("OrganizationAggregationSource"):
                return str(aggregator.get("ConfigurationAggregatorName"))
    return None


def _tags(value: object) -> dict[str, str]:
    """Advanced-query tags: a list of {"key", "value"} (a plain map is read too)."""
    if isinstance(value, Mapping):
        return {str(key): text for key, text in value.items() if isinstance(text, str)}
    tags: dict[str, str] = {}
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("key"), str) and isinstance(entry.get("value"), str):
            tags[entry["key"]] = entry["value"]
    return tags


def function_from_row(row: Mapping[str, Any]) -> LambdaFunction:
    """One advanced-query row for a Lambda function (`resourceId` is the function name)."""
    configuration = row.get("configuration")
    vpc = configuration.get("vpcConfig") if isinstance(configuration, Mapping) else None
    vpc = vpc if isinstance(vpc, Mapping) else {}
    return LambdaFunction(
        name=str(row.get("resourceId") or ""),
        arn=optional_text(row.get("arn")),
        tags=_tags(row.get("tags")),
        subnet_ids=strings(vpc.get("subnetIds")),
        security_group_ids=strings(vpc.get("securityGroupIds")),
    )


def read_aggregator(clients: ClientFactory, name: str) -> dict[tuple[str, str], Aggregated]:
    """(account, Region) -> what the aggregator holds there. Raises CannotCheck if a query fails
    (the caller then falls back to the per-account path for everything)."""
    config = clients("config")
    found: dict[tuple[str, str], Aggregated] = defaultdict(Aggregated)
    for page in pages(
        config.select_aggregate_resource_config,
        "NextToken",
        "NextToken",
        ConfigurationAggregatorName=name,
        Expression=LAMBDA_QUERY,
        MaxResults=PAGE_SIZE,
    ):
        for text in page.get("Results") or []:
            row = json.loads(text)
            if isinstance(row, dict):
                found[(str(row.get("accountId")), str(row.get("awsRegion")))].functions.append(function_from_row(row))
    for page in pages(
        config.describe_aggregate_compliance_by_config_rules,
        "NextToken",
        "NextToken",
        ConfigurationAggregatorName=name,
        Limit=COMPLIANCE_PAGE_SIZE,
    ):
        for entry in page.get("AggregateComplianceByConfigRules") or []:
            kind = (entry.get("Compliance") or {}).get("ComplianceType")
            place = found[(str(entry.get("AccountId")), str(entry.get("AwsRegion")))]
            if place.compliance is None:
                place.compliance = {}
            if isinstance(kind, str):
                place.compliance[str(entry.get("ConfigRuleName"))] = kind
    return dict(found)
