"""IAM identity policies of the few principals the Bedrock checks judge (IAM is global: any Region will do).

Only named principals are read: the users holding Bedrock API keys and the agents' execution roles,
each with its attached and inline policies and those of its groups; a managed policy's document is
read once per account. Who has AmazonBedrockFullAccess attached is one paginated ListEntitiesForPolicy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any
from urllib.parse import unquote

from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call, pages
from bedrock_gov.collect.status import failure
from bedrock_gov.snapshot import IdentityPolicy, NotCollected, PrincipalPolicies

BEDROCK_FULL_ACCESS = "AmazonBedrockFullAccess"
USER_TYPE = "AWS::IAM::User"
ROLE_TYPE = "AWS::IAM::Role"


def document_text(document: object) -> str:
    """A policy document as IAM returns it (boto3 decodes it into a dict; raw answers are URL-encoded)."""
    if isinstance(document, str):
        return unquote(document)
    return json.dumps(document, separators=(",", ":"))


class PolicyReader:
    """Reads identity policies in one account, each managed policy's document once."""

    def __init__(self, clients: ClientFactory) -> None:
        self.iam = clients("iam")
        self._documents: dict[str, str | CannotCheck] = {}

    def _managed(self, arn: str) -> str:
        """The default version's document of a managed policy, read once (a failure is remembered too)."""
        if arn not in self._documents:
            try:
                version = call(self.iam.get_policy, PolicyArn=arn)["Policy"]["DefaultVersionId"]
                found = call(self.iam.get_policy_version, PolicyArn=arn, VersionId=version)["PolicyVersion"]
                self._documents[arn] = document_text(found["Document"])
            except CannotCheck as error:
                self._documents[arn] = error
        known = self._documents[arn]
        if isinstance(known, CannotCheck):
            raise known
        return known

    def _record(self, name: str, arn: str | None, group: str | None, read: Callable[[], Any]) -> IdentityPolicy:
        """A policy's record; `read` returns its document (for a managed policy, the cached one)."""
        try:
            document, reason = read(), None
        except CannotCheck as error:
            document, reason = None, failure(error).get("reason", str(error))
        policy = IdentityPolicy(name=name, arn=arn, group=group, document=document)
        if reason is not None:
            policy["reason"] = reason
        return policy

    def _attached(self, kind: str, name: str, group: str | None) -> Iterator[IdentityPolicy]:
        lister = getattr(self.iam, f"list_attached_{kind}_policies")
        for page in pages(lister, "Marker", "Marker", **{f"{kind.capitalize()}Name": name}):
            for attached in page.get("AttachedPolicies") or []:
                arn = str(attached.get("PolicyArn"))
                yield self._record(str(attached.get("PolicyName")), arn, group, partial(self._managed, arn))

    def _inline(self, kind: str, name: str, group: str | None) -> Iterator[IdentityPolicy]:
        lister, getter = getattr(self.iam, f"list_{kind}_policies"), getattr(self.iam, f"get_{kind}_policy")
        key = f"{kind.capitalize()}Name"
        for page in pages(lister, "Marker", "Marker", **{key: name}):
            for policy_name in page.get("PolicyNames") or []:

                def read(policy_name: str = str(policy_name)) -> str:
                    return document_text(call(getter, **{key: name, "PolicyName": policy_name})["PolicyDocument"])

                yield self._record(str(policy_name), None, group, read)

    def _own(self, kind: str, name: str, group: str | None = None) -> list[IdentityPolicy]:
        return [*self._attached(kind, name, group), *self._inline(kind, name, group)]

    def user(self, name: str) -> PrincipalPolicies:
        """A user with its own policies and its groups'; raises CannotCheck if a listing fails."""
        user = call(self.iam.get_user, UserName=name)["User"]
        policies = self._own("user", name)
        for page in pages(self.iam.list_groups_for_user, "Marker", "Marker", UserName=name):
            for group in page.get("Groups") or []:
                policies.extend(self._own("group", str(group.get("GroupName")), str(group.get("GroupName"))))
        boundary = user.get("PermissionsBoundary") or {}
        return PrincipalPolicies(
            arn=str(user.get("Arn")),
            name=name,
            permissions_boundary_arn=boundary.get("PermissionsBoundaryArn"),
            policies=policies,
        )

    def role(self, arn: str) -> PrincipalPolicies:
        """A role (named by ARN, the key the agents refer to it by) with its policies; raises CannotCheck if a read fails."""
        name = arn.rsplit("/", 1)[-1]
        role = call(self.iam.get_role, RoleName=name)["Role"]
        boundary = role.get("PermissionsBoundary") or {}
        return PrincipalPolicies(
            arn=arn,
            name=name,
            permissions_boundary_arn=boundary.get("PermissionsBoundaryArn"),
            policies=self._own("role", name),
        )


def read_principals(
    names: list[str], read: Callable[[str], PrincipalPolicies], resource_type: str
) -> tuple[list[PrincipalPolicies], list[NotCollected]]:
    """Each principal `read` can read, and the others with the reason."""
    found: list[PrincipalPolicies] = []
    missed: list[NotCollected] = []
    for name in dict.fromkeys(names):
        try:
            found.append(read(name))
        except CannotCheck as error:
            reason = failure(error).get("reason", str(error))
            missed.append(NotCollected(resource_type=resource_type, resource_id=name, reason=reason))
    return found, missed


def full_access_attachments(clients: ClientFactory, partition: str = "aws") -> tuple[list[str], list[str], list[str]]:
    """The users, groups and roles with AmazonBedrockFullAccess attached."""
    arn = f"arn:{partition}:iam::aws:policy/{BEDROCK_FULL_ACCESS}"
    users: list[str] = []
    groups: list[str] = []
    roles: list[str] = []
    for page in pages(clients("iam").list_entities_for_policy, "Marker", "Marker", PolicyArn=arn):
        users.extend(str(user.get("UserName")) for user in page.get("PolicyUsers") or [])
        groups.extend(str(group.get("GroupName")) for group in page.get("PolicyGroups") or [])
        roles.extend(str(role.get("RoleName")) for role in page.get("PolicyRoles") or [])
    return users, groups, roles
