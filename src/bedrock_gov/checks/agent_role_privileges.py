"""Bedrock agents' execution roles follow least privilege (Prowler: bedrock_agent_role_least_privilege).

Input: an agent, its execution role with every identity policy attached to it, and what the audit's
policy engine found those policies grant (`checks.privileges`). As Prowler, a role fails with an AWS
managed `*FullAccess` policy attached, a grant of administrative access or privilege escalation, or
no permissions boundary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import CheckMetadata, CheckResult
from bedrock_gov.checks.privileges import Privileges, verdict
from bedrock_gov.snapshot import BedrockAgent, PrincipalPolicies

RESOURCE_TYPE = "AWS::Bedrock::Agent"
AWS_FULL_ACCESS_POLICY = re.compile(r"arn:aws[a-z-]*:iam::aws:policy/(?:.*/)?[^/]*FullAccess")

METADATA = CheckMetadata(
    id="bedrock-agent-role-least-privilege",
    title="Bedrock agents' execution roles follow least privilege",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "An agent acts with its execution role: a prompt injection that steers the agent can call any API "
        "the role allows, so an administrative or self-escalating role turns it into account takeover."
    ),
    remediation=(
        "Give the execution role only the model invocation and knowledge base actions the agent needs, detach "
        "AWS managed *FullAccess and administrative policies, and set a permissions boundary on the role."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters: Prowler's three criteria all apply."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def check(agent: BedrockAgent, role: PrincipalPolicies, privileges: Privileges, params: Parameters) -> CheckResult:
    """Judge one agent from its execution role (the caller makes sure the role was read)."""
    violations = [
        f"AWS managed policy {policy['name']} attached"
        for policy in role["policies"]
        if policy["arn"] and AWS_FULL_ACCESS_POLICY.fullmatch(policy["arn"])
    ]
    if role["permissions_boundary_arn"] is None:
        violations.append(f"role {role['name']} has no permissions boundary")
    return verdict(RESOURCE_TYPE, agent["id"], privileges, ("administrator", "privilege_escalation"), violations)
