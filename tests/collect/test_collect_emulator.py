"""The collector against moto over real HTTP: an emulated organization with planted drift."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from emulator_helpers import refuse_assume_role
from typer.testing import CliRunner

from bedrock_gov.audit.run import audit
from bedrock_gov.cli import app, exits
from bedrock_gov.collect.org import CollectError, CollectOptions, collect_snapshot
from bedrock_gov.demo.organization import REGIONS, DemoOrganization, build_organization
from bedrock_gov.snapshot.document import RegionSnapshot, Snapshot
from bedrock_gov.snapshot.schema import parse_snapshot, snapshot_to_json

runner = CliRunner()
OPTIONS = CollectOptions(regions=REGIONS)


def _region(snapshot: Snapshot, account_id: str, region: str) -> RegionSnapshot:
    account = next(entry for entry in snapshot["accounts"] if entry["account_id"] == account_id)
    return next(entry for entry in account["regions"] if entry["region"] == region)


def test_the_snapshot_names_every_planted_violation(demo_org: DemoOrganization) -> None:
    snapshot = parse_snapshot(snapshot_to_json(collect_snapshot(OPTIONS)))
    assert len(demo_org.drift) == 6
    for drift in demo_org.drift:
        region = _region(snapshot, drift.account_id, drift.region)
        if drift.kind == "recorder_stopped":
            assert [(r["name"], r["recording"]) for r in region["config"]["recorders"]] == [("default", False)]
        elif drift.kind == "agent_lambda_outside_vpc":
            (function,) = region["lambda_functions"]["functions"]
            assert (function["name"], function["tags"], function.get("subnet_ids")) == (
                drift.resource,
                {"BedrockAgent": "true"},
                [],
            )
        elif drift.kind == "topic_without_events_policy":
            (topic,) = region["sns"]["topics"]
            assert topic["arn"] == drift.resource and "events.amazonaws.com" not in (topic["policy"] or "")
        elif drift.kind == "invocation_logging_off":
            logging = region["bedrock"]["invocation_logging"]
            assert logging is None or logging["logging"] is None or not logging["logging"]["s3_bucket"]
        elif drift.kind == "agent_role_admin":
            (agent,) = region["bedrock"]["agents"]
            (role,) = region["agent_roles"]["principals"]
            assert agent["agent_role_arn"] == role["arn"] and role["permissions_boundary_arn"] is None
            (policy,) = role["policies"]
            assert (policy["name"], json.loads(policy["document"] or "{}")["Statement"][0]["Action"]) == (
                "agent-everything",
                "*",
            )
        else:
            assert drift.kind == "agent_without_guardrail"
            assert [(a["name"], a["guardrail"]) for a in region["bedrock"]["agents"]] == [(drift.resource, None)]
    # the baseline is there too, so the drift is not an artefact of an empty read
    healthy = _region(snapshot, demo_org.accounts["member-003"], REGIONS[1])
    assert healthy["config"]["recorders"][0]["recording"] is True
    assert healthy["lambda_functions"]["functions"][0]["subnet_ids"]
    assert "events.amazonaws.com" in (healthy["sns"]["topics"][0]["policy"] or "")
    (key,) = healthy["sns"]["keys"]
    assert key["arn"] == healthy["sns"]["topics"][0]["kms_key_id"] and "kms:GenerateDataKey*" in (key["policy"] or "")
    assert healthy["events"]["rules"][0]["targets"][0]["arn"] == healthy["sns"]["topics"][0]["arn"]
    assert [t["logging"] for t in healthy["cloudtrail"]["trails"]] == [True]
    scp = next(p for p in snapshot["organization"]["policies"] if p["name"] == "bedrock-deny-long-term-keys")
    assert sorted(scp["targets"]) == sorted([demo_org.units["ai-workloads"], demo_org.units["production"]])
    assert {unit["name"] for unit in snapshot["organization"]["units"]} == {"sandbox", "ai-workloads", "production"}


def test_what_the_emulator_cannot_serve_is_marked_not_available(demo_org: DemoOrganization) -> None:
    snapshot = collect_snapshot(OPTIONS)
    collector = snapshot["collector"]
    assert collector["path"] == "per-account"
    assert collector["aggregator"] == {
        "status": "not_available",
        "reason": "SelectAggregateResourceConfig: not available here",
    }
    assert collector["api_calls"] > 0
    region = _region(snapshot, demo_org.accounts["member-000"], REGIONS[0])
    bedrock = region["bedrock"]
    assert bedrock["guardrails_collection"] == {
        "status": "not_available",
        "reason": "ListGuardrails: not available here",
    }
    assert bedrock["inference_profiles_collection"]["reason"] == "ListInferenceProfiles: not available here"
    assert region["config"]["compliance"]["reason"] == "DescribeComplianceByConfigRule: not available here"
    assert region["config"]["rules"][0]["compliance"] is None
    assert (
        region["config"]["collection"]["not_collected"][0]["reason"]
        == "DescribeDeliveryChannelStatus: not available here"
    )
    for account in snapshot["accounts"]:
        assert account["iam"]["collection"] == {
            "status": "not_available",
            "reason": "ListServiceSpecificCredentials: not available here",
        }
        assert account["iam"]["api_key_users"]["collection"] == account["iam"]["collection"]
        assert account["iam"]["bedrock_full_access"]["collection"] == {"status": "collected"}
    findings = audit(snapshot, None, datetime.now(UTC))
    api_keys = [f for f in findings if f.check_id == "bedrock-api-key-no-admin-privileges"]
    assert api_keys and {f.status for f in api_keys} == {"UNKNOWN"}
    assert all("ListServiceSpecificCredentials: not available here" in (f.reason or "") for f in api_keys)


def test_an_account_whose_role_cannot_be_assumed_does_not_stop_the_others(demo_org: DemoOrganization) -> None:
    session = boto3.Session()
    refused = demo_org.accounts["member-002"]
    refuse_assume_role(session, refused)
    snapshot = collect_snapshot(OPTIONS, session=session)
    by_id = {account["account_id"]: account for account in snapshot["accounts"]}
    assert by_id[refused]["collection"]["status"] == "access_denied"
    assert "OrganizationAccountAccessRole" in by_id[refused]["collection"]["reason"]
    assert "AssumeRole: AccessDenied" in by_id[refused]["collection"]["reason"]
    assert all(region["config"]["collection"]["status"] == "access_denied" for region in by_id[refused]["regions"])
    others = [account for account_id, account in by_id.items() if account_id != refused]
    assert len(others) == 4 and all(account["collection"]["status"] == "collected" for account in others)


def test_cli_exit_code_4_when_a_member_role_is_missing(
    demo_org: DemoOrganization, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = boto3.Session

    def session_refusing(**kwargs: Any) -> Any:
        session = made(**kwargs)
        refuse_assume_role(session, demo_org.accounts["member-001"])
        return session

    monkeypatch.setattr(boto3, "Session", session_refusing)
    out = tmp_path / "snapshot.json"
    result = runner.invoke(app, ["collect", "--out", str(out), "--regions", ",".join(REGIONS)])
    assert result.exit_code == exits.UNDECIDED, result.output
    document = json.loads(out.read_text())
    refused = next(a for a in document["accounts"] if a["account_id"] == demo_org.accounts["member-001"])
    assert refused["collection"]["status"] == "access_denied"
    assert "Traceback" not in result.output


def test_accounts_option_collects_only_those_and_records_the_rest_as_skipped(demo_org: DemoOrganization) -> None:
    wanted = demo_org.accounts["member-001"]
    snapshot = collect_snapshot(CollectOptions(regions=(REGIONS[0],), accounts=(wanted,)))
    statuses = {account["account_id"]: account["collection"]["status"] for account in snapshot["accounts"]}
    assert statuses.pop(wanted) == "collected"
    assert set(statuses.values()) == {"skipped"} and len(statuses) == 4


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--regions", "mars-1"], "not a Region name: mars-1"),
        (["--accounts", "999999999999"], "not an account of this organization: 999999999999"),
    ],
)
def test_cli_bad_options_exit_3(demo_org: DemoOrganization, tmp_path: Path, arguments: list[str], message: str) -> None:
    result = runner.invoke(app, ["collect", "--out", str(tmp_path / "s.json"), *arguments])
    assert result.exit_code == exits.CANNOT_RUN
    assert message in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "s.json").exists()


def test_cli_exit_3_without_an_organization(emulator: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["collect", "--out", str(tmp_path / "s.json"), "--regions", "us-east-1"])
    assert result.exit_code == exits.CANNOT_RUN
    assert "cannot read the organization" in result.stderr and "Traceback" not in result.output


def test_exit_3_without_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    with pytest.raises(CollectError, match="no usable AWS credentials"):
        collect_snapshot(OPTIONS)
    result = runner.invoke(app, ["collect", "--out", str(tmp_path / "s.json"), "--regions", "us-east-1"])
    assert result.exit_code == exits.CANNOT_RUN and "credentials" in result.stderr


def test_the_builder_can_leave_out_the_aggregator(emulator: str) -> None:
    build_organization(boto3.Session(), members=1, aggregator=False)
    snapshot = collect_snapshot(CollectOptions(regions=(REGIONS[0],)))
    assert snapshot["collector"]["path"] == "per-account" and "aggregator" not in snapshot["collector"]
