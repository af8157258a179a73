"""`bedrock-gov rules run` and `bedrock-gov rules package`."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from rule_helpers import FIXTURES
from typer.testing import CliRunner

from bedrock_gov.cli import app, exits, rules_cmd
from bedrock_gov.config_rules import CONFIG_RULES

runner = CliRunner()


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace the boto3 factory with one that records (and refuses) every client requested."""
    asked: list[str] = []

    def factory() -> Any:
        def client(service: str) -> Any:
            asked.append(service)
            raise AssertionError(f"AWS client requested: {service}")

        return client

    monkeypatch.setattr(rules_cmd, "boto3_clients", factory)
    return asked


def test_dry_run_prints_put_evaluations_fields_and_makes_no_aws_call(no_aws: list[str]) -> None:
    result = runner.invoke(
        app,
        [
            "rules",
            "run",
            "bedrock-agent-vpc-required",
            "--event",
            str(FIXTURES / "lambda_change_not_in_vpc.json"),
            "--dry-run",
        ],
    )
    assert result.exit_code == exits.FINDINGS
    [line] = result.stdout.splitlines()
    evaluation = json.loads(line)
    assert set(evaluation) == {
        "ComplianceResourceType",
        "ComplianceResourceId",
        "ComplianceType",
        "Annotation",
        "OrderingTimestamp",
    }
    assert evaluation["ComplianceType"] == "NON_COMPLIANT"
    assert evaluation["OrderingTimestamp"] == "2016-02-17T01:36:34.043000+00:00"
    assert no_aws == []


def test_params_option_replaces_the_event_parameters(no_aws: list[str]) -> None:
    event = str(FIXTURES / "lambda_change_not_in_vpc.json")
    result = runner.invoke(
        app,
        [
            "rules",
            "run",
            "bedrock-agent-vpc-required",
            "--event",
            event,
            "--params",
            '{"tagKey": "Other"}',
            "--dry-run",
        ],
    )
    assert result.exit_code == exits.OK
    assert json.loads(result.stdout)["ComplianceType"] == "NOT_APPLICABLE"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["bedrock-agent-vpc-required", "--event", "/no/such/file.json"], "cannot read: No such file"),
        (["no-such-rule", "--event", "x.json"], "unknown rule"),
        (["bedrock-agent-vpc-required", "--event", "BAD_JSON"], "invalid JSON at line 1"),
        (["bedrock-agent-vpc-required", "--event", "GOOD", "--params", "{"], "--params is not valid JSON"),
        (["bedrock-agent-vpc-required", "--event", "GOOD", "--params", '{"tagKey": 5}'], "invalid rule parameters"),
    ],
)
def test_bad_input_gives_a_clear_message_and_exit_3(
    arguments: list[str], message: str, tmp_path: Path, no_aws: list[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    arguments = [
        str(bad) if a == "BAD_JSON" else str(FIXTURES / "lambda_change_in_vpc.json") if a == "GOOD" else a
        for a in arguments
    ]
    result = runner.invoke(app, ["rules", "run", *arguments, "--dry-run"])
    assert result.exit_code == exits.CANNOT_RUN
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_package_is_reproducible_and_holds_exactly_the_needed_modules(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["rules", "package", "--out", str(first)]).exit_code == 0
    assert runner.invoke(app, ["rules", "package", "--out", str(second)]).exit_code == 0
    for rule in CONFIG_RULES:
        assert (first / f"{rule}.zip").read_bytes() == (second / f"{rule}.zip").read_bytes()
    with zipfile.ZipFile(first / "bedrock-guardrail-prompt-attack-filter.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}
    assert names == [
        "bedrock_gov/__init__.py",
        "bedrock_gov/checks/__init__.py",
        "bedrock_gov/checks/agent_guardrail.py",
        "bedrock_gov/checks/agent_lambda_vpc.py",
        "bedrock_gov/checks/agent_role_not_shared.py",
        "bedrock_gov/checks/agent_role_privileges.py",
        "bedrock_gov/checks/api_key_privileges.py",
        "bedrock_gov/checks/bedrock_full_access.py",
        "bedrock_gov/checks/custom_model_cmk.py",
        "bedrock_gov/checks/guardrail_contextual_grounding.py",
        "bedrock_gov/checks/guardrail_prompt_attack.py",
        "bedrock_gov/checks/guardrail_sensitive_information.py",
        "bedrock_gov/checks/guardrails_configured.py",
        "bedrock_gov/checks/invocation_logging.py",
        "bedrock_gov/checks/long_term_api_keys.py",
        "bedrock_gov/checks/model.py",
        "bedrock_gov/checks/parameters.py",
        "bedrock_gov/checks/privileges.py",
        "bedrock_gov/checks/registry.py",
        "bedrock_gov/checks/vpc_endpoints.py",
        "bedrock_gov/collect/__init__.py",
        "bedrock_gov/collect/api_values.py",
        "bedrock_gov/collect/aws_calls.py",
        "bedrock_gov/collect/bedrock.py",
        "bedrock_gov/collect/destination_encryption.py",
        "bedrock_gov/collect/guardrails.py",
        "bedrock_gov/collect/iam_credentials.py",
        "bedrock_gov/collect/lambda_functions.py",
        "bedrock_gov/config_rules/__init__.py",
        "bedrock_gov/config_rules/dry_run.py",
        "bedrock_gov/config_rules/evaluations.py",
        "bedrock_gov/config_rules/events.py",
        "bedrock_gov/config_rules/guardrail_prompt_attack.py",
        "bedrock_gov/config_rules/items.py",
        "bedrock_gov/config_rules/packaging.py",
        "bedrock_gov/config_rules/registry.py",
        "bedrock_gov/config_rules/runtime.py",
        "bedrock_gov/snapshot/__init__.py",
        "bedrock_gov/snapshot/document.py",
        "bedrock_gov/snapshot/records.py",
        "bedrock_gov/snapshot/timestamps.py",
    ]


def test_each_packaged_handler_runs_from_its_zip_alone(tmp_path: Path) -> None:
    """Import each handler from its zip in a fresh interpreter with no project source on the path."""
    assert runner.invoke(app, ["rules", "package", "--out", str(tmp_path)]).exit_code == 0
    event = json.dumps({**json.loads((FIXTURES / "aws_change_ec2_instance.json").read_text()), "ruleParameters": "{}"})
    for rule, module in CONFIG_RULES.items():
        script = (
            "import json, sys; sys.path[:0] = [sys.argv[1]]; import importlib;"
            "m = importlib.import_module(sys.argv[2]); assert m.__file__.startswith(sys.argv[1]);"
            "print(json.dumps(m.lambda_handler(json.loads(sys.argv[3]), None)))"
        )
        done = subprocess.run(
            [sys.executable, "-I", "-c", script, str(tmp_path / f"{rule}.zip"), module, event],
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(done.stdout)["status"] == "ok", rule


def test_without_dry_run_the_evaluations_are_sent(
    moto_clients: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Against moto over HTTP, which implements PutEvaluations only in test mode: a TESTMODE event
    is accepted, while a real token reaches moto and is refused, proving the request was sent."""
    monkeypatch.setattr(rules_cmd, "boto3_clients", lambda: moto_clients)
    event = json.loads((FIXTURES / "lambda_change_in_vpc.json").read_text())
    path = tmp_path / "event.json"
    path.write_text(json.dumps({**event, "resultToken": "TESTMODE"}))
    result = runner.invoke(app, ["rules", "run", "bedrock-agent-vpc-required", "--event", str(path)])
    assert (result.exit_code, result.stdout) == (exits.OK, "")
    path.write_text(json.dumps(event))
    result = runner.invoke(app, ["rules", "run", "bedrock-agent-vpc-required", "--event", str(path)])
    assert result.exit_code == exits.CANNOT_RUN
    assert "sending evaluations: put_evaluations failed" in result.stderr


def test_deeply_nested_events_are_refused_with_a_message(tmp_path: Path) -> None:
    deep_file = tmp_path / "deep.json"
    deep_file.write_text("[" * 100_000 + "]" * 100_000)
    event = json.loads((FIXTURES / "lambda_change_not_in_vpc.json").read_text())
    event["invokingEvent"] = "[" * 100_000 + "]" * 100_000
    event["ruleParameters"] = '{"a":' * 100_000 + "1" + "}" * 100_000
    deep_inside = tmp_path / "deep_inside.json"
    deep_inside.write_text(json.dumps(event))
    for path, message in ((deep_file, "nests too deeply"), (deep_inside, "invokingEvent nests too deeply")):
        result = runner.invoke(app, ["rules", "run", "bedrock-agent-vpc-required", "--event", str(path), "--dry-run"])
        assert result.exit_code == exits.CANNOT_RUN
        assert message in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_event_that_needs_aws_reads_without_a_region_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    event = FIXTURES / "lambda_scheduled.json"
    result = runner.invoke(app, ["rules", "run", "bedrock-agent-vpc-required", "--event", str(event), "--dry-run"])
    assert result.exit_code == exits.CANNOT_RUN
    assert "needs AWS reads" in result.stderr and "AWS_REGION" in result.stderr


def test_run_help_lists_the_rule_names() -> None:
    result = runner.invoke(app, ["rules", "run", "--help"], env={"COLUMNS": "300"})
    assert all(rule in result.stdout for rule in CONFIG_RULES)
