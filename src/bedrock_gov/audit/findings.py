"""What the audit reports: one finding per account, Region, control and resource, and a summary.

The JSON shape (`to_json`) is the contract with every report format and with `--baseline`:
`{"findings": [{"check_id", "status", "severity", "account_id", "region", "resource_type",
"resource_id", "resource_arn", "message", "remediation", "reason", "change"}], "summary": {...}}`.
UNKNOWN always carries a `reason`: the audit could not tell, and says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

Status = Literal["PASS", "FAIL", "UNKNOWN"]
Severity = Literal["critical", "high", "medium", "low", "informational"]
Change = Literal["NEW", "UNCHANGED", "RESOLVED"]
STATUSES: tuple[Status, ...] = ("PASS", "FAIL", "UNKNOWN")
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "informational")
GLOBAL_REGION = "global"
"""The `region` of a finding about something without a Region (IAM, Organizations)."""


class FindingError(ValueError):
    """A finding that breaks the contract (UNKNOWN without a reason, an unknown status...)."""


@dataclass(frozen=True)
class Finding:
    check_id: str
    status: Status
    severity: Severity
    account_id: str
    region: str
    resource_type: str
    resource_id: str
    message: str
    remediation: str
    resource_arn: str | None = None
    reason: str | None = None
    """Why the audit could not tell (required for UNKNOWN)."""
    change: Change | None = None
    """Against `--baseline`: NEW, UNCHANGED or RESOLVED; None without a baseline."""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise FindingError(f"{self.check_id}: status {self.status!r} is not one of {', '.join(STATUSES)}")
        if self.severity not in SEVERITIES:
            raise FindingError(f"{self.check_id}: severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        if self.status == "UNKNOWN" and not self.reason:
            raise FindingError(f"{self.check_id} on {self.resource_id}: an UNKNOWN finding needs a reason")

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What identifies a finding across runs (for `--baseline`)."""
        return (self.check_id, self.account_id, self.region, self.resource_type, self.resource_id)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Finding:
        fields: dict[str, Any] = {name: raw.get(name) for name in cls.__dataclass_fields__}
        missing = [name for name in ("check_id", "status", "severity", "account_id", "region") if not fields[name]]
        if missing:
            raise FindingError(f"a finding without {', '.join(missing)}")
        return cls(**fields)


def summary(findings: Iterable[Finding]) -> dict[str, Any]:
    """Counts by status, by severity of the failures, by change, and the accounts covered."""
    findings = list(findings)
    by_status = Counter(finding.status for finding in findings)
    failed = Counter(finding.severity for finding in findings if finding.status == "FAIL")
    changes = Counter(finding.change for finding in findings if finding.change)
    return {
        "total": len(findings),
        "by_status": {status: by_status.get(status, 0) for status in STATUSES},
        "failed_by_severity": {severity: failed.get(severity, 0) for severity in SEVERITIES},
        "by_change": dict(sorted(changes.items())),
        "accounts": len({finding.account_id for finding in findings}),
    }


def to_json(findings: Iterable[Finding]) -> dict[str, Any]:
    findings = list(findings)
    return {"findings": [finding.to_json() for finding in findings], "summary": summary(findings)}


def compare_with_baseline(current: Iterable[Finding], baseline: Iterable[Finding]) -> list[Finding]:
    """Mark each failing or unknown finding NEW or UNCHANGED against an earlier report, and add a
    RESOLVED finding (status PASS) for each earlier failure that no longer fails."""
    earlier = {finding.key: finding for finding in baseline if finding.status != "PASS"}
    marked: list[Finding] = []
    still_failing: set[tuple[str, str, str, str, str]] = set()
    for finding in current:
        if finding.status == "PASS":
            marked.append(finding)
            continue
        still_failing.add(finding.key)
        marked.append(replace(finding, change="UNCHANGED" if finding.key in earlier else "NEW"))
    for key, old in earlier.items():
        if key not in still_failing:
            marked.append(
                replace(old, status="PASS", reason=None, change="RESOLVED", message=f"resolved: {old.message}")
            )
    return marked
