"""One self-contained HTML page (inline CSS, no script, no external asset): a summary, an accounts x
controls matrix coloured by each cell's worst status, and every cell's findings below it. Rendered
by jinja2 with autoescaping on, so every value from a snapshot is escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader

from bedrock_gov import __version__
from bedrock_gov.audit.findings import SEVERITIES, STATUSES, Finding, Status, summary

WORST_FIRST: tuple[Status, ...] = ("FAIL", "UNKNOWN", "PASS")
"""A cell shows the worst status among its findings."""
_ENVIRONMENT = Environment(
    loader=PackageLoader("bedrock_gov.report", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Cell:
    """The findings of one account and one control."""

    account_id: str
    check_id: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "cell-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{self.account_id}-{self.check_id}")

    @property
    def worst(self) -> Status | None:
        return next((status for status in WORST_FIRST if self.count(status)), None)

    def count(self, status: Status) -> int:
        return sum(1 for finding in self.findings if finding.status == status)

    @property
    def counts_text(self) -> str:
        """E.g. `2 fail, 1 pass`: the counts in words, worst first."""
        return ", ".join(f"{self.count(s)} {s.lower()}" for s in WORST_FIRST if self.count(s)) or "no findings"

    def ordered(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (WORST_FIRST.index(f.status), SEVERITIES.index(f.severity), f.region, f.resource_id),
        )


def audit_html(findings: Sequence[Finding], generated_at: datetime | None = None) -> str:
    """The audit as one HTML page a person reads at a glance, then drills into by following links."""
    accounts = sorted({finding.account_id for finding in findings})
    checks = sorted({finding.check_id for finding in findings})
    cells = {(account, check): Cell(account, check) for account in accounts for check in checks}
    for finding in findings:
        cells[(finding.account_id, finding.check_id)].findings.append(finding)
    when = (generated_at or datetime.now(UTC)).astimezone(UTC)
    return _ENVIRONMENT.get_template("audit.html.j2").render(
        accounts=accounts,
        checks=checks,
        cells=cells,
        summary=summary(findings),
        statuses=STATUSES,
        severities=SEVERITIES,
        generated_at=when.strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )
