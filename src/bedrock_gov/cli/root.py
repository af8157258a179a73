"""The `bedrock-gov` command group, on Typer: each command lives in its own module, imported only
when it runs, so the group knows each by name and one-line summary (`COMMANDS`).

Exit statuses are those of `bedrock_gov.cli.exits`; a usage error (unknown option, missing
argument) is `CANNOT_RUN` (3), and a closed output pipe (`| head -1`) ends the run quietly.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup

from bedrock_gov import __version__
from bedrock_gov.cli import exits, silence_stdout

_USAGE_ERROR = 2
"""The exit code Click gives its usage errors; ours is `exits.CANNOT_RUN`."""


@dataclass(frozen=True)
class _LazyCommand:
    module: str
    attribute: str
    summary: str

    def load(self, name: str) -> Any:
        target = getattr(importlib.import_module(f"bedrock_gov.cli.{self.module}"), self.attribute)
        if not isinstance(target, typer.Typer):
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
            single.command(name)(target)
            target = single
        command = typer.main.get_command(target)
        command.name = name
        return command


COMMANDS: dict[str, _LazyCommand] = {
    "evaluate": _LazyCommand("evaluate_cmd", "evaluate", "Decide requests against an SCP hierarchy and explain each."),
    "lint": _LazyCommand(
        "lint_cmd", "lint_command", "Find SCP mistakes (gaps, dead statements, limits), each with a fix."
    ),
    "render": _LazyCommand("render_cmd", "render_command", "Turn governance.yaml into packed, self-checked SCPs."),
    "schema": _LazyCommand("render_cmd", "schema_command", "Print the JSON Schema of governance.yaml."),
    "rules": _LazyCommand("rules_cmd", "app", "Run or package the AWS Config rule handlers."),
    "prove": _LazyCommand("prove_cmd", "app", "Prove properties of an SCP hierarchy for every request (SMT)."),
    "audit": _LazyCommand(
        "audit_cmd", "audit_command", "Audit an organization snapshot: findings per account, Region and control."
    ),
    "collect": _LazyCommand(
        "collect_cmd", "collect", "Collect the organization's accounts and Regions into a snapshot."
    ),
    "verify": _LazyCommand("verify_cmd", "verify_command", "Test the deployed controls live in a sandbox account."),
    "demo": _LazyCommand(
        "demo_cmd", "demo_command", "Show the whole system on an emulated organization (no AWS account)."
    ),
}


def _as_cannot_run(error: Exception) -> None:
    """Give Click's usage errors (exit code 2, which means malformed input lines here) our code 3."""
    if not isinstance(error, typer.Exit) and getattr(error, "exit_code", None) == _USAGE_ERROR:
        error.exit_code = exits.CANNOT_RUN  # type: ignore[attr-defined]


class _LazyGroup(TyperGroup):
    """A group whose commands are imported when invoked; `--help` lists them from the table."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        spec = COMMANDS.get(cmd_name)
        return spec.load(cmd_name) if spec else None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Plain help: rich's would import every command to read its docstring."""
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_options(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, spec.summary) for name, spec in COMMANDS.items()])

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except Exception as error:
            _as_cannot_run(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(exits.OK) from None
        except Exception as error:
            _as_cannot_run(error)
            raise


app = typer.Typer(
    name="bedrock-gov",
    cls=_LazyGroup,
    help="Governance as code for Amazon Bedrock across an AWS Organization.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bedrock-gov {__version__}")
        raise typer.Exit(exits.OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """Governance as code for Amazon Bedrock across an AWS Organization."""
