"""Layer 1: the intended SCPs attached, not drifted, and each account's hierarchy linted and proved."""

from __future__ import annotations

import json
from typing import Any

from audit.snapshots import ARTICLE, MANAGEMENT, MEMBER, OU, healthy, of, policy, run
from bedrock_gov.audit.findings import Finding


def _statuses(findings: list[Finding], check_id: str) -> set[str]:
    return {finding.status for finding in of(findings, check_id)}


def _rendered(snapshot: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in snapshot["organization"]["policies"] if p["name"] == "BedrockGovernance")
    return found


def test_render_output_attached_passes_every_scp_control() -> None:
    findings = run(healthy())
    for control in ("scp-intended-attached", "scp-not-drifted", "scp-lint", "scp-prove"):
        assert _statuses(findings, control) == {"PASS"}, control
    proved = {f.check_id for f in of(findings, "scp-prove")}
    assert proved == {"scp-prove/P1", "scp-prove/P2", "scp-prove/P3", "scp-prove/P4"}
    assert {f.account_id for f in of(findings, "scp-prove")} == {MEMBER}, "the management account is not under SCPs"


def test_reformatting_and_reordering_is_not_drift() -> None:
    snapshot = healthy()
    document = json.loads(_rendered(snapshot)["content"])
    document["Statement"] = list(reversed(document["Statement"]))
    for statement in document["Statement"]:
        statement.pop("Sid", None)
        if isinstance(statement.get("Action"), list):
            statement["Action"] = [action.upper() for action in reversed(statement["Action"])]
    _rendered(snapshot)["content"] = json.dumps(document, indent=4)
    assert _statuses(run(snapshot), "scp-not-drifted") == {"PASS"}


def test_a_changed_statement_is_drift() -> None:
    snapshot = healthy()
    document = json.loads(_rendered(snapshot)["content"])
    document["Statement"].pop()
    _rendered(snapshot)["content"] = json.dumps(document)
    [drift] = of(run(snapshot), "scp-not-drifted")
    assert drift.status == "FAIL"
    assert "BedrockGovernance on ou-ai-workloads has drifted" in drift.message
    assert drift.account_id == MANAGEMENT and drift.resource_id == f"{OU}/p-bedrockgovernance"


def test_not_attached_fails_and_an_unread_policy_is_unknown() -> None:
    snapshot = healthy()
    _rendered(snapshot)["targets"] = []
    [attached] = of(run(snapshot), "scp-intended-attached")
    assert (attached.status, attached.message) == ("FAIL", "BedrockGovernance is not attached to ou-ai-workloads")

    snapshot = healthy()
    _rendered(snapshot)["content"] = None
    findings = run(snapshot)
    assert _statuses(findings, "scp-not-drifted") == {"UNKNOWN"}
    assert _statuses(findings, "scp-lint") == {"UNKNOWN"}
    assert _statuses(findings, "scp-prove") == {"UNKNOWN"}
    assert all("could not be read" in (f.reason or "") for f in of(findings, "scp-prove"))


def test_without_intent_attachment_drift_and_prove_are_unknown_and_lint_still_runs() -> None:
    findings = run(healthy(), with_intent=False)
    for control in ("scp-intended-attached", "scp-not-drifted", "scp-prove"):
        [finding] = of(findings, control)
        assert (finding.status, finding.reason) == ("UNKNOWN", "no intent given")
    assert _statuses(findings, "scp-lint") == {"PASS"}


def test_organization_not_collected_makes_layer_one_unknown() -> None:
    snapshot = healthy()
    snapshot["organization"]["collection"] = {"status": "access_denied", "reason": "not the management account"}
    findings = run(snapshot)
    for control in ("scp-intended-attached", "scp-not-drifted", "scp-lint", "scp-prove"):
        [finding] = of(findings, control)
        assert finding.status == "UNKNOWN"
        assert finding.reason == "the organization was not collected (access_denied): not the management account"


def test_the_articles_scps_fail_drift_lint_and_prove() -> None:
    snapshot = healthy()
    policies = [p for p in snapshot["organization"]["policies"] if p["name"] == "FullAWSAccess"]
    for index, path in enumerate(sorted((ARTICLE / "ai-workloads-ou").glob("*.json"))):
        if path.stem == "FullAWSAccess":
            continue
        # SCP 2 deployed under the rendered document's name: it is the intended policy, drifted.
        name = "BedrockGovernance" if path.stem == "EnforceApprovedBedrockModels" else path.stem
        policies.append(policy(f"p-article{index}", name, path.read_text(encoding="utf-8"), [OU]))
    snapshot["organization"]["policies"] = policies
    findings = run(snapshot)
    assert _statuses(findings, "scp-not-drifted") == {"FAIL"}
    lint_rules = {f.check_id for f in of(findings, "scp-lint") if f.status == "FAIL"}
    assert "scp-lint/notresource-breaks-cris" in lint_rules
    assert all(
        f.account_id == MEMBER and f.resource_type == "AWS::Organizations::Policy" for f in of(findings, "scp-lint")
    )
    [p2] = [f for f in findings if f.check_id == "scp-prove/P2"]
    assert p2.status == "FAIL" and p2.account_id == MEMBER
    assert "P2 VIOLATED" in p2.message and "inference-profile/us." in p2.message, "the counterexample is in the message"


def test_an_account_outside_the_targets_is_linted_not_proved() -> None:
    snapshot = healthy()
    snapshot["organization"]["accounts"].append(
        {"id": "333333333333", "name": "sandbox", "status": "ACTIVE", "parent_id": "r-root"}
    )
    findings = run(snapshot)
    assert "333333333333" in {f.account_id for f in of(findings, "scp-lint")}
    assert "333333333333" not in {f.account_id for f in of(findings, "scp-prove")}


def test_a_broken_ou_chain_is_unknown() -> None:
    snapshot = healthy()
    snapshot["organization"]["units"][0]["parent_id"] = "ou-missing"
    findings = run(snapshot)
    [lint] = [f for f in of(findings, "scp-lint") if f.account_id == MEMBER]
    assert lint.status == "UNKNOWN" and "breaks at ou-missing" in (lint.reason or "")
    [prove] = [f for f in of(findings, "scp-prove") if f.account_id == MEMBER]
    assert prove.status == "UNKNOWN" and "breaks at ou-missing" in (prove.reason or "")
