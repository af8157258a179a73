"""`bedrock-gov evaluate`: decide requests against an SCP hierarchy and say what decided each."""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bedrock_gov.catalog import limits_named
from bedrock_gov.cli import exits
from bedrock_gov.policy import Evaluator, Issue, Request
from bedrock_gov.policy_files import load_levels

_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9*?]+")
"""A request names one action: a service prefix, a colon and the action name."""
REQUEST_FIELDS = {"action", "resource", "context", "principal_arn", "account_is_management", "id"}


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


class RequestLineError(ValueError):
    pass


def parse_request(raw: object) -> Request:
    """One request object -> Request; `RequestLineError` says what is wrong with it."""
    if not isinstance(raw, dict):
        raise RequestLineError("a request must be a JSON object")
    unknown = sorted(set(raw) - REQUEST_FIELDS)
    if unknown:
        raise RequestLineError(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(REQUEST_FIELDS))}")
    action, resource = raw.get("action"), raw.get("resource")
    if not isinstance(action, str) or not _ACTION.fullmatch(action):
        raise RequestLineError("'action' must be service:Action, such as \"bedrock:InvokeModel\"")
    if not isinstance(resource, str) or not resource:
        raise RequestLineError("'resource' is required: an ARN, or \"*\" for an action without a resource")
    if "id" in raw and (isinstance(raw["id"], bool) or not isinstance(raw["id"], str | int)):
        raise RequestLineError("'id' must be a string or an integer")
    context = raw.get("context", {})
    if not isinstance(context, dict):
        raise RequestLineError("'context' must be an object of key -> string or list of strings")
    normalized: dict[str, str | list[str]] = {}
    for key, value in context.items():
        if isinstance(value, str):
            normalized[key] = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            normalized[key] = list(value)
        else:
            raise RequestLineError(f"context key {key!r} must be a string or a list of strings")
    principal = raw.get("principal_arn")
    if principal is not None and not isinstance(principal, str):
        raise RequestLineError("'principal_arn' must be a string")
    management = raw.get("account_is_management", False)
    if not isinstance(management, bool):
        raise RequestLineError("'account_is_management' must be true or false")
    return Request.build(action, resource, normalized, principal, management)


MAX_REQUEST_LINE = 1024 * 1024
"""Characters in one request line; a longer line is reported as an error and skipped unread."""


def _request_lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each non-blank line, read one at a time; text is None for a line over
    `MAX_REQUEST_LINE`, which is skipped without being held in memory."""
    handle = sys.stdin if str(path) == "-" else path.open(encoding="utf-8", errors="replace")
    with handle:
        number = 0
        while line := handle.readline(MAX_REQUEST_LINE + 1):
            number += 1
            if len(line) > MAX_REQUEST_LINE:
                while (rest := handle.readline(MAX_REQUEST_LINE)) and not rest.endswith("\n"):
                    pass
                yield number, None
            elif line.strip():
                yield number, line


def _flag_request(action: str, resource: str, context: list[str]) -> Request:
    values: dict[str, list[str]] = {}
    for item in context:
        key, separator, value = item.partition("=")
        if not separator or not key:
            raise RequestLineError(f"--context {item!r}: expected key=value")
        values.setdefault(key, []).append(value)
    flattened = {key: items[0] if len(items) == 1 else items for key, items in values.items()}
    return parse_request({"action": action, "resource": resource, "context": flattened})


def _print_issues(console: Console, issues: list[Issue], style: str) -> None:
    for issue in issues:
        console.print(str(issue), style=style, markup=False, highlight=False)


def evaluate(
    level: Annotated[
        list[Path],
        typer.Option("--level", help="One hierarchy level, root first: a policy file or a directory."),
    ],
    requests: Annotated[Path | None, typer.Option("--requests", help="JSON Lines file of requests, or - .")] = None,
    action: Annotated[str | None, typer.Option("--action", help="A single request's action.")] = None,
    resource: Annotated[str, typer.Option("--resource", help="A single request's resource ARN.")] = "*",
    context: Annotated[
        list[str] | None, typer.Option("--context", help="key=value; repeat a key for a multi-valued key.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.jsonl,
    limits: Annotated[str, typer.Option("--limits", help="SCP size limits: current or legacy.")] = "current",
) -> None:
    """Decide requests against an SCP hierarchy; each answer names the statement or level that decided it."""
    errors = Console(stderr=True, soft_wrap=True)
    try:
        limit_set = limits_named(limits)
    except ValueError as error:
        errors.print(f"error: {error}", markup=False)
        raise typer.Exit(exits.CANNOT_RUN) from None
    if (requests is None) == (action is None):
        errors.print("error: give either --requests FILE or --action (with --resource, --context)", markup=False)
        raise typer.Exit(exits.CANNOT_RUN)
    loaded = load_levels(level, limit_set)
    _print_issues(errors, loaded.warnings, "yellow")
    if loaded.errors:
        _print_issues(errors, loaded.errors, "red")
        errors.print(f"error: {len(loaded.errors)} problem(s) in the policies; nothing was evaluated", markup=False)
        raise typer.Exit(exits.CANNOT_RUN)
    evaluator = Evaluator(loaded.levels)
    if action is not None:
        raise typer.Exit(_evaluate_flags(evaluator, action, resource, context or [], output_format, errors))
    assert requests is not None
    raise typer.Exit(_evaluate_file(evaluator, requests, output_format, errors))


def _evaluate_flags(
    evaluator: Evaluator, action: str, resource: str, context: list[str], output_format: OutputFormat, errors: Console
) -> int:
    """The single request given by --action, --resource and --context; returns the exit status."""
    try:
        request = _flag_request(action, resource, context)
    except RequestLineError as error:
        errors.print(f"error: {error}", markup=False)
        return exits.CANNOT_RUN
    decision = evaluator.evaluate(request)
    _emit(_output(), output_format, {"line": None, **_echo(request), **decision.to_json()})
    return exits.OK


def _evaluate_file(evaluator: Evaluator, requests: Path, output_format: OutputFormat, errors: Console) -> int:
    """Every line of a JSON Lines file, in order; a malformed line is reported in place and skipped."""
    out = _output()
    bad_lines = 0
    try:
        lines = _request_lines(requests)
        first = next(lines, None)
    except OSError as error:
        errors.print(f"error: cannot read {requests}: {error}", markup=False)
        return exits.CANNOT_RUN
    for number, line in itertools.chain([first] if first else [], lines):
        try:
            if line is None:
                raise RequestLineError(f"the line is longer than {MAX_REQUEST_LINE:,} characters; skipped")
            raw = json.loads(line)
            request = parse_request(raw)
        except (json.JSONDecodeError, RequestLineError, RecursionError) as error:
            bad_lines += 1
            _emit(out, output_format, {"line": number, "error": _line_error(error)})
            continue
        record: dict[str, object] = {"line": number}
        if isinstance(raw, dict) and "id" in raw:
            record["id"] = raw["id"]
        record.update(_echo(request))
        _emit(out, output_format, {**record, **evaluator.evaluate(request).to_json()})
    if bad_lines:
        errors.print(f"{bad_lines} request line(s) could not be evaluated; see the error lines", markup=False)
        return exits.BAD_INPUT
    return exits.OK


def _line_error(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} at column {error.colno}"
    if isinstance(error, RecursionError):
        return "the JSON nests too deeply"
    return str(error)


def _output() -> Console:
    return Console(soft_wrap=True, highlight=False)


def _echo(request: Request) -> dict[str, object]:
    return {"action": request.action, "resource": request.resource}


def _emit(out: Console, output_format: OutputFormat, record: dict[str, object]) -> None:
    if output_format is OutputFormat.jsonl:
        typer.echo(json.dumps(record, separators=(",", ":")))
        return
    if "error" in record:
        out.print(f"line {record['line']}: ERROR {record['error']}", style="red", markup=False)
        return
    style = "green" if record["decision"] == "allowed" else "red"
    where = f"line {record['line']}: " if record.get("line") else ""
    label = f"[{record['id']}] " if "id" in record else ""
    out.print(
        f"{where}{label}{str(record['decision']).upper()} {record['action']} on {record['resource']}",
        style=style,
        markup=False,
    )
    out.print(f"    {record['message']}", markup=False)
