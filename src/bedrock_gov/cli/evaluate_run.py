"""`bedrock-gov evaluate` itself: its options, once, and the run, on the standard library alone.

The options are declared here once (`OPTIONS`); `evaluate_cmd` builds the Typer command from them
(for `--help`, usage errors and Typer's test runner) and `fast_route` parses them with argparse, so
that `bedrock-gov evaluate` on a request or a stream does not pay for Typer, pydantic or rich.
Results are written as they are decided, one JSON line each, never held.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import orjson

from bedrock_gov.catalog import limits_named
from bedrock_gov.cli import exits
from bedrock_gov.cli.evaluate_output import Emit, open_output
from bedrock_gov.policy import Evaluator, Issue, Request
from bedrock_gov.policy_files import load_levels

SUMMARY = "Decide requests against an SCP hierarchy; each answer names the statement or level that decided it."
FORMATS = ("jsonl", "text")


@dataclass(frozen=True)
class Option:
    """One `--flag` of `evaluate`: what both parsers (Typer's and argparse's) are built from."""

    name: str
    help: str
    path: bool = False
    multiple: bool = False
    required: bool = False
    default: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        return "--" + self.name


OPTIONS = (
    Option(
        "level",
        "One hierarchy level, root first: a policy file or a directory.",
        path=True,
        multiple=True,
        required=True,
    ),
    Option("requests", "JSON Lines file of requests, or - .", path=True),
    Option("action", "A single request's action."),
    Option("resource", "A single request's resource ARN.", default="*"),
    Option("context", "key=value; repeat a key for a multi-valued key.", multiple=True),
    Option("format", "Output: one JSON object per line, or text.", default="jsonl", choices=FORMATS),
    Option("limits", "SCP size limits: current or legacy.", default="current"),
)

_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9*?]+")
"""A request names one action: a service prefix, a colon and the action name."""
REQUEST_FIELDS = {"action", "resource", "context", "principal_arn", "account_is_management", "id"}
MAX_REQUEST_LINE = 1024 * 1024
"""Characters in one request line; a longer line is reported as an error and skipped unread."""


class RequestLineError(ValueError):
    pass


class _NotOurs(Exception):
    """argparse could not read the arguments: Typer's route reports it (or prints the help)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _NotOurs(message)


def fast_route(arguments: Sequence[str]) -> int | None:
    """Run `evaluate` with `arguments` (after the command name) and return its exit status; None
    when they are not plain options (`--help`, a typo, a missing value), which Typer then handles."""
    parser = _Parser(add_help=False, allow_abbrev=False)
    for option in OPTIONS:
        parser.add_argument(
            option.flag,
            dest=option.name,
            action="append" if option.multiple else "store",
            choices=option.choices or None,
            default=None if option.multiple else option.default,
        )
    try:
        values = vars(parser.parse_args(arguments))
    except _NotOurs:
        return None
    if any(option.required and values[option.name] is None for option in OPTIONS):
        return None
    return run(values)


def run(values: Mapping[str, Any]) -> int:
    """Evaluate with the parsed option values (keyed by option name); returns the exit status."""
    try:
        limit_set = limits_named(values["limits"])
    except ValueError as error:
        _error(str(error))
        return exits.CANNOT_RUN
    requests, action = values["requests"], values["action"]
    if (requests is None) == (action is None):
        _error("give either --requests FILE or --action (with --resource, --context)")
        return exits.CANNOT_RUN
    loaded = load_levels([Path(level) for level in values["level"]], limit_set)
    _print_issues(loaded.warnings, "yellow")
    if loaded.errors:
        _print_issues(loaded.errors, "red")
        _error(f"{len(loaded.errors)} problem(s) in the policies; nothing was evaluated")
        return exits.CANNOT_RUN
    evaluator = Evaluator(loaded.levels)
    with open_output(values["format"]) as emit:
        if action is not None:
            return _evaluate_flags(evaluator, action, values["resource"], values["context"] or [], emit)
        return _evaluate_file(evaluator, Path(requests), emit)


def parse_request(raw: object) -> Request:
    """One request object -> Request; `RequestLineError` says what is wrong with it."""
    if not isinstance(raw, dict):
        raise RequestLineError("a request must be a JSON object")
    if not REQUEST_FIELDS.issuperset(raw):
        unknown = sorted(set(raw) - REQUEST_FIELDS)
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
    for key, value in context.items():
        if not isinstance(value, str) and not (isinstance(value, list) and all(isinstance(i, str) for i in value)):
            raise RequestLineError(f"context key {key!r} must be a string or a list of strings")
    principal = raw.get("principal_arn")
    if principal is not None and not isinstance(principal, str):
        raise RequestLineError("'principal_arn' must be a string")
    management = raw.get("account_is_management", False)
    if not isinstance(management, bool):
        raise RequestLineError("'account_is_management' must be true or false")
    return Request.build(action, resource, context, principal, management)


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


def _evaluate_flags(evaluator: Evaluator, action: str, resource: str, context: list[str], emit: Emit) -> int:
    """The single request given by --action, --resource and --context; returns the exit status."""
    try:
        request = _flag_request(action, resource, context)
    except RequestLineError as error:
        _error(str(error))
        return exits.CANNOT_RUN
    decision = evaluator.evaluate(request)
    emit({"line": None, "action": request.action, "resource": request.resource, **decision.to_json()})
    return exits.OK


def _evaluate_file(evaluator: Evaluator, requests: Path, emit: Emit) -> int:
    """Every line of a JSON Lines file, in order; a malformed line is reported in place and skipped."""
    bad_lines = 0
    try:
        lines = _request_lines(requests)
        first = next(lines, None)
    except OSError as error:
        _error(f"cannot read {requests}: {error}")
        return exits.CANNOT_RUN
    evaluate = evaluator.evaluate
    for number, line in itertools.chain([first] if first else [], lines):
        try:
            if line is None:
                raise RequestLineError(f"the line is longer than {MAX_REQUEST_LINE:,} characters; skipped")
            raw = _loads(line)
            request = parse_request(raw)
        except (json.JSONDecodeError, RequestLineError, RecursionError) as error:
            bad_lines += 1
            emit({"line": number, "error": _line_error(error)})
            continue
        record: dict[str, object] = {"line": number}
        if "id" in raw:
            record["id"] = raw["id"]
        record["action"] = request.action
        record["resource"] = request.resource
        record.update(evaluate(request).to_json())
        emit(record)
    if bad_lines:
        _error(f"{bad_lines} request line(s) could not be evaluated; see the error lines")
        return exits.BAD_INPUT
    return exits.OK


def _loads(line: str) -> Any:
    """orjson, fast; a line it refuses goes through `json`, which says why in its words and ends too
    deep a nesting with RecursionError. So does a line whose "id" orjson read as a float: it turns
    an integer beyond 64 bits into one, and the id must keep its digits."""
    try:
        parsed = orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)
    if isinstance(parsed, dict) and isinstance(parsed.get("id"), float):
        return json.loads(line)
    return parsed


def _line_error(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} at column {error.colno}"
    if isinstance(error, RecursionError):
        return "the JSON nests too deeply"
    return str(error)


def _error(message: str) -> None:
    _stderr_line(f"error: {message}")


def _print_issues(issues: list[Issue], style: str) -> None:
    for issue in issues:
        _stderr_line(str(issue), style)


def _stderr_line(text: str, style: str | None = None) -> None:
    """A line on stderr; coloured through rich only on a terminal, so a script never loads it."""
    if style and sys.stderr.isatty():
        from rich.console import Console

        Console(stderr=True, soft_wrap=True).print(text, style=style, markup=False, highlight=False)
        return
    stream: TextIO = sys.stderr
    stream.write(text + "\n")
