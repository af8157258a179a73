"""The `text` format of `bedrock-gov audit`: a terminal summary made with rich.

Per control, how many findings passed, failed and could not be checked; then every failure and
every UNKNOWN (with its reason), grouped by account and Region; then the totals.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from bedrock_gov.audit.control import Control
from bedrock_gov.audit.findings import Finding, summary

_STYLE = {"PASS": "green", "FAIL": "red", "UNKNOWN": "yellow"}


def _control_of(check_id: str) -> str:
    """The control a finding belongs to: `scp-lint/<rule>` belongs to `scp-lint`."""
    return check_id.split("/", 1)[0]


def audit_text(findings: Sequence[Finding], controls: Sequence[Control], width: int = 120) -> str:
    buffer = io.StringIO()
    out = Console(file=buffer, width=width, force_terminal=False, highlight=False, soft_wrap=False)
    counts: Counter[tuple[str, str]] = Counter((_control_of(f.check_id), f.status) for f in findings)
    table = Table(title="bedrock-gov audit", show_lines=False)
    for column in ("layer", "control", "PASS", "FAIL", "UNKNOWN"):
        table.add_column(column, justify="right" if column.isupper() else "left")
    for control in controls:
        cells = [str(counts[(control.id, status)]) for status in ("PASS", "FAIL", "UNKNOWN")]
        table.add_row(control.layer, control.id, *cells)
    out.print(table)
    problems = sorted(
        (f for f in findings if f.status != "PASS"),
        key=lambda f: (f.account_id, f.region, f.status, f.check_id, f.resource_id),
    )
    place: tuple[str, str] | None = None
    for finding in problems:
        if (finding.account_id, finding.region) != place:
            place = (finding.account_id, finding.region)
            out.print(f"\n{finding.account_id} {finding.region}", style="bold", markup=False)
        change = f" [{finding.change}]" if finding.change else ""
        out.print(f"  {finding.status:<7}", style=_STYLE[finding.status], end="", markup=False)
        out.print(f" {finding.check_id}{change} {finding.resource_type} {finding.resource_id}", markup=False)
        out.print(f"      {finding.message}", markup=False)
        if finding.reason and finding.reason not in finding.message:
            out.print(f"      reason: {finding.reason}", style="dim", markup=False)
    totals = summary(findings)
    by_status = totals["by_status"]
    out.print(
        f"\n{totals['total']} findings in {totals['accounts']} account(s): "
        f"{by_status['PASS']} PASS, {by_status['FAIL']} FAIL, {by_status['UNKNOWN']} UNKNOWN",
        markup=False,
    )
    return buffer.getvalue()
