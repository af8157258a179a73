"""The data every check shares: compliance values, results, metadata and parameter errors.

Records are NamedTuples rather than dataclasses: a rule handler defines several, and a NamedTuple
class is built several times faster, which keeps the handlers' cold import short.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

Compliance = Literal["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]
COMPLIANT: Final = "COMPLIANT"
NON_COMPLIANT: Final = "NON_COMPLIANT"
NOT_APPLICABLE: Final = "NOT_APPLICABLE"


class CheckMetadata(NamedTuple):
    """What a control is, in the Prowler style: id, severity, the risk it covers and the fix."""

    id: str
    title: str
    resource_type: str
    severity: Literal["low", "medium", "high", "critical"]
    risk: str
    remediation: str


class ConfigTrigger(NamedTuple):
    """How a check runs as an AWS Config rule: on changes to these recorded types, periodically, or both."""

    change_types: frozenset[str] = frozenset()
    periodic: bool = False


class CheckResult(NamedTuple):
    """One resource's verdict. `annotation` says why, in one sentence, and never holds secrets.

    `undetermined`: the check could not judge (data not looked up). A Config rule still reports
    NOT_APPLICABLE; the audit reports UNKNOWN with the annotation as the reason, never a pass."""

    resource_type: str
    resource_id: str
    compliance: Compliance
    annotation: str
    undetermined: bool = False


def without_configuration(resource_type: str, resource_id: str) -> CheckResult:
    """The verdict for a record whose configuration is unknown (a Config item without one): nothing to judge."""
    return CheckResult(
        resource_type,
        resource_id,
        NOT_APPLICABLE,
        "Could not check: the resource's configuration was not read.",
        undetermined=True,
    )


class ParameterError(ValueError):
    """A rule parameter is missing, unknown or of the wrong form; the message names it."""
