"""`bedrock-gov render governance.yaml --out DIR` and `bedrock-gov schema`.

Render writes the packed, minified SCP documents and `manifest.json` only after the evaluator has
checked them against the intent's request suite. Stale `BedrockGovernance*.json` files from an
earlier render in DIR are removed so that DIR holds exactly what the manifest lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bedrock_gov.catalog import limits_named
from bedrock_gov.cli import exits
from bedrock_gov.intent.loader import IntentError, intent_json_schema, load_intent
from bedrock_gov.policy_files import RENDER_MANIFEST
from bedrock_gov.render import DOCUMENT_PREFIX, PackingError, RenderResult, RenderSelfCheckError, render


def write_result(result: RenderResult, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    keep = {document.filename for document in result.documents}
    for stale in sorted(out.glob(f"{DOCUMENT_PREFIX}*.json")):
        if stale.name not in keep:
            stale.unlink()
    for document in result.documents:
        path = out / document.filename
        path.write_bytes(document.text.encode("utf-8"))
        written.append(path)
    manifest = out / RENDER_MANIFEST
    manifest.write_bytes(result.manifest_text().encode("utf-8"))
    written.append(manifest)
    return written


def render_command(
    intent_path: Annotated[Path, typer.Argument(metavar="GOVERNANCE_YAML", help="The intent file.")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the SCP documents and manifest.json.")],
    limits: Annotated[
        str | None, typer.Option("--limits", help="Override the intent's limit set: current or legacy.")
    ] = None,
) -> None:
    """Render governance.yaml into SCPs packed under AWS limits, verified before they are written."""
    try:
        intent = load_intent(intent_path)
        limit_set = limits_named(limits) if limits else None
    except (IntentError, ValueError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    try:
        result = render(intent, limit_set)
    except PackingError as error:
        typer.echo(f"error: the SCPs cannot fit: {error}", err=True)
        raise typer.Exit(exits.FINDINGS) from None
    except RenderSelfCheckError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    try:
        written = write_result(result, out)
    except OSError as error:
        typer.echo(f"error: cannot write to {out}: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
    for document in result.documents:
        statements = ", ".join(statement.sid for statement in document.statements)
        typer.echo(f"{out / document.filename}: {document.size:,} characters ({statements})")
    typer.echo(
        f"{len(result.documents)} SCP(s) under the {result.limits.name} limits, checked against "
        f"{result.checked_requests} requests; manifest: {written[-1]}"
    )


def schema_command(
    out: Annotated[Path | None, typer.Option("--out", help="Write the schema here instead of stdout.")] = None,
) -> None:
    """Print (or write) the JSON Schema of governance.yaml, for editor autocompletion."""
    text = intent_json_schema()
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        typer.echo(f"error: cannot write {out}: {error}", err=True)
        raise typer.Exit(exits.CANNOT_RUN) from None
