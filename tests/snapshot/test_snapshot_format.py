"""The snapshot format: its committed JSON Schema is current, documents round-trip, bad ones are refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bedrock_gov.snapshot.document import SNAPSHOT_FORMAT, SNAPSHOT_VERSION
from bedrock_gov.snapshot.schema import SnapshotError, parse_snapshot, snapshot_json_schema, snapshot_to_json

ROOT = Path(__file__).resolve().parents[2]
COLLECTED = {"status": "collected"}


def minimal_snapshot() -> dict[str, Any]:
    region = {
        "region": "us-east-1",
        "collection": COLLECTED,
        "config": {
            "collection": COLLECTED,
            "recorders": [],
            "delivery_channels": [],
            "rules": [],
            "compliance": {"status": "not_available", "reason": "the emulator cannot say compliance"},
        },
        "cloudtrail": {"collection": COLLECTED, "trails": []},
        "lambda_functions": {
            "collection": COLLECTED,
            "functions": [{"name": "agent", "arn": None, "tags": {"BedrockAgent": "true"}}],
        },
        "events": {"collection": COLLECTED, "rules": []},
        "sns": {"collection": COLLECTED, "topics": [], "keys": []},
        "bedrock": {
            "invocation_logging": None,
            "invocation_logging_collection": COLLECTED,
            "guardrails": [],
            "guardrails_collection": {"status": "not_available", "reason": "ListGuardrails: not available here"},
            "agents": [],
            "agents_collection": COLLECTED,
            "inference_profiles": [],
            "inference_profiles_collection": COLLECTED,
            "custom_models": [],
            "custom_models_collection": COLLECTED,
        },
        "agent_roles": {"collection": COLLECTED, "principals": []},
        "network": {"collection": COLLECTED, "vpcs": [], "endpoints": []},
    }
    user = {
        "name": "dev",
        "id": "AIDA0000",
        "service_specific_credentials": [
            {
                "id": "ACCA0000",
                "service_name": "bedrock.amazonaws.com",
                "status": "Active",
                "create_date": "2026-01-02T03:04:05Z",
                "expiration_date": None,
            }
        ],
    }
    return {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "collected_at": "2026-12-04T20:00:00Z",
        "collector": {
            "tool_version": "0.1.0",
            "path": "per-account",
            "regions": ["us-east-1"],
            "member_role": "OrganizationAccountAccessRole",
            "api_calls": 12,
        },
        "organization": {
            "collection": COLLECTED,
            "id": "o-abc",
            "management_account_id": "111111111111",
            "root_id": "r-abcd",
            "units": [],
            "accounts": [],
            "policies": [],
        },
        "accounts": [
            {
                "account_id": "222222222222",
                "collection": COLLECTED,
                "iam": {
                    "collection": COLLECTED,
                    "users": [user],
                    "bedrock_full_access": {"collection": COLLECTED, "users": [], "groups": [], "roles": []},
                    "api_key_users": {"collection": COLLECTED, "principals": []},
                },
                "regions": [region],
            }
        ],
    }


def test_the_committed_schema_is_current() -> None:
    assert (ROOT / "schemas" / "snapshot.schema.json").read_text() == snapshot_json_schema()


def test_a_snapshot_round_trips() -> None:
    first = parse_snapshot(json.dumps(minimal_snapshot()))
    text = snapshot_to_json(first)
    assert parse_snapshot(text) == first
    credential = first["accounts"][0]["iam"]["users"][0]["service_specific_credentials"][0]
    assert credential["create_date"].year == 2026


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.update(format="other"), "not a bedrock-gov snapshot"),
        (lambda s: s.update(version=99), "snapshot version 99"),
        (lambda s: s["accounts"][0]["regions"][0]["sns"].pop("topics"), "accounts.0.regions.0.sns.topics"),
        (lambda s: s["accounts"][0].update(account_id=7), "accounts.0.account_id"),
        (lambda s: s["organization"]["collection"].update(status="fine"), "organization.collection.status"),
    ],
)
def test_bad_snapshots_are_refused_with_the_place(mutate: Any, message: str) -> None:
    document = copy.deepcopy(minimal_snapshot())
    mutate(document)
    with pytest.raises(SnapshotError, match=message.replace(".", r"\.")):
        parse_snapshot(json.dumps(document), "s.json")


@pytest.mark.parametrize("text", ["", "[", "[]", '{"format": "bedrock-gov/snapshot"}', "[" * 100_000])
def test_truncated_or_odd_files_are_refused(text: str) -> None:
    with pytest.raises(SnapshotError):
        parse_snapshot(text, "s.json")
