"""No IAM user holds an active long-term Amazon Bedrock API key.

Long-term Bedrock API keys are IAM service-specific credentials for `bedrock.amazonaws.com`.
Input: a `snapshot.IamUser` record with its service-specific credentials (metadata only).
Only credential ids reach the annotation: nothing else from the credential is repeated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult, ConfigTrigger
from bedrock_gov.snapshot import IamUser, ServiceSpecificCredential

RESOURCE_TYPE = "AWS::IAM::User"
BEDROCK_SERVICE = "bedrock.amazonaws.com"
MAX_KEY_AGE_DAYS = 36_600
"""The longest lifetime IAM allows a Bedrock API key."""

METADATA = CheckMetadata(
    id="bedrock-no-long-term-api-keys",
    title="No IAM user holds an active long-term Bedrock API key",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "A long-term API key is a bearer secret that calls Bedrock outside role-based access; "
        "a leaked key works until someone deletes it."
    ),
    remediation=(
        "Delete the key (iam delete-service-specific-credential), use short-term keys or roles, "
        "and deny iam:CreateServiceSpecificCredential for bedrock.amazonaws.com by SCP."
    ),
)
CONFIG_TRIGGER = ConfigTrigger(periodic=True)


class Parameters(NamedTuple):
    """With neither set, every active key counts; set, a key counts if old enough OR never expiring."""

    max_age_days: int | None = None
    never_expiring_only: bool = False


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    """Read `maxAgeDays` (0-36600) and `neverExpiringOnly` (true/false)."""
    parameters.reject_unknown(raw, ("maxAgeDays", "neverExpiringOnly"))
    return Parameters(
        max_age_days=parameters.optional_days(raw, "maxAgeDays", MAX_KEY_AGE_DAYS),
        never_expiring_only=parameters.flag(raw, "neverExpiringOnly", False),
    )


def _violation(credential: ServiceSpecificCredential, params: Parameters, now: datetime) -> str | None:
    """Why this credential breaks the rule, or None when it does not."""
    if credential["service_name"] != BEDROCK_SERVICE or credential["status"] != "Active":
        return None
    expires = credential["expiration_date"]
    if expires is not None and expires <= now:
        return None
    created = credential["create_date"]
    age_days = (now - created).days if created else None
    reasons: list[str] = []
    if expires is None:
        reasons.append("never expires")
    if age_days is not None:
        reasons.append(f"{age_days} days old")
    if params.max_age_days is None and not params.never_expiring_only:
        counts = True
    else:
        too_old = params.max_age_days is not None and (age_days is None or age_days > params.max_age_days)
        counts = too_old or (params.never_expiring_only and expires is None)
    if not counts:
        return None
    credential_id = credential["id"] or "unknown id"
    return f"{credential_id} ({', '.join(reasons) or 'age unknown'})"


def check(user: IamUser, params: Parameters, now: datetime) -> CheckResult:
    """Judge one IAM user; `now` is passed in so the check stays pure and repeatable."""
    resource_id = user["id"] or user["name"] or ""
    found = [
        reason
        for credential in user["service_specific_credentials"]
        for reason in [_violation(credential, params, now)]
        if reason is not None
    ]
    if found:
        return CheckResult(
            RESOURCE_TYPE,
            resource_id,
            NON_COMPLIANT,
            f"Active long-term Bedrock API key(s): {'; '.join(found)}.",
        )
    return CheckResult(RESOURCE_TYPE, resource_id, COMPLIANT, "No active long-term Bedrock API key in scope.")
