"""The IAM and network reads behind Prowler's IAM- and network-side Bedrock checks, against moto over
real HTTP, with planted violations: a key holder's admin rights through a group, a role holding
AmazonBedrockFullAccess, a VPC in use without Bedrock endpoints."""

from __future__ import annotations

import json

import boto3
import pytest

from bedrock_gov.audit.identity_privileges import judge_privileges
from bedrock_gov.checks import api_key_privileges
from bedrock_gov.collect.aws_calls import CannotCheck, boto3_clients
from bedrock_gov.collect.identity_policies import PolicyReader, full_access_attachments
from bedrock_gov.collect.network import read_network

EVERYTHING_ON_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}


@pytest.fixture
def managed_policies(emulator: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """AWS managed policies in the emulator (moto loads them into an account's IAM on first use)."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")


def test_a_key_holders_group_admin_policy_is_read_and_judged_administrative(managed_policies: None) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="app")
    iam.put_user_policy(UserName="app", PolicyName="s3", PolicyDocument=json.dumps(EVERYTHING_ON_S3))
    iam.create_group(GroupName="admins")
    iam.add_user_to_group(GroupName="admins", UserName="app")
    iam.attach_group_policy(GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    user = PolicyReader(boto3_clients()).user("app")
    assert user["arn"].endswith(":user/app") and user["permissions_boundary_arn"] is None
    assert [(p["name"], p["group"], p["document"] is not None) for p in user["policies"]] == [
        ("s3", None, True),
        ("AdministratorAccess", "admins", True),
    ]
    result = api_key_privileges.check(user, judge_privileges(user), api_key_privileges.Parameters())
    assert result.compliance == "NON_COMPLIANT" and "administrative access" in result.annotation


def test_a_user_that_does_not_exist_cannot_be_checked(emulator: str) -> None:
    with pytest.raises(CannotCheck, match="NoSuchEntity"):
        PolicyReader(boto3_clients()).user("nobody")


def test_who_holds_bedrock_full_access(managed_policies: None) -> None:
    iam = boto3.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    iam.create_role(RoleName="builder", AssumeRolePolicyDocument=json.dumps(trust))
    iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps(trust))
    iam.attach_role_policy(RoleName="builder", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockFullAccess")
    iam.attach_role_policy(RoleName="reader", PolicyArn="arn:aws:iam::aws:policy/AmazonBedrockReadOnly")
    assert full_access_attachments(boto3_clients()) == ([], [], ["builder"])


def test_vpcs_in_use_and_their_endpoints(emulator: str) -> None:
    ec2 = boto3.client("ec2", region_name="us-east-1")
    used = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    idle = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=used, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
    ec2.create_network_interface(SubnetId=subnet)
    ec2.create_vpc_endpoint(
        VpcId=used, ServiceName="com.amazonaws.us-east-1.bedrock-runtime", VpcEndpointType="Interface"
    )
    vpcs, endpoints = read_network(boto3_clients(region="us-east-1"))
    in_use = {vpc["id"]: vpc["in_use"] for vpc in vpcs}
    assert in_use[used] is True and in_use[idle] is False
    assert [(e["vpc_id"], e["service_name"]) for e in endpoints] == [(used, "com.amazonaws.us-east-1.bedrock-runtime")]
