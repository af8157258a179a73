"""`bedrock-gov collect`: the organization, every account and Region -> one snapshot file.

Exit statuses: 0 everything collected; 4 collected, but some sections could not be (each says
why in the snapshot); 3 nothing could be done (no credentials, organization unreadable, bad options).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from bedrock_gov.cli import exits
from bedrock_gov.collect.org import DEFAULT_ROLE, CollectError, CollectOptions, Progress, collect_snapshot
from bedrock_gov.snapshot import Snapshot
from bedrock_gov.snapshot.schema import snapshot_to_json


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def _is_status(key: str, value: Any) -> bool:
    named = key in ("collection", "compliance") or key.endswith("_collection")
    return named and isinstance(value, dict) and "status" in value


def _statuses(value: Any) -> Iterator[dict[str, Any]]:
    """Every collection status in a snapshot."""
    if isinstance(value, dict):
        for key, child in value.items():
            if _is_status(key, child):
                yield child
            else:
                yield from _statuses(child)
    elif isinstance(value, list):
        for child in value:
            yield from _statuses(child)


def not_collected(snapshot: Snapshot) -> int:
    """How many sections were not collected in full (skipped accounts, left out on purpose, not counted)."""
    return sum(
        1
        for status in _statuses(snapshot)
        if status.get("status") not in ("collected", "skipped") or status.get("not_collected")
    )


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A rich progress bar on a terminal; nothing when output is redirected."""
    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        yield None
        return
    from rich.progress import Progress as Bar

    with Bar(transient=True) as bar:
        task = bar.add_task("collecting", total=None)

        def advance(total: int, label: str) -> None:
            if total:
                bar.update(task, total=total)
            else:
                bar.update(task, advance=1, description=label)

        yield advance


def collect(
    out: Path = typer.Option(..., "--out", help="Where to write the snapshot (JSON)."),
    regions: str | None = typer.Option(
        None, "--regions", help="Comma-separated Regions (default: the session's Region)."
    ),
    member_role: str = typer.Option(DEFAULT_ROLE, "--member-role", help="Role assumed in each member account."),
    profile: str | None = typer.Option(None, "--profile", help="AWS profile (default: the standard credential chain)."),
    accounts: str | None = typer.Option(None, "--accounts", help="Comma-separated account IDs (default: all)."),
    workers: int = typer.Option(8, "--workers", min=1, max=64, help="Accounts and Regions read at once."),
) -> None:
    """Collect the organization into a snapshot. Exit 4 if some sections could not be collected, 3 if nothing could."""
    import boto3
    import botocore.exceptions

    try:
        session = boto3.Session(profile_name=profile)
    except botocore.exceptions.ProfileNotFound as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    chosen = _split(regions) or ((session.region_name,) if session.region_name else ())
    if not chosen:
        typer.echo("error: no Region: pass --regions or configure a default Region", err=True)
        raise typer.Exit(exits.CANNOT_RUN)
    options = CollectOptions(regions=chosen, member_role=member_role, accounts=_split(accounts), workers=workers)
    try:
        with _progress() as progress:
            snapshot = collect_snapshot(options, session=session, progress=progress)
        out.write_bytes(snapshot_to_json(snapshot))
    except CollectError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    except OSError as error:
        typer.echo(f"error: cannot write {out}: {error.strerror or error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    collector = snapshot["collector"]
    missing = not_collected(snapshot)
    typer.echo(
        f"{out}: {len(snapshot['accounts'])} accounts x {len(chosen)} Regions, path {collector['path']}, "
        f"{collector['api_calls']} API calls"
    )
    if "aggregator" in collector and collector["aggregator"]["status"] != "collected":
        typer.echo(f"aggregator not used: {collector['aggregator'].get('reason')}; read every account instead")
    if missing:
        typer.echo(f"{missing} section(s) not collected in full (see their collection status)", err=True)
    raise typer.Exit(exits.UNDECIDED if missing else exits.OK)
