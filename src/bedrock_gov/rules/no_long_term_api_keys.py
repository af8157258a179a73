"""Config rule `bedrock-no-long-term-api-keys`: no IAM user holds an active long-term Bedrock API key.

Periodic only, evaluated on each IAM user (`AWS::IAM::User`, identified by its user id as
Config does). IAM is global: deploy this rule in one Region. Credential listings are read for
their ids, status and dates only; nothing else from them is logged or reported.
Parameters: `maxAgeDays` (0-36600), `neverExpiringOnly` (true/false).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from bedrock_gov.checks import long_term_api_keys as control
from bedrock_gov.rules import runtime
from bedrock_gov.rules.aws_calls import pages

_CREDENTIAL_FIELDS = ("ServiceSpecificCredentialId", "ServiceName", "Status", "CreateDate", "ExpirationDate")


def list_users(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge every IAM user against the account's Bedrock service-specific credentials."""
    iam = run.client("iam")
    credentials: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page in pages(
        iam.list_service_specific_credentials,
        run.backoff,
        "Marker",
        "Marker",
        ServiceName=control.BEDROCK_SERVICE,
        AllUsers=True,
    ):
        for credential in page.get("ServiceSpecificCredentials") or []:
            kept = {key: credential[key] for key in _CREDENTIAL_FIELDS if key in credential}
            credentials[str(credential.get("UserName"))].append(kept)
    now = datetime.now(UTC)
    listing = runtime.Listing()
    for page in pages(iam.list_users, run.backoff, "Marker", "Marker"):
        for user in page.get("Users") or []:
            name = user.get("UserName")
            user_view = {"userName": name, "userId": user.get("UserId"), "credentials": credentials.get(name, [])}
            listing.results.append(control.check(user_view, params, now))
    return listing


RULE = runtime.Rule(
    name=control.METADATA.id,
    resource_types=frozenset({control.RESOURCE_TYPE}),
    parse_parameters=control.parse_parameters,
    list_current=list_users,
)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """The Lambda entry point."""
    return runtime.run(RULE, event)
