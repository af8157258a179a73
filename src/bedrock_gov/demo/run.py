"""The demo's run: an emulator in this process, the organization with its baseline and drift, then
the user's path with the project's own functions (collect, lint and prove, audit, Config rule
handlers, reports). Nothing here judges anything: the audit and the handlers do."""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bedrock_gov.audit.findings import Finding, to_json
from bedrock_gov.audit.registry import CONTROLS
from bedrock_gov.audit.run import audit
from bedrock_gov.collect.org import CollectOptions, collect_snapshot
from bedrock_gov.demo.config_events import RuleVerdict, run_agent_vpc_rule
from bedrock_gov.demo.deploy import Deployed, deploy_scps, plant_scp_drift, write_intent
from bedrock_gov.demo.organization import REGIONS, UNITS, DemoOrganization, build_organization
from bedrock_gov.report import audit_html, audit_sarif
from bedrock_gov.snapshot import Snapshot
from bedrock_gov.snapshot.schema import snapshot_to_json

DUMMY_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
EXAMPLE_INTENT = Path(__file__).resolve().parents[3] / "examples" / "governance.yaml"
"""examples/governance.yaml of the clone this package runs from."""
SCP_CONTROLS = ("scp-lint", "scp-prove")
REPORTS = {"html": "audit.html", "json": "audit.json", "sarif": "audit.sarif"}

Step = Callable[[str], Any]
"""Called with a step's label; returns a context manager the step runs in (a progress line)."""


class DemoError(Exception):
    """The demo could not run (no emulator, no example intent, an unwritable --out)."""


@dataclass
class DemoResult:
    endpoint: str
    organization: DemoOrganization
    deployed: Deployed
    snapshot_path: Path
    scp_findings: list[Finding]
    findings: list[Finding]
    rule_verdicts: list[RuleVerdict]
    reports: dict[str, Path]
    seconds: float


@contextmanager
def emulator_environment(endpoint: str) -> Iterator[None]:
    """AWS_* pointing at the emulator with dummy credentials, for this block only (restored after)."""
    settings = {
        **DUMMY_CREDENTIALS,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_DEFAULT_REGION": REGIONS[0],
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    removed = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE")
    saved = {name: os.environ.get(name) for name in (*settings, *removed)}
    os.environ.update(settings)
    for name in removed:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def emulator() -> Iterator[str]:
    """A moto server on a free loopback port, emptied first; yields its endpoint."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        raise DemoError(
            'the emulator is not installed: pip install "moto[server]>=5.0" (a dependency of bedrock-gov)'
        ) from error
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # a line per request, a trace per gap
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    try:
        server.start()
    except OSError as error:
        raise DemoError(f"cannot start the emulator: {error}") from error
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        with urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")):
            pass
        yield endpoint
    finally:
        server.stop()


def _plain(label: str) -> Any:
    @contextmanager
    def step() -> Iterator[None]:
        yield

    return step()


def write_reports(findings: Sequence[Finding], out: Path) -> dict[str, Path]:
    """The audit's HTML, JSON and SARIF reports, written by the report package's renderers."""
    texts = {
        "html": audit_html(findings),
        "json": json.dumps(to_json(findings), indent=2, ensure_ascii=False) + "\n",
        "sarif": audit_sarif(findings),
    }
    paths = {kind: out / REPORTS[kind] for kind in texts}
    for kind, text in texts.items():
        paths[kind].write_text(text, encoding="utf-8")
    return paths


def _drifted_account(organization: DemoOrganization) -> str:
    """The last ai-workloads member: governed, and untouched by the builder's drift."""
    members = list(organization.accounts.values())
    return [account for index, account in enumerate(members) if UNITS[index % len(UNITS)] == "ai-workloads"][-1]


def run_demo(out: Path, accounts: int = 6, step: Step = _plain, endpoint: str | None = None) -> DemoResult:
    """Build, deploy, drift, then collect, lint and prove, audit, run the Config rule, write reports.

    With `endpoint`, use that (empty) emulator; otherwise start one for the run and stop it after."""
    if not EXAMPLE_INTENT.is_file():
        raise DemoError(f"{EXAMPLE_INTENT} not found: run the demo from a clone of the repository")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DemoError(f"cannot create {out}: {error.strerror or error}") from error
    if endpoint is None:
        with emulator() as started:
            return run_demo(out, accounts, step, started)
    import boto3

    began = time.monotonic()
    with emulator_environment(endpoint):
        session = boto3.Session()
        with step(f"build the organization ({accounts} members, security account, {len(REGIONS)} Regions)"):
            organization = build_organization(session, members=accounts, aggregator=False, complete=True)
        with step("render examples/governance.yaml and attach its SCPs to the ai-workloads OU"):
            intent, intent_path = write_intent(EXAMPLE_INTENT, organization, out)
            deployed = deploy_scps(session, organization, intent, intent_path)
        with step("plant drift: a hand-edited SCP on an ai-workloads account"):
            plant_scp_drift(session, organization, intent, _drifted_account(organization))
        with step("collect a snapshot (bedrock_gov.collect.org, every account and Region)"):
            snapshot: Snapshot = collect_snapshot(CollectOptions(regions=REGIONS), session=session)
            snapshot_path = out / "snapshot.json"
            snapshot_path.write_bytes(snapshot_to_json(snapshot))
        now = datetime.now(UTC)
        with step("lint and prove each account's SCP hierarchy (root -> OU -> account)"):
            scp_controls = [control for control in CONTROLS if control.id in SCP_CONTROLS]
            scp_findings = audit(snapshot, intent, now, controls=scp_controls)
        with step("audit the snapshot against the intent (every other control)"):
            other_controls = [control for control in CONTROLS if control.id not in SCP_CONTROLS]
            findings = [*scp_findings, *audit(snapshot, intent, now, controls=other_controls)]
        with step("run the bedrock-agent-vpc-required handler on each Lambda's configuration item (dry run)"):
            verdicts = run_agent_vpc_rule(snapshot, now)
        with step("write the reports (HTML, JSON, SARIF)"):
            reports = write_reports(findings, out)
    return DemoResult(
        endpoint=endpoint,
        organization=organization,
        deployed=deployed,
        snapshot_path=snapshot_path,
        scp_findings=scp_findings,
        findings=findings,
        rule_verdicts=verdicts,
        reports=reports,
        seconds=time.monotonic() - began,
    )
