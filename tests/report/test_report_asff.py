"""ASFF: each finding is valid BatchImportFindings input for botocore's Security Hub model —
ParamValidator (required members, types, lengths) plus the enums and patterns of the same model,
which ParamValidator leaves to the service."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError
from botocore.model import ListShape, MapShape, Shape, StructureShape
from report_samples import GENERATED_AT, HOSTILE, KEYS, SANDBOX, UNKNOWN_REASON, sample_findings

from bedrock_gov.report import audit_asff
from bedrock_gov.report.asff import resource_type, security_hub_model, validate_batch


def _model_errors(value: Any, shape: Shape, where: str) -> list[str]:
    if isinstance(shape, StructureShape):
        return [e for name, item in value.items() for e in _model_errors(item, shape.members[name], f"{where}.{name}")]
    if isinstance(shape, ListShape):
        return [e for i, item in enumerate(value) for e in _model_errors(item, shape.member, f"{where}[{i}]")]
    if isinstance(shape, MapShape):
        return [e for key, item in value.items() for e in _model_errors(item, shape.value, f"{where}.{key}")]
    errors = []
    if shape.enum and value not in shape.enum:
        errors.append(f"{where}: {value!r} is not one of {shape.enum}")
    pattern = shape.metadata.get("pattern")
    if pattern and not re.fullmatch(pattern, value, re.DOTALL):
        errors.append(f"{where}: {value!r} does not match {pattern}")
    return errors


def _documents() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads(audit_asff(sample_findings(), GENERATED_AT))
    return documents


def test_every_finding_is_valid_for_the_security_hub_model() -> None:
    documents = _documents()
    assert len(documents) == len(sample_findings())
    validate_batch(documents)
    finding_shape = security_hub_model().shape_for("AwsSecurityFinding")
    assert [error for document in documents for error in _model_errors(document, finding_shape, "Finding")] == []


def test_the_validator_catches_a_broken_finding() -> None:
    broken = _documents()[0]
    del broken["Resources"]
    with pytest.raises(ParamValidationError, match="Resources"):
        validate_batch([broken])
    enum_broken = _documents()[0]
    enum_broken["Compliance"]["Status"] = "PASS"
    assert _model_errors(enum_broken, security_hub_model().shape_for("AwsSecurityFinding"), "Finding")


def test_fields_map_status_severity_region_and_product() -> None:
    documents = _documents()
    assert Counter(d["Compliance"]["Status"] for d in documents) == {"FAILED": 6, "PASSED": 4, "NOT_AVAILABLE": 1}
    assert {d["SchemaVersion"] for d in documents} == {"2018-10-08"}
    keys = next(d for d in documents if d["GeneratorId"] == KEYS and d["AwsAccountId"] == SANDBOX)
    assert keys["ProductArn"] == f"arn:aws:securityhub:us-east-1:{SANDBOX}:product/{SANDBOX}/default"
    assert keys["Severity"] == {"Label": "CRITICAL", "Original": "critical"}
    assert keys["Resources"][0] == {
        "Type": "AwsIamUser",
        "Id": f"arn:aws:iam::{SANDBOX}:user/ci-bot",
        "Partition": "aws",
        "Region": "us-east-1",
    }
    assert keys["Workflow"] == {"Status": "NEW"} and keys["ProductFields"]["bedrock-gov/Change"] == "NEW"
    assert all(d["Severity"]["Label"] == "INFORMATIONAL" for d in documents if d["Compliance"]["Status"] == "PASSED")
    assert len({d["Id"] for d in documents}) == len(documents)


def test_unknown_reason_and_text_are_carried() -> None:
    documents = _documents()
    unknown = next(d for d in documents if d["Compliance"]["Status"] == "NOT_AVAILABLE")
    assert UNKNOWN_REASON in unknown["Description"] and unknown["ProductFields"]["bedrock-gov/Reason"] == UNKNOWN_REASON
    assert any(HOSTILE in d["Description"] for d in documents)


def test_resource_types_come_from_the_model() -> None:
    assert resource_type("AWS::Lambda::Function") == "AwsLambdaFunction"
    assert resource_type("AWS::::Account") == "AwsAccount"
    assert resource_type("AWS::Bedrock::Agent") == "Other"
    agent = next(d for d in _documents() if d["Resources"][0]["Type"] == "Other")
    assert agent["Resources"][0]["Details"] == {"Other": {"CloudFormationType": "AWS::Bedrock::Agent"}}


def test_long_text_is_clipped_to_asff_limits() -> None:
    long = replace(sample_findings()[0], message="x" * 5000)
    (document,) = json.loads(audit_asff([long], GENERATED_AT))
    assert len(document["Description"]) == 1024 and document["Description"].endswith("…")
