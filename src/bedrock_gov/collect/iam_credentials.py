"""IAM users and their service-specific credentials (ListUsers, ListServiceSpecificCredentials).

Metadata only: a credential is reduced to its id, service, status and dates as it is read, so no
secret or service user name ever reaches a record, a log line or an annotation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import ClientFactory, pages
from bedrock_gov.snapshot import Collected, IamUser, ServiceSpecificCredential
from bedrock_gov.snapshot.timestamps import parse_timestamp


def credential_record(credential: Mapping[str, Any]) -> ServiceSpecificCredential:
    """A ListServiceSpecificCredentials entry as a record: every other field is dropped here."""
    return ServiceSpecificCredential(
        id=optional_text(credential.get("ServiceSpecificCredentialId")),
        service_name=optional_text(credential.get("ServiceName")),
        status=optional_text(credential.get("Status")),
        create_date=parse_timestamp(credential.get("CreateDate")),
        expiration_date=parse_timestamp(credential.get("ExpirationDate")),
    )


def list_users(clients: ClientFactory, service_name: str) -> Collected[IamUser]:
    """Every IAM user with its credentials for `service_name` (IAM is global: any Region will do)."""
    iam = clients("iam")
    credentials: dict[str, list[ServiceSpecificCredential]] = defaultdict(list)
    for page in pages(
        iam.list_service_specific_credentials, "Marker", "Marker", ServiceName=service_name, AllUsers=True
    ):
        for credential in page.get("ServiceSpecificCredentials") or []:
            credentials[str(credential.get("UserName"))].append(credential_record(credential))
    users: list[IamUser] = []
    for page in pages(iam.list_users, "Marker", "Marker"):
        for user in page.get("Users") or []:
            name = user.get("UserName")
            users.append(
                IamUser(
                    name=optional_text(name),
                    id=optional_text(user.get("UserId")),
                    service_specific_credentials=credentials.get(name, []),
                )
            )
    return Collected[IamUser](records=users, not_collected=[])
