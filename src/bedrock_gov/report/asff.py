"""AWS Security Finding Format (ASFF) for Security Hub's BatchImportFindings, as a custom
integration (`product/<account>/default`). No hand-written schema: every batch is checked against
botocore's own Security Hub service model before it is returned."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, cast

import botocore.session
from botocore.model import ServiceModel, StructureShape
from botocore.validate import validate_parameters

from bedrock_gov import __version__
from bedrock_gov.audit.findings import GLOBAL_REGION, Finding
from bedrock_gov.report.finding_identity import FINDING_TYPE, finding_uid

SCHEMA_VERSION = "2018-10-08"
HOME_REGION = "us-east-1"
"""Where findings about global resources (IAM, Organizations) are imported, unless told otherwise."""
BATCH_SIZE = 100
"""BatchImportFindings takes at most 100 findings a call."""
TITLE_MAX, DESCRIPTION_MAX, RECOMMENDATION_MAX = 256, 1024, 512
"""ASFF's documented lengths (the service model does not carry them)."""
_COMPLIANCE = {"PASS": "PASSED", "FAIL": "FAILED", "UNKNOWN": "NOT_AVAILABLE"}


@cache
def security_hub_model() -> ServiceModel:
    """botocore's Security Hub model: the schema of AwsSecurityFinding, maintained by AWS."""
    return botocore.session.get_session().get_service_model("securityhub")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resource_type(cloudformation_type: str) -> str:
    """`AWS::Lambda::Function` -> `AwsLambdaFunction` where ASFF knows that type (it has details
    for it in the service model, or it is the account itself); `Other` elsewhere."""
    candidate = "".join(part.capitalize() for part in cloudformation_type.split("::") if part)
    known = cast(StructureShape, security_hub_model().shape_for("ResourceDetails")).members
    return candidate if candidate in known or candidate == "AwsAccount" else "Other"


def _resource(finding: Finding, region: str) -> dict[str, Any]:
    kind = resource_type(finding.resource_type)
    resource: dict[str, Any] = {
        "Type": kind,
        "Id": finding.resource_arn or finding.resource_id,
        "Partition": "aws",
        "Region": region,
    }
    if kind == "Other":
        resource["Details"] = {"Other": {"CloudFormationType": finding.resource_type}}
    return resource


def _description(finding: Finding) -> str:
    text = f"{finding.message} Could not tell: {finding.reason}" if finding.reason else finding.message
    return _clip(text, DESCRIPTION_MAX)


def _product_fields(finding: Finding) -> dict[str, str]:
    fields = {
        "bedrock-gov/CheckId": finding.check_id,
        "bedrock-gov/Status": finding.status,
        "bedrock-gov/ResourceType": finding.resource_type,
        "bedrock-gov/Reason": finding.reason,
        "bedrock-gov/Change": finding.change,
        "ProviderName": "bedrock-gov",
        "ProviderVersion": __version__,
    }
    return {name: value for name, value in fields.items() if value}


def asff_finding(finding: Finding, generated_at: datetime, home_region: str = HOME_REGION) -> dict[str, Any]:
    """One ASFF finding. PASS findings are INFORMATIONAL with a RESOLVED workflow, as Security
    Hub's own controls report them; the check's severity stays in Severity.Original."""
    region = home_region if finding.region == GLOBAL_REGION else finding.region
    account = finding.account_id
    timestamp = generated_at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    passed = finding.status == "PASS"
    return {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": finding_uid(finding),
        "ProductArn": f"arn:aws:securityhub:{region}:{account}:product/{account}/default",
        "ProductName": "bedrock-gov",
        "GeneratorId": finding.check_id,
        "AwsAccountId": account,
        "Region": region,
        "Types": [FINDING_TYPE],
        "FirstObservedAt": timestamp,
        "LastObservedAt": timestamp,
        "CreatedAt": timestamp,
        "UpdatedAt": timestamp,
        "Severity": {"Label": "INFORMATIONAL" if passed else finding.severity.upper(), "Original": finding.severity},
        "Title": _clip(f"{finding.check_id}: {finding.resource_id}", TITLE_MAX),
        "Description": _description(finding),
        "Remediation": {"Recommendation": {"Text": _clip(finding.remediation, RECOMMENDATION_MAX)}},
        "ProductFields": _product_fields(finding),
        "Resources": [_resource(finding, region)],
        "Compliance": {"Status": _COMPLIANCE[finding.status]},
        "RecordState": "ACTIVE",
        "Workflow": {"Status": "RESOLVED" if passed else "NEW"},
    }


def validate_batch(batch: list[dict[str, Any]]) -> None:
    """Raise botocore's ParamValidationError if the batch is not valid BatchImportFindings input."""
    input_shape = security_hub_model().operation_model("BatchImportFindings").input_shape
    assert input_shape is not None, "botocore's BatchImportFindings has an input shape"
    validate_parameters({"Findings": batch}, input_shape)


def audit_asff(
    findings: Sequence[Finding], generated_at: datetime | None = None, home_region: str = HOME_REGION
) -> str:
    """Findings as a JSON array of ASFF findings, validated in batches of 100 against botocore's
    BatchImportFindings input shape (`aws securityhub batch-import-findings` takes each batch)."""
    when = generated_at or datetime.now(UTC)
    documents = [asff_finding(finding, when, home_region) for finding in findings]
    for start in range(0, len(documents), BATCH_SIZE):
        validate_batch(documents[start : start + BATCH_SIZE])
    return json.dumps(documents, indent=2, ensure_ascii=False) + "\n"
