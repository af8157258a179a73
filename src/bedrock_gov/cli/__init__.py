"""The `bedrock-gov` command line.

Start-up matters for a tool run once per file in scripts: `bedrock-gov evaluate` must not pay for
the prover (z3), the intent model (pydantic), the AWS SDK, nor even Typer. So this module imports
nothing heavy: an ordinary `evaluate` run takes its standard-library route
(`evaluate_run.fast_route`), and everything else (other commands, `--help`, usage errors) goes
to the Typer group in `cli.root`, loaded on first use, like `app` here.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from bedrock_gov.cli import exits


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["evaluate"]:
        from bedrock_gov.cli.evaluate_run import fast_route

        try:
            status = fast_route(arguments[1:])
            sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
            status = exits.OK
        if status is not None:
            sys.exit(status)
    from bedrock_gov.cli.root import app

    app()


def silence_stdout() -> None:
    """The reader went away (`| head`): later writes, the interpreter's last flush included, go nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def __getattr__(name: str) -> Any:
    """`bedrock_gov.cli.app`, the Typer group, imported when first asked for."""
    if name == "app":
        from bedrock_gov.cli.root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
