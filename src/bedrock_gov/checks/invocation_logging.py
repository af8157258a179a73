"""Model invocation logging is on in a Region, with the destinations and encryption required.

Input: one account and Region, as the audit's snapshot stores it::

    {"accountId": "123456789012", "region": "us-east-1",
     "loggingConfig": <GetModelInvocationLoggingConfiguration "loggingConfig"> | null,
     "s3BucketEncryption": {"algorithm": "aws:kms", "kmsKeyId": "arn:..."} | null,
     "logGroupKmsKeyId": "arn:..." | null}

`s3BucketEncryption` and `logGroupKmsKeyId` are only needed when encryption is required; a key
left out means "not looked up", and the check then says it could not check rather than guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import (
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE,
    CheckMetadata,
    CheckResult,
    Compliance,
)

RESOURCE_TYPE = "AWS::::Account"
S3 = "S3"
CLOUDWATCH_LOGS = "CloudWatchLogs"
DATA_TYPE_FLAGS = {
    "Text": "textDataDeliveryEnabled",
    "Image": "imageDataDeliveryEnabled",
    "Embedding": "embeddingDataDeliveryEnabled",
    "Video": "videoDataDeliveryEnabled",
    "Audio": "audioDataDeliveryEnabled",
}
KMS_ALGORITHMS = frozenset({"aws:kms", "aws:kms:dsse"})

METADATA = CheckMetadata(
    id="bedrock-model-invocation-logging-enabled",
    title="Bedrock model invocation logging is enabled in every Region",
    resource_type=RESOURCE_TYPE,
    severity="high",
    risk=(
        "Without invocation logging there is no record of prompts and responses: misuse, data "
        "leaks and prompt injection cannot be investigated."
    ),
    remediation=(
        "Call PutModelInvocationLoggingConfiguration in each Region with an S3 bucket and/or "
        "CloudWatch Logs group encrypted with a customer-managed KMS key."
    ),
)


class Parameters(NamedTuple):
    """`destinations` empty means any one destination will do; `data_types` empty means any one."""

    destinations: frozenset[str] = frozenset()
    kms_required: bool = False
    data_types: frozenset[str] = frozenset()


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    """Read `requiredDestinations`, `kmsEncryptionRequired` and `requiredDataTypes`."""
    parameters.reject_unknown(raw, ("requiredDestinations", "kmsEncryptionRequired", "requiredDataTypes"))
    return Parameters(
        destinations=parameters.choices(raw, "requiredDestinations", (S3, CLOUDWATCH_LOGS)),
        kms_required=parameters.flag(raw, "kmsEncryptionRequired", False),
        data_types=parameters.choices(raw, "requiredDataTypes", DATA_TYPE_FLAGS),
    )


def _configured_destinations(config: Mapping[str, object]) -> dict[str, str]:
    """Destination name -> bucket or log group name, for the destinations actually set."""
    found: dict[str, str] = {}
    s3 = config.get("s3Config")
    if isinstance(s3, Mapping) and isinstance(s3.get("bucketName"), str) and s3["bucketName"]:
        found[S3] = str(s3["bucketName"])
    cloudwatch = config.get("cloudWatchConfig")
    if isinstance(cloudwatch, Mapping):
        group = cloudwatch.get("logGroupName")
        if isinstance(group, str) and group:
            found[CLOUDWATCH_LOGS] = group
    return found


def _encryption_problem(snapshot: Mapping[str, object], destination: str) -> tuple[bool, str] | None:
    """None if the destination is KMS-encrypted; else (known, reason): known=False means not looked up."""
    if destination == S3:
        if "s3BucketEncryption" not in snapshot:
            return False, "S3 bucket encryption was not looked up"
        encryption = snapshot["s3BucketEncryption"]
        algorithm = encryption.get("algorithm") if isinstance(encryption, Mapping) else None
        if algorithm not in KMS_ALGORITHMS:
            return True, f"S3 bucket is not KMS-encrypted (default encryption: {algorithm or 'none'})"
        return None
    if "logGroupKmsKeyId" not in snapshot:
        return False, "log group encryption was not looked up"
    key = snapshot["logGroupKmsKeyId"]
    if not isinstance(key, str) or not key:
        return True, "log group has no KMS key"
    return None


def check(snapshot: Mapping[str, object], params: Parameters) -> CheckResult:
    """Judge one account in one Region against the parameters."""
    account = str(snapshot.get("accountId") or "")
    region = str(snapshot.get("region") or "this Region")

    def result(compliance: Compliance, annotation: str) -> CheckResult:
        return CheckResult(RESOURCE_TYPE, account, compliance, f"{region}: {annotation}")

    config = snapshot.get("loggingConfig")
    if not isinstance(config, Mapping):
        return result(NON_COMPLIANT, "model invocation logging is not configured.")
    destinations = _configured_destinations(config)
    if not destinations:
        return result(NON_COMPLIANT, "model invocation logging has no destination.")
    missing = sorted(params.destinations - destinations.keys())
    if missing:
        return result(NON_COMPLIANT, f"logging does not deliver to {', '.join(missing)}.")
    enabled = {name for name, flag in DATA_TYPE_FLAGS.items() if config.get(flag) is True}
    if not enabled:
        return result(NON_COMPLIANT, "logging is configured but delivers no data type.")
    not_logged = sorted(params.data_types - enabled)
    if not_logged:
        return result(NON_COMPLIANT, f"logging does not deliver {', '.join(not_logged)} data.")
    if params.kms_required:
        for destination in sorted(destinations):
            problem = _encryption_problem(snapshot, destination)
            if problem is None:
                continue
            known, reason = problem
            if not known:
                return result(NOT_APPLICABLE, f"could not check: {reason}.")
            return result(NON_COMPLIANT, f"{reason} ({destinations[destination]}).")
    return result(COMPLIANT, f"logging to {', '.join(sorted(destinations))}.")
