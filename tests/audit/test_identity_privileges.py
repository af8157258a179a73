"""What identity policies grant, decided by the policy engine: administrative access, privilege
escalation, full Bedrock access; certain, only under conditions, or not judged."""

from __future__ import annotations

import json
from typing import Any

from bedrock_gov.audit.identity_privileges import judge_privileges
from bedrock_gov.checks.privileges import Grant
from bedrock_gov.snapshot import IdentityPolicy, PrincipalPolicies

USER = "arn:aws:iam::111111111111:user/app"


def _principal(
    *statements: dict[str, Any], arn: str = USER, extra: list[IdentityPolicy] | None = None
) -> PrincipalPolicies:
    document = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    policies = [IdentityPolicy(name="p", arn=None, group=None, document=document), *(extra or [])]
    return PrincipalPolicies(arn=arn, name=arn.rsplit("/", 1)[-1], permissions_boundary_arn=None, policies=policies)


def _kinds(grants: tuple[Grant, ...], conditional: bool = False) -> set[str]:
    return {grant.kind for grant in grants if grant.conditional == conditional}


def test_star_on_star_is_administrative_and_everything_else_too() -> None:
    privileges = judge_privileges(_principal({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    assert _kinds(privileges.grants) == {"administrator", "privilege_escalation", "bedrock_full_access"}
    assert privileges.unreadable == ()


def test_not_action_leaving_out_one_service_is_still_administrative() -> None:
    privileges = judge_privileges(_principal({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}))
    assert "administrator" in _kinds(privileges.grants)


def test_a_deny_in_another_policy_takes_the_grant_away() -> None:
    deny = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})
    principal = _principal(
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        extra=[IdentityPolicy(name="deny", arn=None, group="quarantine", document=deny)],
    )
    assert judge_privileges(principal).grants == ()


def test_bedrock_star_is_full_bedrock_access_but_not_administrative() -> None:
    privileges = judge_privileges(_principal({"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}))
    assert _kinds(privileges.grants) == {"bedrock_full_access"}
    narrow = judge_privileges(_principal({"Effect": "Allow", "Action": "bedrock:Invoke*", "Resource": "*"}))
    assert narrow.grants == ()


def test_a_policy_on_its_own_user_through_a_variable_is_self_escalation() -> None:
    statement = {
        "Effect": "Allow",
        "Action": "iam:PutUserPolicy",
        "Resource": "arn:aws:iam::111111111111:user/${aws:username}",
    }
    grants = judge_privileges(_principal(statement)).grants
    assert [(g.kind, g.detail, g.conditional) for g in grants] == [("privilege_escalation", "iam:PutUserPolicy", False)]
    other_user = {**statement, "Resource": "arn:aws:iam::111111111111:user/someone-else"}
    assert judge_privileges(_principal(other_user)).grants == ()


def test_creating_its_own_access_key_is_not_escalation_but_anyones_is() -> None:
    own = {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": USER}
    assert judge_privileges(_principal(own)).grants == ()
    anyone = {**own, "Resource": "*"}
    assert [g.detail for g in judge_privileges(_principal(anyone)).grants] == ["iam:CreateAccessKey"]


def test_a_grant_under_a_condition_is_only_possible() -> None:
    conditional = {
        "Effect": "Allow",
        "Action": "*",
        "Resource": "*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    }
    privileges = judge_privileges(_principal(conditional))
    assert _kinds(privileges.grants) == set()
    assert "administrator" in _kinds(privileges.grants, conditional=True)


def test_a_conditional_deny_leaves_the_grant_possible_not_certain() -> None:
    privileges = judge_privileges(
        _principal(
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        )
    )
    assert _kinds(privileges.grants) == set() and "administrator" in _kinds(privileges.grants, conditional=True)


def test_unreadable_and_unparsable_policies_are_named() -> None:
    principal = _principal({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
    principal["policies"] += [
        IdentityPolicy(name="Ops", arn="arn:aws:iam::1:policy/Ops", group=None, document=None, reason="AccessDenied"),
        IdentityPolicy(name="Broken", arn=None, group="devs", document="{not json"),
    ]
    unreadable = judge_privileges(principal).unreadable
    assert len(unreadable) == 2
    assert unreadable[0] == "policy Ops was not read: AccessDenied"
    assert unreadable[1].startswith("policy Broken (group devs) does not parse:")


def test_every_action_on_every_arn_is_administrative_too() -> None:
    privileges = judge_privileges(_principal({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:*"}))
    assert "administrator" in _kinds(privileges.grants)
    one_bucket = judge_privileges(_principal({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::logs/*"}))
    assert "administrator" not in _kinds(one_bucket.grants)
