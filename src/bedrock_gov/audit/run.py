"""Run the audit: every control of the registry over one snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bedrock_gov.audit.context import AuditContext
from bedrock_gov.audit.control import Control
from bedrock_gov.audit.findings import Finding
from bedrock_gov.audit.registry import CONTROLS
from bedrock_gov.intent import Intent
from bedrock_gov.snapshot import Snapshot


def audit(
    snapshot: Snapshot,
    intent: Intent | None,
    now: datetime,
    controls: Sequence[Control] = CONTROLS,
    prove_timeout_ms: int = 10_000,
) -> list[Finding]:
    """Every finding of every control, in registry order."""
    context = AuditContext(snapshot, intent, now, prove_timeout_ms)
    return [finding for control in controls for finding in control.findings(context)]
