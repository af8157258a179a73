"""The aggregator path with botocore's Stubber and AWS's documented response shapes: the whole
organization's inventory in O(1) calls per resource type (plus pagination)."""

from __future__ import annotations

import json
import math
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from bedrock_gov.collect.call_log import CallLog, Operation
from bedrock_gov.collect.org.aggregator import (
    COMPLIANCE_PAGE_SIZE,
    LAMBDA_QUERY,
    PAGE_SIZE,
    organization_aggregator,
    read_aggregator,
)
from bedrock_gov.collect.org.region import Aggregated, _aggregated_functions
from bedrock_gov.snapshot.document import ConfigRecorder, ConfigSection

AGGREGATOR = "organization"


def _row(account: int, region: str) -> str:
    """One SelectAggregateResourceConfig result: a JSON string, as AWS returns them."""
    row: dict[str, Any] = {
        "accountId": f"{account:012d}",
        "awsRegion": region,
        "resourceId": f"fn-{account}",
        "arn": f"arn:aws:lambda:{region}:{account:012d}:function:fn-{account}",
        "tags": [{"key": "BedrockAgent", "value": "true"}],
    }
    if account % 2:
        row["configuration"] = {"vpcConfig": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]}}
    return json.dumps(row)


def stubbed_aggregator(accounts: int, regions: tuple[str, ...]) -> tuple[Any, Stubber]:
    config = boto3.client("config", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stubber = Stubber(config)
    rows = [_row(account, region) for account in range(accounts) for region in regions]
    chunks = [rows[start : start + PAGE_SIZE] for start in range(0, len(rows), PAGE_SIZE)]
    for index, chunk in enumerate(chunks):
        expected = {"ConfigurationAggregatorName": AGGREGATOR, "Expression": LAMBDA_QUERY, "MaxResults": PAGE_SIZE}
        if index:
            expected["NextToken"] = f"t{index}"
        response: dict[str, Any] = {"Results": chunk, "QueryInfo": {"SelectFields": [{"Name": "accountId"}]}}
        if index + 1 < len(chunks):
            response["NextToken"] = f"t{index + 1}"
        stubber.add_response("select_aggregate_resource_config", response, expected)
    compliance = [
        {
            "ConfigRuleName": "bedrock-agent-vpc-required",
            "Compliance": {"ComplianceType": "NON_COMPLIANT" if account % 2 == 0 else "COMPLIANT"},
            "AccountId": f"{account:012d}",
            "AwsRegion": region,
        }
        for account in range(accounts)
        for region in regions
    ]
    pages = [
        compliance[start : start + COMPLIANCE_PAGE_SIZE] for start in range(0, len(compliance), COMPLIANCE_PAGE_SIZE)
    ]
    for index, page in enumerate(pages):
        expected = {"ConfigurationAggregatorName": AGGREGATOR, "Limit": COMPLIANCE_PAGE_SIZE}
        if index:
            expected["NextToken"] = f"c{index}"
        answer: dict[str, Any] = {"AggregateComplianceByConfigRules": page}
        if index + 1 < len(pages):
            answer["NextToken"] = f"c{index + 1}"
        stubber.add_response("describe_aggregate_compliance_by_config_rules", answer, expected)
    return config, stubber


@pytest.mark.parametrize("accounts", [50, 200])
def test_the_whole_organization_in_o1_calls_per_resource_type(accounts: int) -> None:
    regions = ("us-east-1", "eu-west-1")
    config, stubber = stubbed_aggregator(accounts, regions)
    log = CallLog()
    log.attach(config.meta.events)
    with stubber:
        found = read_aggregator(lambda service: config, AGGREGATOR)
        stubber.assert_no_pending_responses()
    places = accounts * len(regions)
    assert log.operations() == {
        Operation("config", "SelectAggregateResourceConfig"): math.ceil(places / PAGE_SIZE),
        Operation("config", "DescribeAggregateComplianceByConfigRules"): math.ceil(places / COMPLIANCE_PAGE_SIZE),
    }
    assert len(found) == places
    odd = found[(f"{1:012d}", "eu-west-1")]
    assert odd.functions == [
        {
            "name": "fn-1",
            "arn": f"arn:aws:lambda:eu-west-1:{1:012d}:function:fn-1",
            "tags": {"BedrockAgent": "true"},
            "subnet_ids": ["subnet-1"],
            "security_group_ids": ["sg-1"],
        }
    ]
    assert odd.compliance == {"bedrock-agent-vpc-required": "COMPLIANT"}
    assert found[(f"{0:012d}", "us-east-1")].functions[0]["subnet_ids"] == []


def test_only_an_organization_aggregator_is_used() -> None:
    config = boto3.client("config", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(config) as stubber:
        accounts_only = {
            "ConfigurationAggregatorName": "accounts",
            "AccountAggregationSources": [{"AccountIds": ["111111111111"]}],
        }
        organization = {
            "ConfigurationAggregatorName": AGGREGATOR,
            "OrganizationAggregationSource": {
                "RoleArn": "arn:aws:iam::111111111111:role/config",
                "AllAwsRegions": True,
            },
        }
        stubber.add_response("describe_configuration_aggregators", {"ConfigurationAggregators": [accounts_only]})
        assert organization_aggregator(lambda service: config) is None
        stubber.add_response(
            "describe_configuration_aggregators", {"ConfigurationAggregators": [accounts_only, organization]}
        )
        assert organization_aggregator(lambda service: config) == AGGREGATOR


def _config(recording: bool, all_supported: bool, types: list[str]) -> ConfigSection:
    recorder = ConfigRecorder(
        name="default", recording=recording, last_status=None, all_supported=all_supported, resource_types=types
    )
    collected = {"status": "collected"}
    return ConfigSection(
        collection=collected, recorders=[recorder], delivery_channels=[], rules=[], compliance=collected
    )  # type: ignore[typeddict-item]


def test_the_aggregator_stands_for_a_region_only_where_config_records_lambda() -> None:
    share = Aggregated(functions=[{"name": "fn", "arn": None, "tags": {}}])
    assert _aggregated_functions(_config(True, True, []), share) == share.functions
    assert _aggregated_functions(_config(True, False, ["AWS::Lambda::Function"]), share) == share.functions
    assert _aggregated_functions(_config(False, True, []), share) is None  # a stopped recorder: silent, not empty
    assert _aggregated_functions(_config(True, False, ["AWS::S3::Bucket"]), share) is None
    assert _aggregated_functions(_config(True, True, []), None) is None
