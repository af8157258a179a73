"""`bedrock-gov audit`: judge a snapshot of the organization; findings per account, Region and control.

Exit status: 0 every finding PASS; 1 some finding FAIL; 4 nothing failed but something could not
be checked (UNKNOWN, with its reason); 3 nothing could be done (an unreadable snapshot, intent or
baseline, bad options).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bedrock_gov.audit.baseline import BaselineError, read_baseline
from bedrock_gov.audit.findings import Finding, compare_with_baseline, to_json
from bedrock_gov.audit.registry import CONTROLS
from bedrock_gov.audit.run import audit
from bedrock_gov.cli import exits
from bedrock_gov.cli.audit_text import audit_text
from bedrock_gov.intent import Intent
from bedrock_gov.intent.loader import IntentError, load_intent
from bedrock_gov.snapshot.schema import SnapshotError, read_snapshot


class AuditFormat(StrEnum):
    text = "text"
    json = "json"
    ocsf = "ocsf"
    sarif = "sarif"
    junit = "junit"
    asff = "asff"
    html = "html"


def _json(findings: Sequence[Finding]) -> str:
    return json.dumps(to_json(findings), indent=2, ensure_ascii=False) + "\n"


def _text(findings: Sequence[Finding]) -> str:
    return audit_text(findings, CONTROLS)


def _report(module: str, name: str) -> Callable[[Sequence[Finding]], str]:
    """A renderer of `bedrock_gov.report.<module>`, imported when used: each format's package (OCSF
    models, botocore's Security Hub model, SARIF models) costs memory the other formats never need."""

    def render(findings: Sequence[Finding]) -> str:
        renderer: Callable[[Sequence[Finding]], str] = getattr(
            importlib.import_module(f"bedrock_gov.report.{module}"), name
        )
        return renderer(findings)

    return render


RENDERERS: dict[AuditFormat, tuple[str, Callable[[Sequence[Finding]], str]]] = {
    AuditFormat.text: ("audit.txt", _text),
    AuditFormat.json: ("audit.json", _json),
    AuditFormat.ocsf: ("audit.ocsf.json", _report("ocsf", "audit_ocsf")),
    AuditFormat.sarif: ("audit.sarif", _report("sarif", "audit_sarif")),
    AuditFormat.junit: ("audit.junit.xml", _report("junit", "audit_junit")),
    AuditFormat.asff: ("audit.asff.json", _report("asff", "audit_asff")),
    AuditFormat.html: ("audit.html", _report("html_report", "audit_html")),
}
"""Format -> (file name under --out, renderer); all but text and json come from `bedrock_gov.report`."""


def exit_status(findings: Sequence[Finding]) -> int:
    statuses = {finding.status for finding in findings}
    if "FAIL" in statuses:
        return exits.FINDINGS
    return exits.UNDECIDED if "UNKNOWN" in statuses else exits.OK


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(exits.CANNOT_RUN)


def audit_command(
    snapshot: Annotated[Path, typer.Option("--snapshot", help="The snapshot `bedrock-gov collect` wrote.")],
    intent_path: Annotated[
        Path | None,
        typer.Option(
            "--intent",
            help="governance.yaml: what the SCPs should be and where (without it, those controls are UNKNOWN).",
        ),
    ] = None,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", help="text, json, ocsf, sarif, junit, asff or html.")
    ] = AuditFormat.text,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the report into this directory instead of stdout.")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="An earlier JSON report: mark findings NEW, UNCHANGED or RESOLVED."),
    ] = None,
    timeout_ms: Annotated[int, typer.Option("--timeout-ms", min=1, help="Prover time limit per check.")] = 10_000,
) -> None:
    """Audit an organization snapshot: SCPs (attached, not drifted, lint, prove), Config, alerts, Bedrock posture."""
    try:
        document = read_snapshot(snapshot)
        intent: Intent | None = load_intent(intent_path) if intent_path else None
        earlier = read_baseline(baseline) if baseline else None
    except (SnapshotError, IntentError, BaselineError) as error:
        raise _fail(str(error)) from None
    findings = audit(document, intent, datetime.now(UTC), prove_timeout_ms=timeout_ms)
    if earlier is not None:
        findings = compare_with_baseline(findings, earlier)
    file_name, renderer = RENDERERS[output_format]
    report = renderer(findings)
    if out is None:
        typer.echo(report, nl=False)
    else:
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / file_name).write_text(report, encoding="utf-8")
        except OSError as error:
            raise _fail(f"{out}: cannot write the report: {error.strerror or error}") from None
        typer.echo(f"wrote {out / file_name}", err=True)
    raise typer.Exit(exit_status(findings))
