"""An emulated organization, built with real boto3 calls in a running moto server: OUs sandbox,
ai-workloads and production, N member accounts, two Regions, the governance baseline (Config
recorder and rule, CloudTrail, invocation logging, an alert topic wired to EventBridge) and
planted drift that an audit must find. Used by the `demo` command, the collector's tests and
benchmarks. The emulator's gaps (aws-facts.md) are left open, not papered over."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from bedrock_gov.checks.registry import CHECKS

UNITS = ("sandbox", "ai-workloads", "production")
REGIONS = ("us-east-1", "eu-west-1")
MEMBER_ROLE = "OrganizationAccountAccessRole"
SECURITY_ACCOUNT = "security"
AGENT_TAG = {"BedrockAgent": "true"}
DENY_KEYS_SCP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyLongTermBedrockKeys",
            "Effect": "Deny",
            "Action": "iam:CreateServiceSpecificCredential",
            "Resource": "*",
            "Condition": {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}},
        }
    ],
}


@dataclass(frozen=True)
class Drift:
    """One planted deviation from the baseline: what, where, and the resource's name."""

    kind: str
    account_id: str
    region: str
    resource: str


@dataclass
class DemoOrganization:
    management_account_id: str
    units: dict[str, str]
    """OU name -> OU id."""
    accounts: dict[str, str]
    """Account name -> account id (members only)."""
    regions: tuple[str, ...]
    drift: list[Drift] = field(default_factory=list)
    security_account_id: str | None = None
    """The security account (`complete` organizations only): at the root, baseline without drift."""


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _member_session(session: Any, account_id: str) -> Any:
    import boto3

    sts = session.client("sts", region_name=REGIONS[0])
    role = f"arn:aws:iam::{account_id}:role/{MEMBER_ROLE}"
    credentials = sts.assume_role(RoleArn=role, RoleSessionName="bedrock-gov-demo")["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def _config_baseline(member: Any, account_id: str, region: str, recording: bool) -> None:
    config = member.client("config", region_name=region)
    s3 = member.client("s3", region_name=region)
    bucket = f"config-{account_id}-{region}"
    s3.create_bucket(
        Bucket=bucket,
        **({} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}),
    )
    role = f"arn:aws:iam::{account_id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    config.put_configuration_recorder(
        ConfigurationRecorder={"name": "default", "roleARN": role, "recordingGroup": {"allSupported": True}}
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": bucket})
    if recording:
        config.start_configuration_recorder(ConfigurationRecorderName="default")
    config.put_config_rule(
        ConfigRule={
            "ConfigRuleName": "cloudtrail-enabled",
            "Source": {"Owner": "AWS", "SourceIdentifier": "CLOUD_TRAIL_ENABLED"},
        }
    )
    cloudtrail = member.client("cloudtrail", region_name=region)
    cloudtrail.create_trail(Name="governance", S3BucketName=bucket, IsMultiRegionTrail=False)
    cloudtrail.start_logging(Name="governance")


def _lambda_role(member: Any, name: str) -> str:
    """A role Lambda may assume; returns its ARN."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam = member.client("iam", region_name=REGIONS[0])
    return str(iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"])


def _governance_rules(member: Any, account_id: str, region: str) -> None:
    """The custom Config rules, each backed by a Lambda function (its code is a stand-in: moto runs none)."""
    role = _lambda_role(member, f"config-rules-{region}")
    lambdas = member.client("lambda", region_name=region)
    config = member.client("config", region_name=region)
    for check in CHECKS:
        trigger = check.CONFIG_TRIGGER
        if trigger is None:
            continue
        rule = check.METADATA.id
        arn = lambdas.create_function(
            FunctionName=rule, Runtime="python3.12", Role=role, Handler="handler.handler", Code={"ZipFile": _zip()}
        )["FunctionArn"]
        messages = ["ConfigurationItemChangeNotification"] if trigger.change_types else []
        messages += ["ScheduledNotification"] if trigger.periodic else []
        details = [{"EventSource": "aws.config", "MessageType": message} for message in messages]
        periodic = {"MaximumExecutionFrequency": "TwentyFour_Hours"} if trigger.periodic else {}
        config.put_config_rule(
            ConfigRule={
                "ConfigRuleName": rule,
                "Source": {"Owner": "CUSTOM_LAMBDA", "SourceIdentifier": arn, "SourceDetails": details},
                **periodic,
            }
        )


def _alerts(member: Any, account_id: str, region: str, with_policy: bool, dead_letter: bool = False) -> str:
    """An alert topic fed by an EventBridge rule on Config compliance changes; returns the topic ARN."""
    key_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Account",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "EventBridge",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
                "Resource": "*",
            },
        ],
    }
    key = member.client("kms", region_name=region).create_key(Policy=json.dumps(key_policy))["KeyMetadata"]["Arn"]
    sns = member.client("sns", region_name=region)
    topic = sns.create_topic(Name="bedrock-governance-alerts", Attributes={"KmsMasterKeyId": key})["TopicArn"]
    if with_policy:
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sns:Publish",
                    "Resource": topic,
                }
            ],
        }
        sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps(policy))
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=f"security+{account_id}@example.com")
    events = member.client("events", region_name=region)
    pattern = {"source": ["aws.config"], "detail-type": ["Config Rules Compliance Change"]}
    events.put_rule(Name="bedrock-compliance-change", EventPattern=json.dumps(pattern), State="ENABLED")
    target: dict[str, Any] = {"Id": "alerts", "Arn": topic}
    if dead_letter:
        queue = member.client("sqs", region_name=region).create_queue(QueueName="bedrock-governance-alerts-dlq")
        attributes = member.client("sqs", region_name=region).get_queue_attributes(
            QueueUrl=queue["QueueUrl"], AttributeNames=["QueueArn"]
        )
        target["DeadLetterConfig"] = {"Arn": attributes["Attributes"]["QueueArn"]}
    events.put_targets(Rule="bedrock-compliance-change", Targets=[target])
    return str(topic)


def _workload(member: Any, account_id: str, region: str, agent_in_vpc: bool) -> str:
    """A Lambda function tagged as a Bedrock agent's action group (in a VPC or not); returns its name."""
    role = _lambda_role(member, f"agent-function-{region}")
    vpc_config: dict[str, Any] = {}
    if agent_in_vpc:
        ec2 = member.client("ec2", region_name=region)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName="agent", Description="agent", VpcId=vpc)["GroupId"]
        vpc_config = {"VpcConfig": {"SubnetIds": [subnet], "SecurityGroupIds": [group]}}
    name = "agent-actions"
    member.client("lambda", region_name=region).create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": _zip()},
        Tags=AGENT_TAG,
        **vpc_config,
    )
    return name


def _invocation_logging(member: Any, account_id: str, region: str) -> None:
    bucket = f"bedrock-logs-{account_id}-{region}"
    member.client("s3", region_name=region).create_bucket(
        Bucket=bucket,
        **({} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}),
    )
    member.client("bedrock", region_name=region).put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": bucket}, "textDataDeliveryEnabled": True}
    )


def _agent_role(member: Any) -> str:
    """An agent execution role with a policy allowing every action on every resource, and no
    permissions boundary; returns its ARN."""
    iam = member.client("iam", region_name=REGIONS[0])
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = iam.create_role(
        RoleName="AmazonBedrockExecutionRoleForAgents_demo", AssumeRolePolicyDocument=json.dumps(trust)
    )
    everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    policy = iam.create_policy(PolicyName="agent-everything", PolicyDocument=json.dumps(everything))
    iam.attach_role_policy(RoleName=role["Role"]["RoleName"], PolicyArn=policy["Policy"]["Arn"])
    return str(role["Role"]["Arn"])


def _agent(member: Any, account_id: str, region: str) -> str:
    """A Bedrock agent with no guardrail, whose role may do everything; returns its name."""
    role = _agent_role(member)
    name = "support-agent"
    member.client("bedrock-agent", region_name=region).create_agent(
        agentName=name, agentResourceRoleArn=role, foundationModel="anthropic.claude-3-haiku-20240307-v1:0"
    )
    return name


def _organization(session: Any, members: int) -> DemoOrganization:
    organizations = session.client("organizations", region_name=REGIONS[0])
    management = organizations.create_organization(FeatureSet="ALL")["Organization"]["MasterAccountId"]
    root = organizations.list_roots()["Roots"][0]["Id"]
    organizations.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    units = {
        name: organizations.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
        for name in UNITS
    }
    scp = organizations.create_policy(
        Name="bedrock-deny-long-term-keys",
        Description="Deny long-term Bedrock API keys",
        Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps(DENY_KEYS_SCP, separators=(",", ":")),
    )["Policy"]["PolicySummary"]["Id"]
    for name in ("ai-workloads", "production"):
        organizations.attach_policy(PolicyId=scp, TargetId=units[name])
    accounts: dict[str, str] = {}
    for index in range(members):
        name = f"member-{index:03d}"
        status = organizations.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        accounts[name] = status["AccountId"]
        organizations.move_account(
            AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=units[UNITS[index % 3]]
        )
    return DemoOrganization(management_account_id=management, units=units, accounts=accounts, regions=REGIONS)


def _clean_baseline(session: Any, account_id: str) -> None:
    """The baseline without drift, in an account other than the members (management, security)."""
    for region in REGIONS:
        _config_baseline(session, account_id, region, recording=True)
        _governance_rules(session, account_id, region)
        _alerts(session, account_id, region, with_policy=True, dead_letter=True)
        _invocation_logging(session, account_id, region)


def build_organization(
    session: Any, members: int = 6, aggregator: bool = True, complete: bool = False
) -> DemoOrganization:
    """Build the organization in the moto server `session` points at (AWS_ENDPOINT_URL), with drift
    planted in the first member accounts: a stopped recorder, an agent's Lambda outside a VPC,
    invocation logging off in the second Region, an alert topic without a policy letting
    EventBridge publish, a Bedrock agent without a guardrail whose execution role may do everything.
    With `aggregator`, the management
    account gets an organization Config aggregator (whose advanced queries moto lacks). With
    `complete` (the demo), the whole baseline: a security account (at the root), the baseline in
    the management and security accounts too, the governance's custom Config rules everywhere,
    and a dead-letter queue behind every alert target, so that only the planted drift fails."""
    built = _organization(session, members)
    ids = list(built.accounts.values())
    for index, account_id in enumerate(ids):
        member = _member_session(session, account_id)
        for region_index, region in enumerate(REGIONS):
            first_region = region_index == 0
            stopped = index == 0 and first_region
            outside_vpc = index == 1 % members and first_region
            no_policy = index == 2 % members and first_region
            logging_off = index == 0 and not first_region
            _config_baseline(member, account_id, region, recording=not stopped)
            if complete:
                _governance_rules(member, account_id, region)
            topic = _alerts(member, account_id, region, with_policy=not no_policy, dead_letter=complete)
            function = _workload(member, account_id, region, agent_in_vpc=not outside_vpc)
            if not logging_off:
                _invocation_logging(member, account_id, region)
            drift = [
                ("recorder_stopped", stopped, "default"),
                ("agent_lambda_outside_vpc", outside_vpc, function),
                ("topic_without_events_policy", no_policy, topic),
                ("invocation_logging_off", logging_off, "bedrock"),
            ]
            built.drift.extend(Drift(kind, account_id, region, name) for kind, planted, name in drift if planted)
        if index == 0:
            agent = _agent(member, account_id, REGIONS[0])
            built.drift.append(Drift("agent_without_guardrail", account_id, REGIONS[0], agent))
            built.drift.append(Drift("agent_role_admin", account_id, REGIONS[0], agent))
    if complete:
        organizations = session.client("organizations", region_name=REGIONS[0])
        status = organizations.create_account(AccountName=SECURITY_ACCOUNT, Email=f"{SECURITY_ACCOUNT}@example.com")[
            "CreateAccountStatus"
        ]
        built.security_account_id = status["AccountId"]
        _clean_baseline(_member_session(session, status["AccountId"]), status["AccountId"])
        _clean_baseline(session, built.management_account_id)
    if aggregator:
        session.client("config", region_name=REGIONS[0]).put_configuration_aggregator(
            ConfigurationAggregatorName="organization",
            OrganizationAggregationSource={
                "RoleArn": f"arn:aws:iam::{built.management_account_id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                "AllAwsRegions": True,
            },
        )
    return built
