"""The IAM-side Bedrock checks: full-access attachments, API-key holders' and agent roles' privileges
(judged from the `Privileges` the audit's policy engine hands them)."""

import pytest

from bedrock_gov.checks import agent_role_privileges, api_key_privileges, bedrock_full_access
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.checks.privileges import Grant, Privileges
from bedrock_gov.snapshot import BedrockAgent, IdentityPolicy, PrincipalPolicies
from bedrock_gov.snapshot.document import FullAccessAttachments

COLLECTED = {"status": "collected"}
NOTHING = Privileges(grants=())
ADMIN = Grant("administrator", "every action on every resource", conditional=False)


def _principal(arn: str, boundary: str | None = None, *policies: IdentityPolicy) -> PrincipalPolicies:
    return PrincipalPolicies(
        arn=arn, name=arn.rsplit("/", 1)[-1], permissions_boundary_arn=boundary, policies=list(policies)
    )


def test_full_access_fails_per_holder_and_passes_the_account_without_one() -> None:
    params = bedrock_full_access.Parameters()
    attached = FullAccessAttachments(collection=COLLECTED, users=["dev"], groups=[], roles=["builder"])
    results = bedrock_full_access.check("111111111111", attached, params)
    assert [(r.resource_type, r.resource_id, r.compliance) for r in results] == [
        ("AWS::IAM::User", "dev", "NON_COMPLIANT"),
        ("AWS::IAM::Role", "builder", "NON_COMPLIANT"),
    ]
    empty = FullAccessAttachments(collection=COLLECTED, users=[], groups=[], roles=[])
    (result,) = bedrock_full_access.check("111111111111", empty, params)
    assert (result.resource_id, result.compliance) == ("111111111111", "COMPLIANT")


USER = _principal("arn:aws:iam::111111111111:user/app")


def test_an_api_key_holder_with_admin_fails_naming_the_grant() -> None:
    result = api_key_privileges.check(USER, Privileges(grants=(ADMIN,)), api_key_privileges.Parameters())
    assert (result.resource_id, result.compliance) == ("app", "NON_COMPLIANT")
    assert result.annotation == "administrative access (every action on every resource)."


def test_full_bedrock_access_counts_for_key_holders() -> None:
    grant = Grant("bedrock_full_access", "every Bedrock action on every resource", conditional=False)
    result = api_key_privileges.check(USER, Privileges(grants=(grant,)), api_key_privileges.Parameters())
    assert result.compliance == "NON_COMPLIANT"


def test_a_conditional_grant_or_an_unread_policy_is_undetermined_never_compliant() -> None:
    params = api_key_privileges.Parameters()
    conditional = api_key_privileges.check(USER, Privileges(grants=(ADMIN._replace(conditional=True),)), params)
    assert conditional.undetermined and conditional.compliance != "COMPLIANT"
    assert "administrative access (every action on every resource) only under conditions" in conditional.annotation
    unread = api_key_privileges.check(USER, Privileges(grants=(), unreadable=("policy Ops was not read",)), params)
    assert unread.undetermined and unread.annotation == "policy Ops was not read"


def test_a_key_holder_granted_nothing_wide_passes() -> None:
    result = api_key_privileges.check(USER, NOTHING, api_key_privileges.Parameters())
    assert result.compliance == "COMPLIANT" and not result.undetermined


AGENT = BedrockAgent(id="AGENT1", name="helper", guardrail=None, agent_role_arn="arn:aws:iam::1:role/agent")
BOUNDARY = "arn:aws:iam::1:policy/boundary"


def test_an_agent_role_with_a_boundary_and_narrow_policies_passes() -> None:
    role = _principal("arn:aws:iam::1:role/agent", BOUNDARY)
    result = agent_role_privileges.check(AGENT, role, NOTHING, agent_role_privileges.Parameters())
    assert (result.resource_id, result.compliance) == ("AGENT1", "COMPLIANT")


def test_an_agent_role_fails_on_each_of_prowlers_criteria() -> None:
    params = agent_role_privileges.Parameters()
    managed = IdentityPolicy(
        name="AmazonS3FullAccess", arn="arn:aws:iam::aws:policy/AmazonS3FullAccess", group=None, document="{}"
    )
    full_access = agent_role_privileges.check(
        AGENT, _principal("arn:aws:iam::1:role/agent", BOUNDARY, managed), NOTHING, params
    )
    assert full_access.annotation == "AWS managed policy AmazonS3FullAccess attached."
    no_boundary = agent_role_privileges.check(AGENT, _principal("arn:aws:iam::1:role/agent"), NOTHING, params)
    assert no_boundary.annotation == "role agent has no permissions boundary."
    admin = agent_role_privileges.check(
        AGENT, _principal("arn:aws:iam::1:role/agent", BOUNDARY), Privileges((ADMIN,)), params
    )
    assert {full_access.compliance, no_boundary.compliance, admin.compliance} == {"NON_COMPLIANT"}


def test_full_bedrock_access_alone_does_not_fail_an_agent_role_as_in_prowler() -> None:
    grant = Grant("bedrock_full_access", "every Bedrock action on every resource", conditional=False)
    role = _principal("arn:aws:iam::1:role/agent", BOUNDARY)
    result = agent_role_privileges.check(AGENT, role, Privileges((grant,)), agent_role_privileges.Parameters())
    assert result.compliance == "COMPLIANT"


@pytest.mark.parametrize("control", [bedrock_full_access, api_key_privileges, agent_role_privileges])
def test_they_take_no_parameters_and_are_not_config_rules(control: object) -> None:
    with pytest.raises(ParameterError):
        control.parse_parameters({"x": "1"})
    assert control.CONFIG_TRIGGER is None
