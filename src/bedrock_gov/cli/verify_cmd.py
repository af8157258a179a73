"""`bedrock-gov verify`: four live tests of the deployed controls, run for real in a sandbox account.

Exit status: 0 every selected test passed; 1 one failed; 3 nothing could be done (refused, no
credentials, bad options); 4 nothing failed but a test could not finish (timeout, "could not tell",
Ctrl-C). See docs/verify.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bedrock_gov.cli import exits
from bedrock_gov.intent.loader import IntentError, load_intent
from bedrock_gov.verify.clients import session_clients
from bedrock_gov.verify.context import RunContext, Timing, new_run_id, topic_arn
from bedrock_gov.verify.plan import SAFETY_CALLS, render_plan
from bedrock_gov.verify.report import exit_status, render_junit, render_text
from bedrock_gov.verify.runner import TESTS, run_tests
from bedrock_gov.verify.safety import Refused, confirm_sandbox
from bedrock_gov.verify.scp_test import choose_models
from bedrock_gov.verify.sweep import sweep

make_clients = session_clients
"""The client factory maker (profile, Region); the tests aim it at the emulator."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(exits.CANNOT_RUN)


def _selected(tests: str) -> list[str]:
    names = [name.strip() for name in tests.split(",") if name.strip()]
    unknown = sorted(set(names) - set(TESTS))
    if unknown or not names:
        raise _fail(f"--tests takes some of {', '.join(TESTS)}; got {tests!r}")
    return [name for name in TESTS if name in names]


def _families(intent: Path | None) -> tuple[list[str], list[str]]:
    if intent is None:
        return [], []
    try:
        models = load_intent(intent).models
    except IntentError as error:
        raise _fail(str(error)) from error
    return list(models.approved_families), list(models.blocked_families)


def verify_command(
    profile: Annotated[str | None, typer.Option("--profile", help="AWS profile (default: the standard chain).")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Region (default: the profile's).")] = None,
    tests: Annotated[str, typer.Option("--tests", help="Comma-separated: scp,api-keys,config,alerts.")] = ",".join(
        TESTS
    ),
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds to wait for Config and alerts.")] = 600,
    junit: Annotated[Path | None, typer.Option("--junit", help="Also write JUnit XML here.")] = None,
    sandbox_ou: Annotated[
        str | None, typer.Option("--sandbox-ou", help="Run only if the account is under this OU (ListParents).")
    ] = None,
    allow_account: Annotated[
        list[str] | None, typer.Option("--allow-account", help="Run only in this account (repeatable).")
    ] = None,
    intent: Annotated[
        Path | None, typer.Option("--intent", help="governance.yaml: which model families are approved.")
    ] = None,
    alert_topic: Annotated[
        str | None, typer.Option("--alert-topic", help="Alert topic ARN (default: bedrock-gov-alerts here).")
    ] = None,
    plan: Annotated[bool, typer.Option("--plan", help="Print what would be created and called; do nothing.")] = False,
    do_sweep: Annotated[
        bool, typer.Option("--sweep", help="Delete what interrupted runs left (tagged bedrock-gov:verify).")
    ] = False,
) -> None:
    """Test the deployed controls live in a sandbox account: the model SCP (direct and cross-Region
    inference), the API-key SCP, the Config rule and the alert path; always clean up."""
    names = _selected(tests)
    approved, blocked = _families(intent)
    try:
        clients, resolved_region = make_clients(profile, region)
    except Exception as error:  # botocore's ProfileNotFound and the like
        raise _fail(f"cannot make AWS clients: {error}") from error
    if not resolved_region:
        raise _fail("no Region: pass --region or set AWS_REGION")
    try:
        who = confirm_sandbox(clients, sandbox_ou, tuple(allow_account or ()))
    except Refused as error:
        raise _fail(f"refused: {error}") from error
    run = RunContext(
        run_id=new_run_id(),
        account=who.account,
        region=resolved_region,
        partition=who.partition,
        clients=clients,
        timing=Timing(timeout=timeout),
        alert_topic_arn=alert_topic or topic_arn(who.partition, resolved_region, who.account),
        models=choose_models(resolved_region, approved, blocked),
    )
    if do_sweep:
        typer.echo("\n".join(sweep(clients, run.alert_topic_arn)) or "nothing to sweep")
        raise typer.Exit(exits.OK)
    if plan:
        typer.echo(render_plan(run, {name: TESTS[name].plan(run) for name in names}), nl=False)
        raise typer.Exit(exits.OK)
    typer.echo(f"verify run {run.run_id}: account {run.account}, {run.region} ({', '.join(SAFETY_CALLS)} done)")
    results = run_tests(run, names, lambda result: typer.echo(render_text([result]), nl=False))
    if junit:
        junit.write_text(render_junit(results, run.run_id), encoding="utf-8")
    raise typer.Exit(exit_status(results))
