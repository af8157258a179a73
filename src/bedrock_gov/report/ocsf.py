"""OCSF Detection Finding (class_uid 2004) through Prowler's `py-ocsf-models`: the format Prowler
writes and Amazon Security Lake reads. One event per finding, in a JSON array."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from py_ocsf_models.events.findings.activity_id import ActivityID
from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from py_ocsf_models.events.findings.detection_finding_type_id import DetectionFindingTypeID
from py_ocsf_models.events.findings.severity_id import SeverityID
from py_ocsf_models.events.findings.status_id import StatusID
from py_ocsf_models.objects.account import Account, TypeID
from py_ocsf_models.objects.cloud import Cloud
from py_ocsf_models.objects.finding_info import FindingInformation
from py_ocsf_models.objects.metadata import Metadata
from py_ocsf_models.objects.product import Product
from py_ocsf_models.objects.remediation import Remediation
from py_ocsf_models.objects.resource_details import ResourceDetails

from bedrock_gov import __version__
from bedrock_gov.audit.findings import Finding
from bedrock_gov.report.finding_identity import FINDING_TYPE, finding_uid

_ACTIVITY = {
    None: ActivityID.Create,
    "NEW": ActivityID.Create,
    "UNCHANGED": ActivityID.Update,
    "RESOLVED": ActivityID.Close,
}
"""Against `--baseline`: a NEW finding is created, an UNCHANGED one updated, a RESOLVED one closed."""
_TYPE = {
    ActivityID.Create: DetectionFindingTypeID.Create,
    ActivityID.Update: DetectionFindingTypeID.Update,
    ActivityID.Close: DetectionFindingTypeID.Close,
}


def _status_detail(finding: Finding) -> str:
    return f"{finding.message} Could not tell: {finding.reason}" if finding.reason else finding.message


def _event(finding: Finding, generated_at: datetime, product: Product) -> DetectionFinding:
    millis = int(generated_at.timestamp() * 1000)
    activity = _ACTIVITY[finding.change]
    status = StatusID.Resolved if finding.change == "RESOLVED" else StatusID.New
    severity = SeverityID[finding.severity.capitalize()]
    unmapped = {
        "check_id": finding.check_id,
        "status": finding.status,
        "reason": finding.reason,
        "change": finding.change,
        "resource_type": finding.resource_type,
    }
    return DetectionFinding(
        metadata=Metadata(event_code=finding.check_id, product=product, profiles=["cloud", "datetime"]),
        activity_id=activity,
        activity_name=activity.name,
        type_uid=_TYPE[activity],
        type_name=f"Detection Finding: {activity.name}",
        time=millis,
        time_dt=generated_at,
        severity_id=severity,
        severity=severity.name,
        status_id=status,
        status=status.name,
        status_code=finding.status,
        status_detail=_status_detail(finding),
        message=finding.message,
        finding_info=FindingInformation(
            uid=finding_uid(finding),
            title=finding.check_id,
            desc=finding.message,
            types=[FINDING_TYPE],
            created_time=millis,
            created_time_dt=generated_at,
        ),
        cloud=Cloud(
            provider="aws",
            region=finding.region,
            account=Account(
                uid=finding.account_id, name=finding.account_id, type_id=TypeID.AWS_Account, type="AWS Account"
            ),
        ),
        resources=[
            ResourceDetails(
                uid=finding.resource_arn or finding.resource_id,
                name=finding.resource_id,
                type=finding.resource_type,
                region=finding.region,
                cloud_partition="aws",
            )
        ],
        remediation=Remediation(desc=finding.remediation),
        unmapped={name: value for name, value in unmapped.items() if value is not None},
    )


def audit_ocsf(findings: Sequence[Finding], generated_at: datetime | None = None) -> str:
    """Findings as a JSON array of OCSF Detection Findings, each built (so validated) by the models.

    status_code carries PASS, FAIL or UNKNOWN (as Prowler's does), status_detail the message and,
    for UNKNOWN, why; status_id is Resolved for a RESOLVED finding and New otherwise."""
    when = generated_at or datetime.now(UTC)
    product = Product(name="bedrock-gov", uid="bedrock-gov", vendor_name="bedrock-gov", version=__version__)
    events = [_event(finding, when, product).model_dump(mode="json", exclude_none=True) for finding in findings]
    return json.dumps(events, indent=2, ensure_ascii=False) + "\n"
