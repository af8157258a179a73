"""`bedrock-gov prove`: PROVED / VIOLATED (with a counterexample) / UNKNOWN for an SCP hierarchy.

Exit status: 0 every property PROVED (for `prove diff`: no difference); 1 some property VIOLATED
(a difference exists); 4 nothing VIOLATED but some answer UNKNOWN (an unencoded construct, a
bound or a timeout: not a pass); 3 the policies could not be read, or the prover and the
evaluator disagree on a counterexample (an internal error, reported as ERROR).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bedrock_gov.bounded_read import BoundedReadError, load_yaml, read_text
from bedrock_gov.cli import exits
from bedrock_gov.intent import Intent
from bedrock_gov.intent.loader import IntentError, load_intent
from bedrock_gov.policy import Level
from bedrock_gov.policy_files import load_levels
from bedrock_gov.prove import (
    PROPERTY_WORDS,
    CustomProperty,
    PropertyFileError,
    PropertyResult,
    Prover,
    Status,
    parse_properties,
    prove_all,
    prove_custom,
    prove_diff,
    request_json,
    worst,
)

app = typer.Typer(help="Prove properties of an SCP hierarchy for all requests at once (z3).")

_STYLE = {Status.PROVED: "green", Status.VIOLATED: "red", Status.UNKNOWN: "yellow", Status.ERROR: "bold red"}
_EXIT = {Status.PROVED: exits.OK, Status.VIOLATED: exits.FINDINGS, Status.UNKNOWN: exits.UNDECIDED}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _levels(paths: list[Path], errors: Console) -> list[Level]:
    loaded = load_levels(paths)
    for issue in loaded.warnings:
        errors.print(str(issue), style="yellow", markup=False, highlight=False)
    if loaded.errors:
        for issue in loaded.errors:
            errors.print(str(issue), style="red", markup=False, highlight=False)
        errors.print(f"error: {len(loaded.errors)} problem(s) in the policies; nothing was proved", markup=False)
        raise typer.Exit(exits.CANNOT_RUN)
    return loaded.levels


def _emit(results: list[PropertyResult], output_format: OutputFormat) -> None:
    status = worst([result.status for result in results])
    if output_format is OutputFormat.json:
        words = results[0].wording if len(results) == 1 else PROPERTY_WORDS
        payload = {"status": words.property[status], "properties": [result.to_json() for result in results]}
        typer.echo(json.dumps(payload, indent=2))
    else:
        _print_text(results)
    raise typer.Exit(_EXIT.get(status, exits.CANNOT_RUN))


def _print_text(results: list[PropertyResult]) -> None:
    out = Console(soft_wrap=True, highlight=False)
    for result in results:
        words = result.wording
        out.print(f"{result.id} {words.property[result.status]}", style=_STYLE[result.status], end="", markup=False)
        out.print(f"  {result.title}  ({result.seconds * 1000:.0f} ms)", markup=False)
        for note in result.notes:
            out.print(f"    note: {note}", style="dim", markup=False)
        for check in result.checks:
            out.print(f"    {words.check[check.status]:<8}", style=_STYLE[check.status], end="", markup=False)
            out.print(f" {check.name}: {check.detail}", markup=False)
            if check.requests:
                for request in check.requests:
                    out.print(f"        {json.dumps(request_json(request))}", markup=False)
                for decision in check.decisions:
                    out.print(f"        evaluator: {decision.decision}: {decision.message}", style="dim", markup=False)


def _custom_properties(path: Path) -> list[CustomProperty]:
    """The property file's properties; its first mistake as a BoundedReadError with line and column."""
    document = load_yaml(read_text(path), str(path))
    try:
        return parse_properties(document.data)
    except PropertyFileError as error:
        position = document.position(error.path)
        at = f"line {position[0]}, column {position[1]}: " if position else ""
        raise BoundedReadError(f"{path}: {at}{error}") from None


def _refuse_parent_options(ctx: typer.Context, errors: Console) -> None:
    """`prove --level X diff ...`: the subcommand has its own options; none of `prove`'s is ignored silently."""
    given = [
        parameter.opts[0]
        for parameter in ctx.command.params
        if parameter.name
        and (source := ctx.get_parameter_source(parameter.name)) is not None
        and source.name != "DEFAULT"
    ]
    if given:
        what = "is an option" if len(given) == 1 else "are options"
        errors.print(
            f"error: {', '.join(given)} {what} of `prove` itself, which `prove {ctx.invoked_subcommand}` does not use; "
            f"give its own options after `{ctx.invoked_subcommand}` (bedrock-gov prove {ctx.invoked_subcommand} --help)",
            markup=False,
        )
        raise typer.Exit(exits.CANNOT_RUN)


@app.callback(invoke_without_command=True)
def prove(
    ctx: typer.Context,
    level: Annotated[
        list[Path] | None,
        typer.Option("--level", help="One hierarchy level, root first: a policy file or a directory."),
    ] = None,
    intent_path: Annotated[
        Path | None, typer.Option("--intent", help="governance.yaml: approved/blocked families, profiles, API keys.")
    ] = None,
    properties: Annotated[
        Path | None,
        typer.Option("--properties", help="YAML file of custom properties (always denied / sometimes allowed)."),
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    timeout_ms: Annotated[int, typer.Option("--timeout-ms", min=1, help="Solver time limit per check.")] = 10_000,
) -> None:
    """Prove P1-P4 (and custom properties) on an SCP hierarchy. Without --intent, P1 and P2 check nothing (UNKNOWN)."""
    errors = Console(stderr=True, soft_wrap=True)
    if ctx.invoked_subcommand is not None:
        _refuse_parent_options(ctx, errors)
        return
    if not level:
        errors.print("error: give the hierarchy with --level PATH (root first), once per level", markup=False)
        raise typer.Exit(exits.CANNOT_RUN)
    try:
        intent = load_intent(intent_path) if intent_path else Intent()
        custom = _custom_properties(properties) if properties else []
    except (IntentError, BoundedReadError) as error:
        errors.print(f"error: {error}", markup=False)
        raise typer.Exit(exits.CANNOT_RUN) from None
    prover = Prover(_levels(level, errors), timeout_ms=timeout_ms)
    results = prove_all(prover, intent)
    results += [prove_custom(prover, prop) for prop in custom]
    _emit(results, output_format)


@app.command("diff")
def diff(
    before: Annotated[list[Path], typer.Option("--before", help="A level of the old hierarchy, root first (repeat).")],
    after: Annotated[list[Path], typer.Option("--after", help="A level of the new hierarchy, root first (repeat).")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Requests to list per direction.")] = 10,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    timeout_ms: Annotated[int, typer.Option("--timeout-ms", min=1)] = 10_000,
) -> None:
    """P5: what the after set allows that the before set denied, and the reverse, as concrete requests."""
    errors = Console(stderr=True, soft_wrap=True)
    old = Prover(_levels(before, errors), timeout_ms=timeout_ms)
    new = Prover(_levels(after, errors), timeout_ms=timeout_ms)
    _emit([prove_diff(old, new, limit)], output_format)
