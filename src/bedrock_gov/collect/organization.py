"""The organization tree (root, OUs, accounts) and its SCP and Bedrock policy documents with their
attachments, read from the management account (or a delegated administrator)."""

from __future__ import annotations

from typing import Any, Literal

from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call, pages
from bedrock_gov.collect.status import COLLECTED, failure
from bedrock_gov.snapshot import Collection, NotCollected
from bedrock_gov.snapshot.document import Account, Organization, OrganizationalUnit, PolicyDocument

PolicyType = Literal["SERVICE_CONTROL_POLICY", "BEDROCK_POLICY"]
POLICY_TYPES: tuple[PolicyType, ...] = ("SERVICE_CONTROL_POLICY", "BEDROCK_POLICY")
POLICY_RESOURCE_TYPE = "AWS::Organizations::Policy"


class OrganizationUnreadable(Exception):
    """The organization itself could not be read: nothing else can be collected."""


def _tree(organizations: Any, root_id: str) -> tuple[list[OrganizationalUnit], list[Account]]:
    """Every OU and account under the root, breadth first."""
    units: list[OrganizationalUnit] = []
    accounts: list[Account] = []
    parents = [root_id]
    while parents:
        parent = parents.pop(0)
        for page in pages(organizations.list_accounts_for_parent, "NextToken", "NextToken", ParentId=parent):
            for entry in page.get("Accounts") or []:
                accounts.append(
                    Account(
                        id=str(entry.get("Id")),
                        name=str(entry.get("Name") or ""),
                        status=str(entry.get("Status") or ""),
                        parent_id=parent,
                    )
                )
        for page in pages(
            organizations.list_organizational_units_for_parent, "NextToken", "NextToken", ParentId=parent
        ):
            for entry in page.get("OrganizationalUnits") or []:
                unit_id = str(entry.get("Id"))
                units.append(OrganizationalUnit(id=unit_id, name=str(entry.get("Name") or ""), parent_id=parent))
                parents.append(unit_id)
    return units, accounts


def _policy(organizations: Any, summary: dict[str, Any], kind: PolicyType) -> PolicyDocument:
    """One policy with its text and direct targets (DescribePolicy, ListTargetsForPolicy)."""
    policy_id = str(summary.get("Id"))
    described = call(organizations.describe_policy, PolicyId=policy_id).get("Policy") or {}
    content = described.get("Content")
    targets = [
        str(target.get("TargetId"))
        for page in pages(organizations.list_targets_for_policy, "NextToken", "NextToken", PolicyId=policy_id)
        for target in page.get("Targets") or []
    ]
    return PolicyDocument(
        id=policy_id,
        name=str(summary.get("Name") or ""),
        type=kind,
        aws_managed=summary.get("AwsManaged") is True,
        content=content if isinstance(content, str) else None,
        targets=targets,
    )


def _policies(organizations: Any) -> tuple[list[PolicyDocument], list[NotCollected]]:
    """Every SCP and Bedrock policy; a policy type or policy that cannot be read is reported."""
    documents: list[PolicyDocument] = []
    missed: list[NotCollected] = []
    for kind in POLICY_TYPES:
        try:
            summaries = [
                summary
                for page in pages(organizations.list_policies, "NextToken", "NextToken", Filter=kind)
                for summary in page.get("Policies") or []
            ]
        except CannotCheck as error:
            reason = f"{kind} policies: {failure(error).get('reason')}"
            missed.append(NotCollected(resource_type=POLICY_RESOURCE_TYPE, resource_id="", reason=reason))
            continue
        for summary in summaries:
            try:
                documents.append(_policy(organizations, summary, kind))
            except CannotCheck as error:
                reason = str(failure(error).get("reason"))
                missed.append(
                    NotCollected(resource_type=POLICY_RESOURCE_TYPE, resource_id=str(summary.get("Id")), reason=reason)
                )
    return documents, missed


def read_organization(clients: ClientFactory) -> Organization:
    """The organization; raises OrganizationUnreadable if it, its root or its tree cannot be read."""
    organizations = clients("organizations")
    try:
        described = call(organizations.describe_organization).get("Organization") or {}
        roots = [
            root
            for page in pages(organizations.list_roots, "NextToken", "NextToken")
            for root in page.get("Roots") or []
        ]
        if not roots:
            raise OrganizationUnreadable("the organization has no root")
        root_id = str(roots[0].get("Id"))
        units, accounts = _tree(organizations, root_id)
    except CannotCheck as error:
        raise OrganizationUnreadable(str(failure(error).get("reason"))) from error
    policies, missed = _policies(organizations)
    collection = Collection(status="collected", not_collected=missed) if missed else COLLECTED
    return Organization(
        collection=collection,
        id=described.get("Id"),
        management_account_id=described.get("MasterAccountId"),
        root_id=root_id,
        units=units,
        accounts=accounts,
        policies=policies,
    )
