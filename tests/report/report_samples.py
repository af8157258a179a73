"""A realistic audit: three accounts, two Regions and global, five controls, every status and
severity that fails, a NEW and a RESOLVED change, an UNKNOWN with its reason, and a message that
needs escaping in every format."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bedrock_gov.audit.findings import Finding

PROD, DEV, SANDBOX = "111111111111", "222222222222", "333333333333"
GENERATED_AT = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> & "quoted"'
UNKNOWN_REASON = "AccessDenied on bedrock:GetModelInvocationLoggingConfiguration in eu-west-1"

LOGGING = "bedrock-model-invocation-logging-enabled"
GUARDRAIL = "bedrock-agent-guardrail-required"
VPC = "bedrock-agent-vpc-required"
PROMPT = "bedrock-guardrail-prompt-attack-filter"
KEYS = "bedrock-no-long-term-api-keys"


def _logging(account: str, region: str, status: str, message: str, **extra: object) -> Finding:
    return Finding(
        check_id=LOGGING,
        status=status,  # type: ignore[arg-type]
        severity="high",
        account_id=account,
        region=region,
        resource_type="AWS::::Account",
        resource_id=account,
        message=message,
        remediation="Turn on model invocation logging (PutModelInvocationLoggingConfiguration) to S3 or CloudWatch Logs.",
        **extra,  # type: ignore[arg-type]
    )


def sample_findings() -> list[Finding]:
    agent_arn = f"arn:aws:bedrock:us-east-1:{PROD}:agent/AGENT12345"
    return [
        _logging(PROD, "us-east-1", "PASS", "us-east-1: invocation logging to S3 bucket prod-bedrock-logs."),
        _logging(PROD, "eu-west-1", "FAIL", "eu-west-1: invocation logging is off.", change="NEW"),
        _logging(DEV, "us-east-1", "PASS", "us-east-1: invocation logging to CloudWatch Logs."),
        _logging(
            DEV, "eu-west-1", "UNKNOWN", "eu-west-1: could not read the logging configuration.", reason=UNKNOWN_REASON
        ),
        _logging(SANDBOX, "us-east-1", "FAIL", "us-east-1: invocation logging is off.", change="UNCHANGED"),
        Finding(
            check_id=GUARDRAIL,
            status="FAIL",
            severity="high",
            account_id=PROD,
            region="us-east-1",
            resource_type="AWS::Bedrock::Agent",
            resource_id="AGENT12345",
            resource_arn=agent_arn,
            message=f"Agent support-bot {HOSTILE} has no guardrail.",
            remediation="Set guardrailConfiguration on the agent (UpdateAgent), then prepare the agent.",
        ),
        Finding(
            check_id=GUARDRAIL,
            status="PASS",
            severity="high",
            account_id=DEV,
            region="us-east-1",
            resource_type="AWS::Bedrock::Agent",
            resource_id="AGENT67890",
            message="Agent triage uses guardrail gr-1 version 3.",
            remediation="Set guardrailConfiguration on the agent (UpdateAgent), then prepare the agent.",
        ),
        Finding(
            check_id=VPC,
            status="FAIL",
            severity="medium",
            account_id=DEV,
            region="eu-west-1",
            resource_type="AWS::Lambda::Function",
            resource_id="agent-action-orders",
            resource_arn=f"arn:aws:lambda:eu-west-1:{DEV}:function:agent-action-orders",
            message="Lambda agent-action-orders is tagged BedrockAgent=true and runs outside a VPC.",
            remediation="Attach the function to private subnets of a VPC (VpcConfig).",
        ),
        Finding(
            check_id=PROMPT,
            status="PASS",
            severity="high",
            account_id=PROD,
            region="us-east-1",
            resource_type="AWS::Bedrock::Guardrail",
            resource_id="gr-1",
            message="Prompt-attack filter blocks input at HIGH strength.",
            remediation="Add a PROMPT_ATTACK content filter with inputStrength HIGH.",
            change="RESOLVED",
        ),
        Finding(
            check_id=KEYS,
            status="FAIL",
            severity="critical",
            account_id=SANDBOX,
            region="global",
            resource_type="AWS::IAM::User",
            resource_id="ci-bot",
            resource_arn=f"arn:aws:iam::{SANDBOX}:user/ci-bot",
            message="IAM user ci-bot has a Bedrock API key (service-specific credential) older than 90 days.",
            remediation="Delete the service-specific credential; use short-term Bedrock API keys.",
            change="NEW",
        ),
        Finding(
            check_id=KEYS,
            status="FAIL",
            severity="low",
            account_id=DEV,
            region="global",
            resource_type="AWS::IAM::User",
            resource_id="analyst",
            resource_arn=f"arn:aws:iam::{DEV}:user/analyst",
            message="IAM user analyst has an inactive Bedrock API key.",
            remediation="Delete the inactive service-specific credential.",
        ),
    ]


def status_counts(findings: list[Finding]) -> Counter[str]:
    return Counter(finding.status for finding in findings)
