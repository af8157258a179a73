"""`bedrock-gov demo`: the whole system on an emulated organization (moto, in this process).

Exit statuses: 0 the demo ran and its audit found the planted drift; 1 it ran but some planted
drift went unreported; 3 it could not run.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from bedrock_gov.cli import exits
from bedrock_gov.demo.run import DUMMY_CREDENTIALS, DemoError, emulator, run_demo
from bedrock_gov.demo.summary import found_everything, summary_lines


def _step_display() -> Any:
    """A spinner per step on a terminal; a plain line per step otherwise."""
    if sys.stdout.isatty():
        from rich.console import Console

        console = Console()

        @contextmanager
        def rich_step(label: str) -> Iterator[None]:
            began = time.monotonic()
            with console.status(label):
                yield
            console.print(f"[green]done[/green] {label} ({time.monotonic() - began:.1f} s)")

        return rich_step

    @contextmanager
    def plain_step(label: str) -> Iterator[None]:
        began = time.monotonic()
        typer.echo(f"... {label}")
        yield
        typer.echo(f"    done ({time.monotonic() - began:.1f} s)")

    return plain_step


def _wait(endpoint: str) -> None:
    typer.echo(f"\nemulator running at {endpoint}; in another shell:")
    typer.echo(f"  export AWS_ENDPOINT_URL={endpoint} AWS_DEFAULT_REGION=us-east-1")
    typer.echo("  export " + " ".join(f"{name}={value}" for name, value in DUMMY_CREDENTIALS.items()))
    typer.echo("  bedrock-gov collect --regions us-east-1,eu-west-1 --out snapshot.json")
    typer.echo("  bedrock-gov audit --snapshot snapshot.json --intent <out>/governance.yaml")
    typer.echo("Ctrl-C stops it.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        typer.echo("stopped")


def demo_command(
    out: Annotated[Path, typer.Option("--out", help="Directory for the snapshot, intent and reports.")] = Path(
        "demo-out"
    ),
    accounts: Annotated[int, typer.Option("--accounts", min=3, max=30, help="Member accounts to emulate.")] = 6,
    keep_running: Annotated[
        bool, typer.Option("--keep-running", help="Keep the emulator up afterwards, for your own collect/audit.")
    ] = False,
) -> None:
    """Run the whole system on an emulated organization: deploy, drift, collect, lint, prove, audit, report."""
    try:
        with emulator() as endpoint:
            result = run_demo(out, accounts, _step_display(), endpoint)
            typer.echo("")
            for line in summary_lines(result):
                typer.echo(line)
            typer.echo(f"demo ran in {result.seconds:.1f} s")
            if keep_running:
                _wait(endpoint)
    except DemoError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    raise typer.Exit(exits.OK if found_everything(result) else exits.FINDINGS)
