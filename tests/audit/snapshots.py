"""A valid snapshot of a small, well-governed organization, in which a test plants one violation.

`healthy()` is a management account (111111111111) and one member (222222222222) in the OU
`ou-ai-workloads` (the target of examples/governance.yaml), one Region (us-east-1), where every
control passes: render's SCPs attached, Config recording with our rules compliant, the alert chain
complete, and a Bedrock posture that meets every check. `validated()` runs the snapshot through the
real reader, so a fixture can never drift from the format.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from bedrock_gov.audit.config_service import CUSTOM_RULES
from bedrock_gov.audit.findings import Finding
from bedrock_gov.audit.run import audit
from bedrock_gov.catalog.iam import FULL_AWS_ACCESS_DOCUMENT
from bedrock_gov.intent import Intent
from bedrock_gov.intent.loader import load_intent
from bedrock_gov.render import render
from bedrock_gov.snapshot import Snapshot
from bedrock_gov.snapshot.document import SNAPSHOT_FORMAT, SNAPSHOT_VERSION
from bedrock_gov.snapshot.schema import parse_snapshot

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"
MANAGEMENT, MEMBER, REGION = "111111111111", "222222222222", "us-east-1"
ROOT_ID, OU = "r-root", "ou-ai-workloads"
NOW = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)
COLLECTED: dict[str, Any] = {"status": "collected"}
TOPIC = f"arn:aws:sns:{REGION}:{{account}}:bedrock-gov-alerts"
KEY = f"arn:aws:kms:{REGION}:{{account}}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
EVENT_PATTERN = {
    "source": ["aws.config"],
    "detail-type": ["Config Rules Compliance Change"],
    "detail": {
        "messageType": ["ComplianceChangeNotification"],
        "configRuleName": [*CUSTOM_RULES, "bedrock-gov-cloudtrail-enabled"],
        "newEvaluationResult": {"complianceType": ["NON_COMPLIANT"]},
    },
}
INVOKE_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["bedrock:InvokeModel", "bedrock:CallWithBearerToken"],
            "Resource": f"arn:aws:bedrock:{REGION}::foundation-model/*",
        }
    ],
}


@cache
def intent() -> Intent:
    return load_intent(ROOT / "examples" / "governance.yaml")


def policy(policy_id: str, name: str, content: str | None, targets: list[str], managed: bool = False) -> dict[str, Any]:
    return {
        "id": policy_id,
        "name": name,
        "type": "SERVICE_CONTROL_POLICY",
        "aws_managed": managed,
        "content": content,
        "targets": targets,
    }


ALERT_RULE = f"arn:aws:events:{REGION}:{{account}}:rule/bedrock-gov-noncompliant"


def topic_policy(topic: str, rule: str) -> str:
    """The topic policy the Terraform module writes: EventBridge may publish for this rule only."""
    statement = {
        "Sid": "EventBridgePublishesAlerts",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": topic,
        "Condition": {"ArnEquals": {"aws:SourceArn": rule}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def key_policy(account: str) -> str:
    """A key policy that lets the account administer the key and EventBridge and SNS use it."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Effect": "Allow",
                    "Principal": {"Service": ["events.amazonaws.com", "sns.amazonaws.com"]},
                    "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                    "Resource": "*",
                },
            ],
        }
    )


def region(account: str) -> dict[str, Any]:
    topic, key = TOPIC.format(account=account), KEY.format(account=account)
    alert_rule = ALERT_RULE.format(account=account)
    rules = [
        {
            "name": name,
            "arn": None,
            "source_owner": "CUSTOM_LAMBDA",
            "source_identifier": None,
            "state": "ACTIVE",
            "compliance": "COMPLIANT",
        }
        for name in CUSTOM_RULES
    ]
    rules.append(
        {
            "name": "bedrock-gov-cloudtrail-enabled",
            "arn": None,
            "source_owner": "AWS",
            "source_identifier": "CLOUD_TRAIL_ENABLED",
            "state": "ACTIVE",
            "compliance": "COMPLIANT",
        }
    )
    return {
        "region": REGION,
        "collection": COLLECTED,
        "config": {
            "collection": COLLECTED,
            "recorders": [
                {
                    "name": "default",
                    "recording": True,
                    "last_status": "SUCCESS",
                    "all_supported": True,
                    "resource_types": [],
                }
            ],
            "delivery_channels": [
                {"name": "default", "s3_bucket": "config-bucket", "sns_topic_arn": None, "last_status": "SUCCESS"}
            ],
            "rules": rules,
            "compliance": COLLECTED,
        },
        "cloudtrail": {
            "collection": COLLECTED,
            "trails": [{"name": "org", "arn": None, "home_region": REGION, "multi_region": True, "logging": True}],
        },
        "lambda_functions": {
            "collection": COLLECTED,
            "functions": [
                {
                    "name": "agent-tools",
                    "arn": f"arn:aws:lambda:{REGION}:{account}:function:agent-tools",
                    "tags": {"BedrockAgent": "true"},
                    "subnet_ids": ["subnet-1"],
                    "security_group_ids": ["sg-1"],
                },
                {"name": "unrelated", "arn": None, "tags": {}, "subnet_ids": [], "security_group_ids": []},
            ],
        },
        "events": {
            "collection": COLLECTED,
            "rules": [
                {
                    "name": "bedrock-gov-noncompliant",
                    "arn": alert_rule,
                    "state": "ENABLED",
                    "event_pattern": json.dumps(EVENT_PATTERN),
                    "targets": [
                        {
                            "id": "alerts",
                            "arn": topic,
                            "dead_letter_arn": f"arn:aws:sqs:{REGION}:{account}:dlq",
                            "has_retry_policy": True,
                            "has_input_transformer": False,
                        }
                    ],
                }
            ],
        },
        "sns": {
            "collection": COLLECTED,
            "topics": [
                {
                    "arn": topic,
                    "policy": topic_policy(topic, alert_rule),
                    "kms_key_id": key,
                    "subscriptions": [{"arn": f"{topic}:sub-1", "protocol": "email", "pending_confirmation": False}],
                }
            ],
            "keys": [{"arn": key, "policy": key_policy(account)}],
        },
        "bedrock": {
            "invocation_logging": {
                "account_id": account,
                "region": REGION,
                "logging": {
                    "s3_bucket": "invocation-logs",
                    "log_group": "/bedrock/invocations",
                    "data_types": ["Text"],
                },
                "s3_bucket_encryption": {"algorithm": "aws:kms", "kms_key_id": key},
                "log_group_kms_key_id": key,
            },
            "invocation_logging_collection": COLLECTED,
            "guardrails": [
                {
                    "id": "gr-1",
                    "prompt_attack_filter": {"input_strength": "HIGH", "input_enabled": True, "input_action": "BLOCK"},
                    "sensitive_information": [
                        {
                            "name": "EMAIL",
                            "action": "ANONYMIZE",
                            "input_action": "ANONYMIZE",
                            "output_action": "ANONYMIZE",
                            "input_enabled": True,
                            "output_enabled": True,
                        }
                    ],
                    "contextual_grounding": [
                        {"type": "GROUNDING", "threshold": 0.75, "action": "BLOCK", "enabled": True},
                        {"type": "RELEVANCE", "threshold": 0.5, "action": "BLOCK", "enabled": True},
                    ],
                }
            ],
            "guardrails_collection": COLLECTED,
            "agents": [
                {
                    "id": "agent-1",
                    "name": "helper",
                    "guardrail": {"identifier": "gr-1", "version": "1"},
                    "agent_role_arn": agent_role(account),
                }
            ],
            "agents_collection": COLLECTED,
            "inference_profiles": [],
            "inference_profiles_collection": COLLECTED,
            "custom_models": [
                {
                    "arn": f"arn:aws:bedrock:{REGION}:{account}:custom-model/tuned",
                    "name": "tuned",
                    "kms_key_arn": f"arn:aws:kms:{REGION}:{account}:key/1",
                }
            ],
            "custom_models_collection": COLLECTED,
        },
        "agent_roles": {"collection": COLLECTED, "principals": [principal(agent_role(account), INVOKE_ONLY)]},
        "network": {
            "collection": COLLECTED,
            "vpcs": [{"id": "vpc-1", "in_use": True}, {"id": "vpc-idle", "in_use": False}],
            "endpoints": [
                {
                    "id": f"vpce-{service}",
                    "vpc_id": "vpc-1",
                    "service_name": f"com.amazonaws.{REGION}.{service}",
                    "state": "available",
                }
                for service in (
                    "bedrock",
                    "bedrock-runtime",
                    "bedrock-agent",
                    "bedrock-agent-runtime",
                    "bedrock-mantle",
                )
            ],
        },
    }


def agent_role(account: str) -> str:
    return f"arn:aws:iam::{account}:role/service-role/AmazonBedrockExecutionRoleForAgents_helper"


def principal(arn: str, document: dict[str, Any], boundary: bool = True) -> dict[str, Any]:
    """A user or role with one inline policy holding `document`."""
    return {
        "arn": arn,
        "name": arn.rsplit("/", 1)[-1],
        "permissions_boundary_arn": f"arn:aws:iam::{arn.split(':')[4]}:policy/boundary" if boundary else None,
        "policies": [{"name": "invoke", "arn": None, "group": None, "document": json.dumps(document)}],
    }


def account(account_id: str) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "collection": COLLECTED,
        "iam": {
            "collection": COLLECTED,
            "users": [{"name": "dev", "id": f"AIDA{account_id}", "service_specific_credentials": []}],
            "bedrock_full_access": {"collection": COLLECTED, "users": [], "groups": [], "roles": []},
            "api_key_users": {
                "collection": COLLECTED,
                "principals": [principal(f"arn:aws:iam::{account_id}:user/app", INVOKE_ONLY, boundary=False)],
            },
        },
        "regions": [region(account_id)],
    }


def healthy() -> dict[str, Any]:
    rendered = render(intent()).documents
    return {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "collected_at": "2026-12-04T20:00:00Z",
        "collector": {
            "tool_version": "0.1.0",
            "path": "per-account",
            "regions": [REGION],
            "member_role": "OrganizationAccountAccessRole",
            "api_calls": 40,
        },
        "organization": {
            "collection": COLLECTED,
            "id": "o-example",
            "management_account_id": MANAGEMENT,
            "root_id": ROOT_ID,
            "units": [{"id": OU, "name": "AI Workloads", "parent_id": ROOT_ID}],
            "accounts": [
                {"id": MANAGEMENT, "name": "management", "status": "ACTIVE", "parent_id": ROOT_ID},
                {"id": MEMBER, "name": "workloads", "status": "ACTIVE", "parent_id": OU},
            ],
            "policies": [
                policy(
                    "p-FullAWSAccess",
                    "FullAWSAccess",
                    FULL_AWS_ACCESS_DOCUMENT,
                    [ROOT_ID, OU, MANAGEMENT, MEMBER],
                    True,
                ),
                *(policy(f"p-{doc.name.lower()}", doc.name, doc.text, [OU]) for doc in rendered),
            ],
        },
        "accounts": [account(MANAGEMENT), account(MEMBER)],
    }


def member_region(snapshot: dict[str, Any], account_id: str = MEMBER) -> dict[str, Any]:
    """The one Region of an account, to plant a violation in."""
    found: dict[str, Any] = next(a for a in snapshot["accounts"] if a["account_id"] == account_id)["regions"][0]
    return found


def validated(snapshot: dict[str, Any]) -> Snapshot:
    return parse_snapshot(json.dumps(snapshot))


def run(snapshot: dict[str, Any], with_intent: bool = True) -> list[Finding]:
    return audit(validated(snapshot), intent() if with_intent else None, NOW)


def of(findings: list[Finding], check_id: str) -> list[Finding]:
    """The findings of one control (`scp-lint` includes `scp-lint/<rule>`)."""
    return [f for f in findings if f.check_id == check_id or f.check_id.startswith(f"{check_id}/")]
