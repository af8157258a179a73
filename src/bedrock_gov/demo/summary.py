"""What the demo found: each planted drift matched with the audit's findings, the prover's
counterexample, the handler's NON_COMPLIANT verdicts, and what the emulator could not tell."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bedrock_gov.audit.findings import Finding
from bedrock_gov.demo.organization import Drift
from bedrock_gov.demo.run import DemoResult

CONTROL_OF_DRIFT = {
    "recorder_stopped": ("config-recorder-recording",),
    "agent_lambda_outside_vpc": ("bedrock-agent-vpc-required",),
    "topic_without_events_policy": ("alert-topic-policy",),
    "invocation_logging_off": ("bedrock-model-invocation-logging-enabled",),
    "agent_without_guardrail": ("bedrock-agent-guardrail-required",),
    "agent_role_admin": ("bedrock-agent-role-least-privilege",),
    "scp_edited_by_hand": ("scp-prove", "scp-lint"),
}
"""Planted drift -> the controls that must report it."""
ACCOUNT_WIDE = frozenset({"scp_edited_by_hand"})
REGION_WIDE = frozenset({"invocation_logging_off"})
"""Drift judged per account (the SCP hierarchy) or per account and Region (a Region's setting)."""


@dataclass(frozen=True)
class Detection:
    drift: Drift
    controls: tuple[str, ...]
    findings: tuple[Finding, ...]
    """The control's findings on the drifted resource (FAIL when found)."""

    @property
    def status(self) -> str:
        statuses = {finding.status for finding in self.findings}
        return next((status for status in ("FAIL", "UNKNOWN", "PASS") if status in statuses), "MISSING")


def _about(finding: Finding, drift: Drift) -> bool:
    """Whether the finding is about the drifted resource (an agent's id carries its name first)."""
    if drift.kind in ACCOUNT_WIDE:
        return finding.account_id == drift.account_id
    if drift.kind in REGION_WIDE:
        return finding.account_id == drift.account_id and finding.region == drift.region
    named = drift.resource in (finding.resource_id, finding.resource_arn) or finding.resource_id.startswith(
        drift.resource
    )
    return finding.account_id == drift.account_id and finding.region == drift.region and named


def detections(result: DemoResult) -> list[Detection]:
    matched = []
    for drift in result.organization.drift:
        controls = CONTROL_OF_DRIFT[drift.kind]
        ours = [
            finding
            for finding in result.findings
            if finding.check_id.split("/")[0] in controls and _about(finding, drift)
        ]
        matched.append(Detection(drift, controls, tuple(ours)))
    return matched


def counterexample(findings: Sequence[Finding], account_id: str) -> str | None:
    """The prover's first violated route on the account, with its counterexample requests."""
    for finding in findings:
        if finding.check_id.startswith("scp-prove/") and finding.status == "FAIL" and finding.account_id == account_id:
            return "; ".join(finding.message.split("; ")[:2])
    return None


def emulator_gaps(findings: Sequence[Finding]) -> Counter[str]:
    """Controls with UNKNOWN findings, counted: what the emulator (or the audit) could not tell."""
    return Counter(finding.check_id for finding in findings if finding.status == "UNKNOWN")


def summary_lines(result: DemoResult) -> list[str]:
    found = detections(result)
    by_status = Counter(finding.status for finding in result.findings)
    lines = [
        f"audit: {len(result.findings)} findings: {by_status['FAIL']} FAIL, {by_status['PASS']} PASS, "
        f"{by_status['UNKNOWN']} UNKNOWN",
        "planted drift (account, Region, resource -> control: status):",
    ]
    for detection in found:
        drift = detection.drift
        lines.append(
            f"  {drift.kind}: {drift.account_id} {drift.region} {drift.resource} -> "
            f"{', '.join(detection.controls)}: {detection.status}"
        )
        lines.extend(f"      {finding.message[:160]}" for finding in detection.findings if finding.status != "PASS")
    drifted = next((d.drift for d in found if d.drift.kind == "scp_edited_by_hand"), None)
    message = counterexample(result.findings, drifted.account_id) if drifted else None
    if message:
        lines.append(f"prover, account {drifted.account_id if drifted else ''}: {message}")
    other = sorted(
        {f.check_id for f in result.findings if f.status == "FAIL"} - {f.check_id for d in found for f in d.findings}
    )
    if other:
        lines.append(f"other FAIL controls (not planted): {', '.join(other)}")
    flagged = [v for v in result.rule_verdicts if v.compliance == "NON_COMPLIANT"]
    lines.append(
        f"Config rule bedrock-agent-vpc-required (handler, dry run): {len(result.rule_verdicts)} evaluations, "
        f"{len(flagged)} NON_COMPLIANT"
    )
    lines.extend(f"  NON_COMPLIANT {v.account_id} {v.region} {v.resource_id}: {v.annotation}" for v in flagged)
    gaps = emulator_gaps(result.findings)
    if gaps:
        lines.append("UNKNOWN (not available in the emulator, or not collectable there; never read as PASS):")
        lines.extend(f"  {check}: {count}" for check, count in sorted(gaps.items()))
    lines.append(f"snapshot: {result.snapshot_path}   intent: {result.deployed.intent_path}")
    lines.append(f"HTML report: {result.reports['html']}")
    return lines


def found_everything(result: DemoResult) -> bool:
    """Every planted drift the emulator can show is reported FAIL."""
    return all(d.status == "FAIL" for d in detections(result))
