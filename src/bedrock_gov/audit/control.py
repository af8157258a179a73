"""What an audit control is: its metadata (Prowler style) and how it turns a snapshot into findings.

A control is declared once, as a `Control` in the module of its layer; `audit.registry` lists
the modules. Every finding a control makes is built here, so that each one carries the
control's id, severity and remediation, and an UNKNOWN always carries its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bedrock_gov.audit.findings import Finding, Severity, Status

if TYPE_CHECKING:
    from bedrock_gov.audit.context import AuditContext

UNNAMED = "unknown"
"""What a finding says for an account or Region the snapshot names with an empty string."""

Layer = Literal["preventive", "detective", "responsive", "posture"]
LAYERS: tuple[Layer, ...] = ("preventive", "detective", "responsive", "posture")
"""The article's three layers (SCPs, Config rules, alerts), and the Bedrock posture checks."""


@dataclass(frozen=True)
class Where:
    """The resource a finding is about, in one account and Region."""

    account_id: str
    region: str
    resource_type: str
    resource_id: str
    resource_arn: str | None = None


@dataclass(frozen=True)
class Control:
    """One control: `run(control, context)` yields its findings for the whole snapshot, each built
    with the control's `finding` (so metadata and reasons are never forgotten)."""

    id: str
    layer: Layer
    title: str
    severity: Severity
    remediation: str
    run: Callable[[Control, AuditContext], Iterator[Finding]]

    def findings(self, context: AuditContext) -> Iterator[Finding]:
        return self.run(self, context)

    def finding(
        self, status: Status, where: Where, message: str, reason: str | None = None, check_id: str | None = None
    ) -> Finding:
        """A finding of this control; `check_id` names a sub-control (a lint rule, a property)."""
        return Finding(
            check_id=check_id or self.id,
            status=status,
            severity=self.severity,
            account_id=where.account_id or UNNAMED,
            region=where.region or UNNAMED,
            resource_type=where.resource_type,
            resource_id=where.resource_id,
            resource_arn=where.resource_arn,
            message=message,
            remediation=self.remediation,
            reason=reason if status == "UNKNOWN" else None,
        )

    def passed(self, where: Where, message: str) -> Finding:
        return self.finding("PASS", where, message)

    def failed(self, where: Where, message: str) -> Finding:
        return self.finding("FAIL", where, message)

    def unknown(self, where: Where, reason: str, message: str | None = None) -> Finding:
        return self.finding("UNKNOWN", where, message or f"could not check: {reason}", reason)
