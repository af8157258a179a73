"""Prowler's IAM- and network-side Bedrock controls over the snapshot: planted violations fail where
they are, and what was not collected or cannot be judged is UNKNOWN with the reason."""

from __future__ import annotations

import json
from typing import Any

import pytest

from audit.snapshots import MEMBER, REGION, healthy, member_region, of, run

EVERYTHING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _account(snapshot: dict[str, Any]) -> dict[str, Any]:
    return next(a for a in snapshot["accounts"] if a["account_id"] == MEMBER)


def _plant_full_access_role(snapshot: dict[str, Any]) -> None:
    _account(snapshot)["iam"]["bedrock_full_access"]["roles"] = ["builder"]


def _plant_admin_group(snapshot: dict[str, Any]) -> None:
    (user,) = _account(snapshot)["iam"]["api_key_users"]["principals"]
    user["policies"].append(
        {
            "name": "AdministratorAccess",
            "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
            "group": "admins",
            "document": json.dumps(EVERYTHING),
        }
    )


def _plant_agent_role_without_boundary(snapshot: dict[str, Any]) -> None:
    (role,) = member_region(snapshot)["agent_roles"]["principals"]
    role["permissions_boundary_arn"] = None


def _plant_missing_runtime_endpoint(snapshot: dict[str, Any]) -> None:
    network = member_region(snapshot)["network"]
    network["endpoints"] = [e for e in network["endpoints"] if not e["service_name"].endswith(".bedrock-runtime")]


@pytest.mark.parametrize(
    ("control", "plant", "region", "resource"),
    [
        ("bedrock-full-access-policy-not-attached", _plant_full_access_role, "global", "builder"),
        ("bedrock-api-key-no-admin-privileges", _plant_admin_group, "global", "app"),
        ("bedrock-agent-role-least-privilege", _plant_agent_role_without_boundary, REGION, "agent-1"),
        ("bedrock-vpc-endpoints-configured", _plant_missing_runtime_endpoint, REGION, "vpc-1"),
    ],
)
def test_each_planted_violation_is_found_where_it_is(control: str, plant: Any, region: str, resource: str) -> None:
    snapshot = healthy()
    plant(snapshot)
    findings = run(snapshot)
    failed = [(f.check_id, f.account_id, f.region, f.resource_id) for f in findings if f.status == "FAIL"]
    assert failed == [(control, MEMBER, region, resource)]


def test_the_admin_finding_names_the_grant_and_the_user_arn() -> None:
    snapshot = healthy()
    _plant_admin_group(snapshot)
    (finding,) = [f for f in of(run(snapshot), "bedrock-api-key-no-admin-privileges") if f.status == "FAIL"]
    assert finding.resource_arn == f"arn:aws:iam::{MEMBER}:user/app"
    assert "administrative access (every action on every resource)" in finding.message


def test_a_policy_not_read_is_unknown_not_pass() -> None:
    snapshot = healthy()
    (user,) = _account(snapshot)["iam"]["api_key_users"]["principals"]
    user["policies"].append(
        {
            "name": "Ops",
            "arn": "arn:aws:iam::1:policy/Ops",
            "group": None,
            "document": None,
            "reason": "GetPolicy: AccessDenied",
        }
    )
    (finding,) = [f for f in of(run(snapshot), "bedrock-api-key-no-admin-privileges") if f.account_id == MEMBER]
    assert finding.status == "UNKNOWN" and "policy Ops was not read: GetPolicy: AccessDenied" in (finding.reason or "")


def test_api_keys_not_listable_is_unknown_with_the_reason() -> None:
    snapshot = healthy()
    section = _account(snapshot)["iam"]["api_key_users"]
    section["collection"] = {"status": "not_available", "reason": "ListServiceSpecificCredentials: not available here"}
    section["principals"] = []
    member = [
        (f.status, f.reason) for f in of(run(snapshot), "bedrock-api-key-no-admin-privileges") if f.account_id == MEMBER
    ]
    assert member == [
        (
            "UNKNOWN",
            "the section of users holding Bedrock API keys (with their policies) was not collected (not_available): "
            "ListServiceSpecificCredentials: not available here",
        )
    ]


def test_an_agent_whose_role_was_not_read_is_unknown_with_the_reason() -> None:
    snapshot = healthy()
    roles = member_region(snapshot)["agent_roles"]
    arn = roles["principals"][0]["arn"]
    roles["principals"] = []
    roles["collection"] = {
        "status": "collected",
        "not_collected": [{"resource_type": "AWS::IAM::Role", "resource_id": arn, "reason": "GetRole: NoSuchEntity"}],
    }
    (finding,) = of(run(snapshot), "bedrock-agent-role-least-privilege")[-1:]
    assert (finding.status, finding.resource_id, finding.reason) == (
        "UNKNOWN",
        "agent-1",
        f"{arn}: GetRole: NoSuchEntity",
    )


def test_vpcs_are_not_judged_where_bedrock_is_not_used_and_unknown_where_that_cannot_be_told() -> None:
    snapshot = healthy()
    bedrock = member_region(snapshot)["bedrock"]
    bedrock["agents"], bedrock["guardrails"], bedrock["invocation_logging"]["logging"] = [], [], None
    assert [f for f in of(run(snapshot), "bedrock-vpc-endpoints-configured") if f.account_id == MEMBER] == []
    bedrock["guardrails_collection"] = {"status": "not_available", "reason": "ListGuardrails: not available here"}
    member = [f for f in of(run(snapshot), "bedrock-vpc-endpoints-configured") if f.account_id == MEMBER]
    assert [(f.status, f.resource_id) for f in member] == [("UNKNOWN", MEMBER)]
    assert "guardrails (not_available: ListGuardrails: not available here)" in (member[0].reason or "")


def test_network_not_collected_is_unknown() -> None:
    snapshot = healthy()
    member_region(snapshot)["network"] = {
        "collection": {"status": "access_denied", "reason": "DescribeVpcs: UnauthorizedOperation"},
        "vpcs": [],
        "endpoints": [],
    }
    member = [
        (f.status, f.reason) for f in of(run(snapshot), "bedrock-vpc-endpoints-configured") if f.account_id == MEMBER
    ]
    assert member == [
        ("UNKNOWN", "VPCs and VPC endpoints was not collected (access_denied): DescribeVpcs: UnauthorizedOperation")
    ]


def test_a_second_agent_on_the_same_role_fails_both() -> None:
    snapshot = healthy()
    agents = member_region(snapshot)["bedrock"]["agents"]
    agents.append({**agents[0], "id": "agent-2", "name": "other"})
    failed = [
        (f.resource_id, f.region) for f in of(run(snapshot), "bedrock-agent-role-not-shared") if f.status == "FAIL"
    ]
    assert sorted(failed) == [("agent-1", REGION), ("agent-2", REGION)]
    assert all(f.status == "PASS" for f in of(run(healthy()), "bedrock-agent-role-not-shared"))


def test_agents_not_read_leave_the_role_undecided_not_passed() -> None:
    snapshot = healthy()
    region = member_region(snapshot)
    region["bedrock"]["agents"][0]["agent_role_arn"] = None
    region["bedrock"]["agents"].append(
        {**region["bedrock"]["agents"][0], "id": "agent-2", "agent_role_arn": "arn:aws:iam::1:role/x"}
    )
    member = [f for f in of(run(snapshot), "bedrock-agent-role-not-shared") if f.account_id == MEMBER]
    assert {f.status for f in member} == {"UNKNOWN"}
    assert all(f.reason for f in member)
