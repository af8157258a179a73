"""`bedrock-gov lint PATH...`: find the classic SCP mistakes; every finding has a rule id and a fix.

Each directory is one target (its *.json files are the SCPs attached there, except a render
`manifest.json`); files named together form one more level. Unreadable or invalid files are
reported as findings and the rest is still linted. Exit status: 3 when nothing could be linted, 2 when some input was bad, else 1 when an
error-level finding exists, else 0.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bedrock_gov.catalog import limits_named
from bedrock_gov.cli import exits
from bedrock_gov.lint import lint, lint_inputs, rule_infos
from bedrock_gov.policy import Severity
from bedrock_gov.policy_files import read_groups
from bedrock_gov.report import lint_json, lint_sarif, lint_text


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


def lint_command(
    paths: Annotated[list[Path], typer.Argument(help="SCP files, or directories (one target each: its *.json).")],
    output_format: Annotated[
        LintFormat, typer.Option("--format", help="text, json or sarif (2.1.0).")
    ] = LintFormat.text,
    limits: Annotated[
        str, typer.Option("--limits", help="SCP quotas: current (10,240 / 10) or legacy (5,120 / 5).")
    ] = "current",
    management_account: Annotated[
        str | None,
        typer.Option("--management-account", help="The management account ID, which must own enforced guardrails."),
    ] = None,
) -> None:
    """Lint SCPs and Bedrock policies: model controls that break cross-Region inference, API-key and Mantle gaps, guardrail identifiers, size and attachment limits, dead and shadowed statements."""
    try:
        limit_set = limits_named(limits)
        if management_account is not None and not (len(management_account) == 12 and management_account.isdigit()):
            raise ValueError(f"--management-account must be a 12-digit account ID, not {management_account!r}")
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    loaded = lint_inputs(read_groups(paths))
    findings = sorted(
        [*loaded.problems, *(lint(loaded.levels, limit_set, management_account) if loaded.levels else [])],
        key=lambda f: (f.source, f.position.line, f.position.column, f.pointer, f.rule, f.message),
    )
    if output_format is LintFormat.json:
        typer.echo(lint_json(findings, loaded.files), nl=False)
    elif output_format is LintFormat.sarif:
        typer.echo(lint_sarif(findings, rule_infos()), nl=False)
    else:
        typer.echo(lint_text(findings, loaded.files), nl=False)
    if not loaded.levels:
        typer.echo("error: no policy could be linted", err=True)
        raise typer.Exit(exits.CANNOT_RUN)
    if loaded.bad_inputs:
        typer.echo(f"error: {loaded.bad_inputs} input(s) could not be linted; see the findings", err=True)
        raise typer.Exit(exits.BAD_INPUT)
    if any(finding.severity is Severity.ERROR for finding in findings):
        raise typer.Exit(exits.FINDINGS)
