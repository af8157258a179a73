"""`bedrock-gov lint PATH...`: find the classic SCP mistakes; every finding has a rule id and a fix.

Each directory is one target (its *.json files are the SCPs attached there, except a render
`manifest.json`); files named together form one more level. Unreadable or invalid files are reported as findings and the rest is still
linted. Exit status: 3 when nothing could be linted, 2 when some input was bad, else 1 when an
error-level finding exists, else 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bedrock_gov.catalog.limits import limits_named
from bedrock_gov.cli import exits
from bedrock_gov.lint import Finding, PolicyFile, PolicyLevel, lint, rule_infos
from bedrock_gov.lint.registry import INVALID_POLICY, UNREADABLE
from bedrock_gov.policy import PolicyParseError, Severity, parse_policy
from bedrock_gov.policy.jsontext import JsonTextError, Position, read_json
from bedrock_gov.report.lint_report import to_json, to_sarif, to_text

RENDER_MANIFEST = "manifest.json"
"""Skipped in directories, so that a `bedrock-gov render` output directory lints as one target."""


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"


@dataclass
class LoadedSet:
    levels: list[PolicyLevel] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    bad_inputs: int = 0

    @property
    def files(self) -> int:
        return sum(len(level.files) for level in self.levels)


def _problem(
    source: str, message: str, rule: str = UNREADABLE.id, pointer: str = "", position: Position | None = None
) -> Finding:
    info = INVALID_POLICY if rule == INVALID_POLICY.id else UNREADABLE
    return Finding(info.id, Severity.ERROR, message, info.fix, source, pointer, position or Position(1, 1))


def load_file(path: Path) -> PolicyFile | list[Finding]:
    """One SCP file, or the findings that say why it cannot be linted."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [_problem(source, f"cannot read the file: {error}")]
    name = path.stem if path.suffix == ".json" else path.name
    try:
        document = read_json(text)
        policy = parse_policy(text, name, limits=None, check_actions=False)
    except JsonTextError as error:
        return [_problem(source, f"[{error.rule}] {error.message}", INVALID_POLICY.id, error.pointer, error.position)]
    except PolicyParseError as error:
        return [
            _problem(source, f"[{issue.rule}] {issue.message}", INVALID_POLICY.id, issue.pointer, issue.position)
            for issue in error.issues
        ]
    return PolicyFile(source, policy, document)


def _groups(paths: list[Path]) -> Iterator[tuple[str, list[Path], bool]]:
    loose: list[Path] = []
    for path in paths:
        if path.is_dir():
            if loose:
                yield "files", loose, False
                loose = []
            members = [item for item in path.glob("*.json") if item.is_file() and item.name != RENDER_MANIFEST]
            yield str(path), sorted(members), True
        else:
            loose.append(path)
    if loose:
        yield "files", loose, False


def load_set(paths: list[Path]) -> LoadedSet:
    loaded = LoadedSet()
    for name, members, is_directory in _groups(paths):
        if is_directory and not members:
            loaded.problems.append(_problem(name, "the directory holds no *.json policy"))
            loaded.bad_inputs += 1
            continue
        files: list[PolicyFile] = []
        for path in members:
            if not path.exists():
                loaded.problems.append(_problem(str(path), "no such file or directory"))
                loaded.bad_inputs += 1
                continue
            result = load_file(path)
            if isinstance(result, PolicyFile):
                files.append(result)
            else:
                loaded.problems.extend(result)
                loaded.bad_inputs += 1
        if files:
            loaded.levels.append(PolicyLevel(name, tuple(files), is_directory))
    return loaded


def lint_command(
    paths: Annotated[list[Path], typer.Argument(help="SCP files, or directories (one target each: its *.json).")],
    output_format: Annotated[
        LintFormat, typer.Option("--format", help="text, json or sarif (2.1.0).")
    ] = LintFormat.text,
    limits: Annotated[
        str, typer.Option("--limits", help="SCP quotas: current (10,240 / 10) or legacy (5,120 / 5).")
    ] = "current",
) -> None:
    """Lint SCPs: the article's mistakes, CRIS gaps, API-key gaps, size and attachment limits, dead and shadowed statements."""
    try:
        limit_set = limits_named(limits)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    loaded = load_set(paths)
    findings = sorted(
        [*loaded.problems, *(lint(loaded.levels, limit_set) if loaded.levels else [])],
        key=lambda f: (f.source, f.position.line, f.position.column, f.pointer, f.rule, f.message),
    )
    if output_format is LintFormat.json:
        typer.echo(to_json(findings, loaded.files), nl=False)
    elif output_format is LintFormat.sarif:
        typer.echo(to_sarif(findings, rule_infos()), nl=False)
    else:
        typer.echo(to_text(findings, loaded.files), nl=False)
    if not loaded.levels:
        typer.echo("error: no policy could be linted", err=True)
        raise typer.Exit(exits.CANNOT_RUN)
    if loaded.bad_inputs:
        typer.echo(f"error: {loaded.bad_inputs} input(s) could not be linted; see the findings", err=True)
        raise typer.Exit(exits.BAD_INPUT)
    if any(finding.severity is Severity.ERROR for finding in findings):
        raise typer.Exit(exits.FINDINGS)
