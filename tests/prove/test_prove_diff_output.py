"""`prove diff` says what it found in plain words, with requests AWS could send, and refuses the
parent command's options instead of ignoring them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bedrock_gov.catalog.actions import resource_arn_formats, resource_types_by_action
from bedrock_gov.cli import app, exits
from bedrock_gov.prove.calls import REGIONS

runner = CliRunner()
REGION_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Effect": "Deny",
            "Action": "bedrock:InvokeModel",
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {"aws:RequestedRegion": "us-east-1"},
                "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"},
            },
        },
    ],
}
TWO_REGIONS_OR_TEAM = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Effect": "Deny",
            "Action": "bedrock:InvokeModel",
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]},
                "StringNotLike": {"aws:PrincipalTag/team": "ml-*"},
            },
        },
    ],
}
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
DENY_ON_A_RESOURCE_IT_NEVER_HAS = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Effect": "Deny",
            "Action": "bedrock:ListFoundationModels",
            "Resource": "arn:aws:bedrock:*::foundation-model/*",
        },
    ],
}


def _write(tmp_path: Path, name: str, document: dict[str, object]) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document))
    return str(path)


def _diff(before: str, after: str, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["prove", "diff", "--before", before, "--after", after, *extra])
    return result.exit_code, result.stdout


def test_a_difference_is_called_different_and_each_request_found(tmp_path: Path) -> None:
    before, after = _write(tmp_path, "before", REGION_ONLY), _write(tmp_path, "after", TWO_REGIONS_OR_TEAM)
    code, text = _diff(before, after, "--limit", "2")
    assert code == exits.FINDINGS
    assert text.startswith("P5 DIFFERENT") and "VIOLATED" not in text and "PROVED" not in text
    assert "FOUND    new access" in text and "NONE     new access: no further request" in text
    code, output = _diff(before, after, "--limit", "2", "--format", "json")
    payload = json.loads(output)
    assert payload["status"] == "DIFFERENT" and payload["properties"][0]["status"] == "DIFFERENT"
    assert {check["status"] for check in payload["properties"][0]["checks"]} == {"FOUND", "NONE"}


def test_the_same_set_is_equivalent(tmp_path: Path) -> None:
    policy = _write(tmp_path, "policy", REGION_ONLY)
    code, text = _diff(policy, policy)
    assert code == exits.OK
    assert text.startswith("P5 EQUIVALENT") and "NONE     new access: no request" in text


def _documented(action: str, region: str) -> list[str]:
    """The action's ARN formats as Python patterns, in `region`."""
    formats = resource_arn_formats(action.split(":")[0])
    fill = {"Partition": "aws", "Region": re.escape(region), "Account": r"\d{12}"}
    return [
        "".join(
            fill.get(piece, r"[^*?\s]+") if index % 2 else re.escape(piece)
            for index, piece in enumerate(re.split(r"\$\{([^}]+)\}", formats[kind]))
        )
        for kind in resource_types_by_action()[action.lower()]
    ]


def test_counterexamples_hold_real_values(tmp_path: Path) -> None:
    """No placeholder text such as `!0!`: a real Region, the resource an action is authorized on in
    that Region, a role ARN for the principal, readable values; each replayed on both sides."""
    before, after = _write(tmp_path, "before", REGION_ONLY), _write(tmp_path, "after", TWO_REGIONS_OR_TEAM)
    _, output = _diff(before, after, "--limit", "3", "--format", "json")
    found = [check for check in json.loads(output)["properties"][0]["checks"] if check["status"] == "FOUND"]
    assert len(found) == 2  # one per direction: InvokeModel is the only action the sets treat apart
    for check in found:
        request = check["requests"][0]
        context = request["context"]
        region = context["aws:requestedregion"]
        assert region in REGIONS
        resource = request["resource"]
        assert any(re.fullmatch(pattern, resource) for pattern in _documented(request["action"], region)), resource
        for value in [resource, *(v for v in context.values() for v in ([v] if isinstance(v, str) else v))]:
            assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-_.:/@+=,*]*", value), value
        if "aws:principalarn" in context:
            assert re.fullmatch(r"arn:aws:iam::\d{12}:role/[A-Za-z0-9_+=,.@-]+", context["aws:principalarn"])
        granted, denied = check["evaluator"]
        assert (granted["decision"], denied["decision"]) == ("allowed", "denied")


def test_a_difference_aws_would_never_see_is_shown_last_and_says_so(tmp_path: Path) -> None:
    """ListFoundationModels is authorized on `*`: a Deny on model ARNs never applies to it. The sets
    still differ (no equivalence is claimed), but the request is marked as one AWS would not send."""
    before = _write(tmp_path, "before", DENY_ON_A_RESOURCE_IT_NEVER_HAS)
    after = _write(tmp_path, "after", ALLOW_ALL)
    code, output = _diff(before, after, "--format", "json")
    assert code == exits.FINDINGS
    checks = json.loads(output)["properties"][0]["checks"]
    new = [check for check in checks if check["check"] == "new access" and check["status"] == "FOUND"]
    assert [check["requests"][0]["action"] for check in new] == ["bedrock:ListFoundationModels"]
    assert "only on requests AWS would not send" in new[0]["detail"]


@pytest.mark.parametrize(
    "parent",
    [["--level", "x.json"], ["--format", "json"], ["--timeout-ms", "5"], ["--intent", "g.yaml"]],
    ids=lambda option: option[0],
)
def test_parent_options_are_refused_not_ignored(tmp_path: Path, parent: list[str]) -> None:
    policy = _write(tmp_path, "policy", ALLOW_ALL)
    result = runner.invoke(app, ["prove", *parent, "diff", "--before", policy, "--after", policy])
    assert result.exit_code == exits.CANNOT_RUN
    assert parent[0] in result.output and "prove diff --help" in result.output
