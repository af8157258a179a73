"""IAM users holding Bedrock API keys have no administrative privileges
(Prowler: bedrock_api_key_no_administrative_privileges).

Input: a user holding a Bedrock service-specific credential, with every identity policy that applies
to it (its own, attached and inline, and its groups'), and what the audit's policy engine found
those policies grant together (`checks.privileges`). A key is a bearer secret: whatever the user may
do, a leaked key may do too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import CheckMetadata, CheckResult
from bedrock_gov.checks.privileges import Privileges, verdict
from bedrock_gov.snapshot import PrincipalPolicies

RESOURCE_TYPE = "AWS::IAM::User"

METADATA = CheckMetadata(
    id="bedrock-api-key-no-admin-privileges",
    title="Users holding Bedrock API keys have no administrative privileges",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "A Bedrock API key carries its user's permissions: if the user may do everything, grant itself "
        "more (iam:PutUserPolicy and the like) or administer Bedrock, a leaked key can too."
    ),
    remediation=(
        "Give users with Bedrock API keys only the Bedrock actions they call (say, bedrock:InvokeModel and "
        "bedrock:CallWithBearerToken on named models), detach administrative policies from them and their "
        "groups, or replace the key with short-term credentials."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters: administrative access, privilege escalation and full Bedrock access all count."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def check(user: PrincipalPolicies, privileges: Privileges, params: Parameters) -> CheckResult:
    """Judge one key-holding user from what its policies grant."""
    return verdict(
        RESOURCE_TYPE, user["name"], privileges, ("administrator", "privilege_escalation", "bedrock_full_access")
    )
