"""`bedrock-gov verify` end to end on the emulator: exit statuses, JUnit, --plan (reads only, nothing
created, every call a run makes is planned), and Ctrl-C sent to a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from doubles import ACCOUNT, REGION, config_double, credentials_double
from junitparser import JUnitXml
from test_live_tests import SCP, stub_converse
from typer.testing import CliRunner
from verify_emulator import NOTHING, Emulator, leftovers

from bedrock_gov.catalog.actions import is_known_action
from bedrock_gov.cli import app, verify_cmd
from bedrock_gov.policy import parse_policy
from bedrock_gov.verify.plan import SAFETY_CALLS
from bedrock_gov.verify.runner import TESTS

REPO = Path(__file__).resolve().parents[2]
READS = ("Get", "List", "Describe")


@pytest.fixture
def cli(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    monkeypatch.setattr(verify_cmd, "make_clients", lambda profile, region: (emulator.clients, REGION))
    return emulator


def _doubles(emulator: Emulator) -> None:
    """Every double (see doubles.py): Bedrock runtime, IAM credentials, Config and EventBridge delivery."""
    stub_converse(emulator, [SCP, None, None])
    emulator.overrides["iam"] = credentials_double()
    emulator.overrides["config"] = config_double(emulator.quiet)


def test_every_test_passes_and_junit_says_so(cli: Emulator, tmp_path: Path) -> None:
    _doubles(cli)
    junit = tmp_path / "verify.xml"
    result = CliRunner().invoke(
        app,
        ["verify", "--sandbox-ou", cli.sandbox_ou, "--junit", str(junit), "--timeout", "5"],  # type: ignore[attr-defined]
    )
    assert result.exit_code == 0, result.output
    assert [line.split()[:2] for line in result.output.splitlines() if line[:1].isupper()] == [
        ["PASS", name] for name in TESTS
    ]
    suite = next(iter(JUnitXml.fromfile(str(junit))))
    assert [case.name for case in suite] == list(TESTS) and all(case.is_passed for case in suite)
    assert leftovers(cli.real) == NOTHING


def test_a_failure_exits_1_and_a_refusal_3(cli: Emulator) -> None:
    cli.overrides["iam"] = credentials_double(bedrock_allowed=True)
    failed = CliRunner().invoke(app, ["verify", "--tests", "api-keys", "--allow-account", ACCOUNT])
    assert failed.exit_code == 1 and failed.output.count("FAIL") == 2
    refused = CliRunner().invoke(app, ["verify", "--tests", "api-keys", "--sandbox-ou", "ou-zzzz-elsewhere"])
    assert refused.exit_code == 3 and "refused" in refused.output
    assert CliRunner().invoke(app, ["verify", "--tests", "scp,nope", "--allow-account", ACCOUNT]).exit_code == 3


def test_plan_writes_nothing(cli: Emulator) -> None:
    before = leftovers(cli.real)
    result = CliRunner().invoke(app, ["verify", "--plan", "--sandbox-ou", cli.sandbox_ou])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    assert leftovers(cli.real) == before
    assert cli.calls and all(call.split()[1].startswith(READS) for call in cli.calls), cli.calls
    assert "create iam-user bedrock-gov-verify-" in result.output and "call bedrock-runtime Converse" in result.output


def test_every_call_a_run_makes_is_in_its_plan(cli: Emulator) -> None:
    _doubles(cli)
    result = CliRunner().invoke(app, ["verify", "--allow-account", ACCOUNT, "--timeout", "5"])
    assert result.exit_code == 0, result.output
    run = cli.run_context()
    planned = set(SAFETY_CALLS).union(*(test.plan(run).call_names() for test in TESTS.values()))
    assert set(cli.calls) - planned == set()


def test_sweep_from_the_command_line(cli: Emulator) -> None:
    """Doubled: IAM's service-specific credential listing (none)."""
    cli.overrides["iam"] = credentials_double()
    cli.real("iam").create_user(
        UserName="bedrock-gov-verify-rold-apikey-user", Tags=[{"Key": "bedrock-gov:verify", "Value": "rold"}]
    )
    result = CliRunner().invoke(app, ["verify", "--sweep", "--allow-account", ACCOUNT])
    assert result.exit_code == 0 and "bedrock-gov-verify-rold-apikey-user: deleted" in result.output
    assert leftovers(cli.real) == NOTHING


def test_ctrl_c_in_a_subprocess_leaves_nothing(emulator: Emulator) -> None:
    """SIGINT sent to `verify` running in a subprocess while it polls Config (doubled: never answers)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "sigint_target.py"), emulator.endpoint],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # A test run started in the background (`cmd &`) ignores SIGINT, and a child inherits that;
        # the child must have the default disposition, as a terminal's Ctrl-C finds it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not leftovers(emulator.real)["functions"]:
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.1)
    assert leftovers(emulator.real)["roles"]
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 4, (out, err)
    assert "interrupted (Ctrl-C); cleaned up" in out
    assert leftovers(emulator.real) == NOTHING


def test_the_permission_policy_names_only_real_actions() -> None:
    text = (REPO / "docs" / "verify-policy.json").read_text(encoding="utf-8")
    policy = parse_policy(text)
    actions = [action for statement in policy.statements for action in statement.actions]
    assert actions and all(is_known_action(action) for action in actions), [
        a for a in actions if not is_known_action(a)
    ]
    assert all("*" not in action for action in actions)
    document: dict[str, Any] = json.loads(text)
    assert {statement["Sid"] for statement in document["Statement"]} >= {"Safety", "ScpTest", "ApiKeyTest"}
