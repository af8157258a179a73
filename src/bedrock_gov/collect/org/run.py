"""Collecting a whole organization into one snapshot: the tree from the management account (or a
delegated administrator), then every member account and Region in a bounded thread pool.

The caller's own account is read with its own credentials; every other account through
`member_role`. A failing account or Region never stops the others: it is recorded with the
reason. Only a caller without credentials or an unreadable organization stops the run.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bedrock_gov.collect.aws_calls import CannotCheck, call, error_code
from bedrock_gov.collect.call_log import CallLog
from bedrock_gov.collect.org.aggregator import organization_aggregator, read_aggregator
from bedrock_gov.collect.org.region import Aggregated, collect_iam, collect_region, empty_iam_section, failed_region
from bedrock_gov.collect.org.sessions import SINGLE_ATTEMPT, AccountSession, assume_role
from bedrock_gov.collect.organization import OrganizationUnreadable, read_organization
from bedrock_gov.collect.status import COLLECTED, failure
from bedrock_gov.snapshot import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, Collection, Snapshot
from bedrock_gov.snapshot.document import AccountSnapshot, Collector, IamSection, Organization, RegionSnapshot

REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")
DEFAULT_ROLE = "OrganizationAccountAccessRole"


class CollectError(Exception):
    """Nothing could be collected: no credentials, an unreadable organization, bad options."""


@dataclass(frozen=True)
class CollectOptions:
    regions: tuple[str, ...]
    member_role: str = DEFAULT_ROLE
    accounts: tuple[str, ...] = ()
    """Account IDs to collect; empty: every active account. The others are recorded as skipped."""
    workers: int = 8


Progress = Callable[[int, str], None]
"""Called once with the number of tasks (and an empty label), then with 0 and a label as each ends."""


@dataclass
class _Accounts:
    """The accounts to read (with their sessions) and those already settled (skipped or refused)."""

    sessions: dict[str, AccountSession] = field(default_factory=dict)
    settled: dict[str, AccountSnapshot] = field(default_factory=dict)


def _version() -> str:
    try:
        return version("bedrock-gov")
    except PackageNotFoundError:
        return "unknown"


def _caller(session: AccountSession, region: str) -> tuple[str, str]:
    """The caller's account ID and partition; CollectError if there are no usable credentials."""
    try:
        identity = call(session.clients(region)("sts").get_caller_identity)
    except CannotCheck as error:
        if error_code(error.__cause__ or error) is None:  # NoCredentialsError and the like: no AWS answer at all
            raise CollectError(f"no usable AWS credentials: {error.__cause__ or error}") from error
        raise CollectError(f"the AWS credentials were refused: {failure(error).get('reason')}") from error
    return str(identity["Account"]), str(identity["Arn"]).split(":")[1]


def _settled(account_id: str, collection: Collection, regions: tuple[str, ...]) -> AccountSnapshot:
    """An account none of whose sections were read, each saying why."""
    return AccountSnapshot(
        account_id=account_id,
        collection=collection,
        iam=empty_iam_section(collection),
        regions=[failed_region(region, collection) for region in regions],
    )


def _check_regions(regions: tuple[str, ...]) -> str:
    """The first Region (where global calls go); CollectError if any name is not a Region's."""
    bad = [region for region in regions if not REGION_NAME.fullmatch(region)]
    if bad or not regions:
        raise CollectError(f"not a Region name: {', '.join(bad) or '(none given)'}")
    return regions[0]


def _check_accounts(options: CollectOptions, organization: Organization) -> None:
    known = {account["id"] for account in organization["accounts"]}
    unknown = [account for account in options.accounts if account not in known]
    if unknown:
        raise CollectError(f"not an account of this organization: {', '.join(unknown)}")


def _sessions(
    pool: ThreadPoolExecutor,
    caller: AccountSession,
    identity: tuple[str, str, str],
    options: CollectOptions,
    organization: Organization,
) -> _Accounts:
    """Sessions for the accounts to read: the caller's own, or the member role's (assumed in parallel)."""
    caller_id, partition, home = identity
    accounts = _Accounts()
    members: list[str] = []
    for account in organization["accounts"]:
        account_id = account["id"]
        if options.accounts and account_id not in options.accounts:
            accounts.settled[account_id] = _settled(
                account_id, Collection(status="skipped", reason="not in --accounts"), options.regions
            )
        elif account["status"] != "ACTIVE":
            skipped = Collection(status="skipped", reason=f"account status {account['status']}")
            accounts.settled[account_id] = _settled(account_id, skipped, options.regions)
        elif account_id == caller_id:
            accounts.sessions[account_id] = caller
        else:
            members.append(account_id)

    def assume(account_id: str) -> AccountSession | Collection:
        role_arn = f"arn:{partition}:iam::{account_id}:role/{options.member_role}"
        try:
            return caller.for_account(assume_role(caller, home, role_arn))
        except CannotCheck as error:
            refused = failure(error)
            return Collection(status=refused["status"], reason=f"cannot assume {role_arn}: {refused.get('reason')}")

    for account_id, outcome in zip(members, pool.map(assume, members), strict=True):
        if isinstance(outcome, AccountSession):
            accounts.sessions[account_id] = outcome
        else:
            accounts.settled[account_id] = _settled(account_id, outcome, options.regions)
    return accounts


def _aggregated(
    caller: AccountSession, regions: tuple[str, ...]
) -> tuple[dict[tuple[str, str], Aggregated] | None, Collection | None]:
    """The aggregator's inventory, or None (and why, when an aggregator exists but could not serve)."""
    for region in regions:
        try:
            name = organization_aggregator(caller.clients(region))
            if name is not None:
                return read_aggregator(caller.clients(region, SINGLE_ATTEMPT), name), COLLECTED
        except CannotCheck as error:
            return None, failure(error)
    return None, None


def collect_snapshot(
    options: CollectOptions, session: Any = None, call_log: CallLog | None = None, progress: Progress | None = None
) -> Snapshot:
    """Collect the organization; `session` is a boto3 Session (None: the standard credential chain).

    Raises CollectError when nothing can be collected; anything less is recorded in the snapshot.
    """
    import boto3

    started = datetime.now(UTC)
    home = _check_regions(options.regions)
    session = session or boto3.Session()
    log = call_log or CallLog()
    log.attach(session.events)
    caller = AccountSession(session, threading.Lock(), None)
    caller_id, partition = _caller(caller, home)
    try:
        organization = read_organization(caller.clients(home))
    except OrganizationUnreadable as error:
        raise CollectError(f"cannot read the organization: {error}") from error
    _check_accounts(options, organization)
    aggregated, aggregator_status = _aggregated(caller, options.regions)
    notify = progress or (lambda count, label: None)
    with ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="collect") as pool:
        accounts = _sessions(pool, caller, (caller_id, partition, home), options, organization)
        notify(len(accounts.sessions) * (1 + len(options.regions)), "")

        def region_task(account_id: str, region: str) -> RegionSnapshot:
            account = accounts.sessions[account_id]
            share = None if aggregated is None else aggregated.get((account_id, region), Aggregated())
            snapshot = collect_region(
                account.clients(region), account.clients(region, SINGLE_ATTEMPT), account_id, region, share
            )
            notify(0, f"{account_id} {region}")
            return snapshot

        def iam_task(account_id: str) -> IamSection:
            account = accounts.sessions[account_id]
            iam = collect_iam(account.clients(home), account.clients(home, SINGLE_ATTEMPT), partition)
            notify(0, f"{account_id} IAM")
            return iam

        region_futures = {
            (account_id, region): pool.submit(region_task, account_id, region)
            for account_id in accounts.sessions
            for region in options.regions
        }
        iam_futures = {account_id: pool.submit(iam_task, account_id) for account_id in accounts.sessions}
        collected = {
            account_id: AccountSnapshot(
                account_id=account_id,
                collection=COLLECTED,
                iam=iam_futures[account_id].result(),
                regions=[region_futures[(account_id, region)].result() for region in options.regions],
            )
            for account_id in accounts.sessions
        }
    order = [account["id"] for account in organization["accounts"]]
    collector = Collector(
        tool_version=_version(),
        path="aggregator" if aggregated is not None else "per-account",
        regions=list(options.regions),
        member_role=options.member_role,
        api_calls=log.total,
    )
    if aggregator_status is not None:
        collector["aggregator"] = aggregator_status
    return Snapshot(
        format=SNAPSHOT_FORMAT,
        version=SNAPSHOT_VERSION,
        collected_at=started.isoformat().replace("+00:00", "Z"),
        collector=collector,
        organization=organization,
        accounts=[collected.get(account_id) or accounts.settled[account_id] for account_id in order],
    )
