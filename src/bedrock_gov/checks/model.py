"""The data every check shares: compliance values, results, metadata and parameter errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Compliance = Literal["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]
COMPLIANT: Final = "COMPLIANT"
NON_COMPLIANT: Final = "NON_COMPLIANT"
NOT_APPLICABLE: Final = "NOT_APPLICABLE"


@dataclass(frozen=True)
class CheckMetadata:
    """What a control is, in the Prowler style: id, severity, the risk it covers and the fix."""

    id: str
    title: str
    resource_type: str
    severity: Literal["low", "medium", "high", "critical"]
    risk: str
    remediation: str


@dataclass(frozen=True)
class CheckResult:
    """One resource's verdict. `annotation` says why, in one sentence, and never holds secrets."""

    resource_type: str
    resource_id: str
    compliance: Compliance
    annotation: str


class ParameterError(ValueError):
    """A rule parameter is missing, unknown or of the wrong form; the message names it."""
