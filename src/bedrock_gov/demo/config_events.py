"""The Config rule handlers on the collected configuration: each collected Lambda function becomes
the configuration item AWS Config would record for it (tests/fixtures/config_events has real
samples), in a ConfigurationItemChangeNotification, and the `bedrock-agent-vpc-required` handler
judges it in dry run (its PutEvaluations recorded, not sent)."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bedrock_gov.collect.aws_calls import boto3_clients
from bedrock_gov.config_rules import CONFIG_RULES, dry_run_clients, run
from bedrock_gov.snapshot import Snapshot
from bedrock_gov.snapshot.records import LambdaFunction

RULE = "bedrock-agent-vpc-required"
LAMBDA_TYPE = "AWS::Lambda::Function"


@dataclass(frozen=True)
class RuleVerdict:
    """One evaluation the handler would have sent."""

    account_id: str
    region: str
    resource_id: str
    compliance: str
    annotation: str


def configuration_item(function: LambdaFunction, account_id: str, region: str, captured: datetime) -> dict[str, Any]:
    """The function as AWS Config records it (the fields the handler reads, and their neighbours)."""
    arn = function["arn"] or f"arn:aws:lambda:{region}:{account_id}:function:{function['name']}"
    configuration: dict[str, Any] = {"functionName": function["name"], "functionArn": arn}
    if "subnet_ids" in function:
        configuration["vpcConfig"] = {
            "subnetIds": function["subnet_ids"],
            "securityGroupIds": function.get("security_group_ids", []),
        }
    return {
        "configurationItemCaptureTime": captured.isoformat().replace("+00:00", "Z"),
        "awsAccountId": account_id,
        "configurationItemStatus": "OK",
        "resourceId": function["name"],
        "resourceName": function["name"],
        "ARN": arn,
        "awsRegion": region,
        "availabilityZone": "Not Applicable",
        "resourceType": LAMBDA_TYPE,
        "tags": function["tags"],
        "relationships": [],
        "configuration": configuration,
    }


def change_event(item: dict[str, Any], account_id: str, region: str) -> dict[str, Any]:
    """A ConfigurationItemChangeNotification event for `item`, as Config invokes a custom rule."""
    invoking = {
        "configurationItem": item,
        "notificationCreationTime": item["configurationItemCaptureTime"],
        "messageType": "ConfigurationItemChangeNotification",
    }
    return {
        "invokingEvent": json.dumps(invoking),
        "ruleParameters": "{}",
        "resultToken": "bedrock-gov-demo",
        "eventLeftScope": False,
        "executionRoleArn": f"arn:aws:iam::{account_id}:role/config-role",
        "configRuleArn": f"arn:aws:config:{region}:{account_id}:config-rule/{RULE}",
        "configRuleName": RULE,
        "configRuleId": RULE,
        "accountId": account_id,
        "version": "1.0",
    }


def run_agent_vpc_rule(snapshot: Snapshot, captured: datetime) -> list[RuleVerdict]:
    """The handler's verdict on every collected Lambda function (NOT_APPLICABLE for untagged ones)."""
    rule = importlib.import_module(CONFIG_RULES[RULE]).CONFIG_RULE
    verdicts: list[RuleVerdict] = []
    for account in snapshot["accounts"]:
        for region in account["regions"]:
            for function in region["lambda_functions"]["functions"]:
                item = configuration_item(function, account["account_id"], region["region"], captured)
                clients, recorder = dry_run_clients(boto3_clients(region=region["region"]))
                run(rule, change_event(item, account["account_id"], region["region"]), clients=clients)
                verdicts.extend(
                    RuleVerdict(
                        account["account_id"],
                        region["region"],
                        str(evaluation["ComplianceResourceId"]),
                        str(evaluation["ComplianceType"]),
                        str(evaluation.get("Annotation", "")),
                    )
                    for evaluation in recorder.evaluations
                )
    return verdicts
