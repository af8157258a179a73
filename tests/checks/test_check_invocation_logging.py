import pytest

from bedrock_gov.checks import invocation_logging as control
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.collect.bedrock import logging_record
from bedrock_gov.snapshot import InvocationLoggingConfig

S3_AND_CW = {
    "s3Config": {"bucketName": "logs-bucket"},
    "cloudWatchConfig": {"logGroupName": "/bedrock/invocations", "roleArn": "arn:aws:iam::1:role/r"},
    "textDataDeliveryEnabled": True,
}


def snapshot(config: object, **extra: object) -> InvocationLoggingConfig:
    """A GetModelInvocationLoggingConfiguration answer, through the collector's converter."""
    record = InvocationLoggingConfig(account_id="123456789012", region="eu-west-1", logging=logging_record(config))
    return {**record, **extra}  # type: ignore[typeddict-item]


def test_no_configuration_is_non_compliant_and_names_the_region() -> None:
    result = control.check(snapshot(None), control.Parameters())
    assert (result.compliance, result.resource_type, result.resource_id) == (
        "NON_COMPLIANT",
        "AWS::::Account",
        "123456789012",
    )
    assert result.annotation.startswith("eu-west-1:")


def test_any_destination_with_a_data_type_is_enough_by_default() -> None:
    config = {"s3Config": {"bucketName": "b"}, "textDataDeliveryEnabled": True}
    assert control.check(snapshot(config), control.Parameters()).compliance == "COMPLIANT"


def test_configuration_without_destination_or_data_type_is_non_compliant() -> None:
    assert (
        control.check(snapshot({"textDataDeliveryEnabled": True}), control.Parameters()).compliance == "NON_COMPLIANT"
    )
    no_data = {"s3Config": {"bucketName": "b"}, "textDataDeliveryEnabled": False}
    assert control.check(snapshot(no_data), control.Parameters()).compliance == "NON_COMPLIANT"


def test_required_destination_and_data_type() -> None:
    params = control.parse_parameters({"requiredDestinations": "cloudwatchlogs", "requiredDataTypes": "Text,Image"})
    only_s3 = {"s3Config": {"bucketName": "b"}, "textDataDeliveryEnabled": True, "imageDataDeliveryEnabled": True}
    assert "CloudWatchLogs" in control.check(snapshot(only_s3), params).annotation
    result = control.check(snapshot(S3_AND_CW), params)
    assert (result.compliance, "Image" in result.annotation) == ("NON_COMPLIANT", True)


def test_kms_required_checks_every_destination() -> None:
    params = control.parse_parameters({"kmsEncryptionRequired": "true"})
    encrypted = {"s3_bucket_encryption": {"algorithm": "aws:kms", "kms_key_id": "k"}, "log_group_kms_key_id": "arn:key"}
    assert control.check(snapshot(S3_AND_CW, **encrypted), params).compliance == "COMPLIANT"
    sse_s3 = {**encrypted, "s3_bucket_encryption": {"algorithm": "AES256", "kms_key_id": None}}
    assert "AES256" in control.check(snapshot(S3_AND_CW, **sse_s3), params).annotation
    no_key = {**encrypted, "log_group_kms_key_id": None}
    assert control.check(snapshot(S3_AND_CW, **no_key), params).compliance == "NON_COMPLIANT"


def test_encryption_not_looked_up_is_not_guessed() -> None:
    params = control.Parameters(kms_required=True)
    result = control.check(snapshot(S3_AND_CW), params)
    assert (result.compliance, "could not check" in result.annotation) == ("NOT_APPLICABLE", True)


@pytest.mark.parametrize(
    "raw",
    [{"requiredDestinations": "Kinesis"}, {"kmsEncryptionRequired": "maybe"}, {"requiredDataTypes": 5}, {"x": 1}],
)
def test_malformed_parameters(raw: dict[str, object]) -> None:
    with pytest.raises(ParameterError):
        control.parse_parameters(raw)
