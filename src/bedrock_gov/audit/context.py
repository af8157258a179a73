"""What every control reads: the snapshot, the intent, and the account and Region scopes to judge.

A scope carries the reason it cannot be judged (the member role was refused, the Region is
disabled, the account or Region is missing from the snapshot), so that no control can pass
something nobody looked at: each control answers UNKNOWN with that reason instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from bedrock_gov.audit.control import Where
from bedrock_gov.audit.findings import GLOBAL_REGION
from bedrock_gov.intent import Intent
from bedrock_gov.snapshot import Collection, Snapshot
from bedrock_gov.snapshot.document import AccountSnapshot, RegionSnapshot

ACCOUNT_TYPE = "AWS::::Account"
"""The resource type of a finding about a whole account (AWS Config's name for it)."""


def not_collected(collection: Collection, what: str) -> str | None:
    """None if the section was collected in full; else the reason a control on it is UNKNOWN."""
    if collection["status"] == "collected":
        return None
    return f"{what} was not collected ({collection['status']}): {collection.get('reason') or 'no reason given'}"


@dataclass(frozen=True)
class AccountScope:
    """One account of the audit; `data` is None when the snapshot has no record of it."""

    account_id: str
    data: AccountSnapshot | None
    reason: str | None
    """Why nothing in this account can be judged (None: it can)."""

    def where(self, resource_type: str = ACCOUNT_TYPE, resource_id: str | None = None) -> Where:
        return Where(self.account_id, GLOBAL_REGION, resource_type, resource_id or self.account_id)


@dataclass(frozen=True)
class RegionScope:
    """One account in one Region; `data` is None when the snapshot has no record of it."""

    account_id: str
    region: str
    data: RegionSnapshot | None
    reason: str | None

    def where(self, resource_type: str = ACCOUNT_TYPE, resource_id: str | None = None, arn: str | None = None) -> Where:
        return Where(self.account_id, self.region, resource_type, resource_id or self.account_id, arn)


@dataclass(frozen=True)
class AuditContext:
    snapshot: Snapshot
    intent: Intent | None
    now: datetime
    """When the audit runs (key ages are measured against it); passed in so runs are repeatable."""
    prove_timeout_ms: int = 10_000

    def account_scopes(self) -> Iterator[AccountScope]:
        """Every account the snapshot holds, then every active account of the organization it lacks."""
        seen: set[str] = set()
        for account in self.snapshot["accounts"]:
            seen.add(account["account_id"])
            reason = not_collected(account["collection"], f"account {account['account_id']} (member role)")
            yield AccountScope(account["account_id"], account, reason)
        organization = self.snapshot["organization"]
        if organization["collection"]["status"] != "collected":
            return
        for member in organization["accounts"]:
            if member["id"] not in seen and member["status"] == "ACTIVE":
                seen.add(member["id"])
                yield AccountScope(
                    member["id"], None, f"account {member['id']} is in the organization but not in the snapshot"
                )

    def region_scopes(self) -> Iterator[RegionScope]:
        """Every account in every Region collected or asked for, each with why it cannot be judged."""
        asked = self.snapshot["collector"]["regions"]
        for account in self.account_scopes():
            regions = {region["region"]: region for region in account.data["regions"]} if account.data else {}
            for name in dict.fromkeys([*regions, *asked]):
                data = regions.get(name)
                reason = account.reason
                if reason is None and data is None:
                    reason = f"Region {name} is missing from the snapshot for account {account.account_id}"
                if reason is None and data is not None:
                    reason = not_collected(data["collection"], f"Region {name}")
                yield RegionScope(account.account_id, name, data, reason)
