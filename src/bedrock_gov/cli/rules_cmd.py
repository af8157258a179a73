"""`bedrock-gov rules`: run a Config rule handler on a saved event, or package the handlers."""

from __future__ import annotations

import importlib
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from bedrock_gov.bounded_read import BoundedReadError, load_json, read_text
from bedrock_gov.cli import exits
from bedrock_gov.collect import boto3_clients
from bedrock_gov.config_rules import (
    CONFIG_RULES,
    LOG,
    RULES_MANIFEST,
    EvaluationIncomplete,
    PackagingError,
    build_zip,
    dry_run_clients,
    rule_manifest,
    sha256,
)
from bedrock_gov.config_rules import run as run_rule

app = typer.Typer(
    help="AWS Config rules: run a handler on a saved event, or build the Lambda zips.",
    no_args_is_help=True,
)


AWS_SETUP_ERRORS = frozenset({"NoRegionError", "NoCredentialsError", "PartialCredentialsError", "ProfileNotFound"})
"""botocore's errors for a missing Region or credentials, named so that botocore loads only when used."""


def _fail(message: str, status: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(status)


def _load_event(path: Path) -> Any:
    try:
        return load_json(read_text(path), str(path))
    except BoundedReadError as error:
        raise _fail(str(error), exits.CANNOT_RUN) from None


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


@app.command("run")
def run(
    rule: str = typer.Argument(..., help=f"Rule name: {', '.join(CONFIG_RULES)}."),
    event: Path = typer.Option(..., "--event", help="A saved AWS Config rule event (JSON)."),
    params: str | None = typer.Option(None, "--params", help="Rule parameters as a JSON object; replaces the event's."),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Print the evaluations (JSON lines) instead of sending them."
    ),
) -> None:
    """Run RULE's handler on a saved event. Exit 1 if anything is NON_COMPLIANT, 3 if it cannot run."""
    if rule not in CONFIG_RULES:
        raise _fail(f"unknown rule {rule!r}; known: {', '.join(CONFIG_RULES)}", exits.CANNOT_RUN)
    body = _load_event(event)
    if params is not None:
        try:
            parsed = json.loads(params)
        except json.JSONDecodeError as error:
            raise _fail(f"--params is not valid JSON: {error.msg}", exits.CANNOT_RUN) from None
        if not isinstance(parsed, dict) or not isinstance(body, dict):
            raise _fail("--params must be a JSON object, and the event a JSON object", exits.CANNOT_RUN)
        body["ruleParameters"] = json.dumps(parsed)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    LOG.addHandler(handler)
    clients, recorder = dry_run_clients(boto3_clients(), forward=not dry_run)
    status = exits.OK
    try:
        outcome = run_rule(importlib.import_module(CONFIG_RULES[rule]).CONFIG_RULE, body, clients=clients)
        if outcome["status"] != "ok":
            status = exits.CANNOT_RUN
    except EvaluationIncomplete as error:
        typer.echo(f"error: {error}", err=True)
        status = exits.CANNOT_RUN
    except Exception as error:
        if type(error).__name__ not in AWS_SETUP_ERRORS:
            raise
        typer.echo(
            f"error: this event needs AWS reads (a scheduled or oversized event), but botocore says: {error} "
            "Set AWS_REGION and credentials, or use a change event.",
            err=True,
        )
        status = exits.CANNOT_RUN
    finally:
        LOG.removeHandler(handler)
    for evaluation in recorder.evaluations:
        if dry_run:
            typer.echo(json.dumps(evaluation, default=_json_default, sort_keys=True))
        if status == exits.OK and evaluation["ComplianceType"] == "NON_COMPLIANT":
            status = exits.FINDINGS
    raise typer.Exit(status)


@app.command("package")
def package(out: Path = typer.Option(..., "--out", help="Directory for the zips (created if missing).")) -> None:
    """Build one reproducible Lambda zip per rule, and rules.json (handlers and triggers) for the Terraform module."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        zips: dict[str, Path] = {}
        for rule, module in CONFIG_RULES.items():
            zips[rule] = path = build_zip(rule, out)
            typer.echo(f"{path}  sha256={sha256(path)}  handler={module}.lambda_handler")
        manifest = out / RULES_MANIFEST
        manifest.write_text(rule_manifest(zips), encoding="utf-8")
        typer.echo(f"{manifest}  (rule names, handlers and triggers, read by the Terraform module)")
    except (OSError, PackagingError) as error:
        raise _fail(str(error), exits.CANNOT_RUN) from None
