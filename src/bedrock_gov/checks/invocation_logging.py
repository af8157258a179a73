"""Model invocation logging is on in a Region, with the destinations and encryption required.

Input: a `snapshot.InvocationLoggingConfig` record for one account and Region. Its destination
encryption keys are only needed when encryption is required; a key left out means "not looked
up", and the check then says it could not check rather than guess.
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
    ConfigTrigger,
)
from bedrock_gov.snapshot import INVOCATION_DATA_TYPES, InvocationLogging, InvocationLoggingConfig

RESOURCE_TYPE = "AWS::::Account"
S3 = "S3"
CLOUDWATCH_LOGS = "CloudWatchLogs"
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
CONFIG_TRIGGER = ConfigTrigger(periodic=True)


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
        data_types=parameters.choices(raw, "requiredDataTypes", INVOCATION_DATA_TYPES),
    )


def _configured_destinations(logging: InvocationLogging) -> dict[str, str]:
    """Destination name -> bucket or log group name, for the destinations actually set."""
    found: dict[str, str] = {}
    if logging["s3_bucket"]:
        found[S3] = logging["s3_bucket"]
    if logging["log_group"]:
        found[CLOUDWATCH_LOGS] = logging["log_group"]
    return found


def _encryption_problem(record: InvocationLoggingConfig, destination: str) -> tuple[bool, str] | None:
    """None if the destination is KMS-encrypted; else (known, reason): known=False means not looked up."""
    if destination == S3:
        if "s3_bucket_encryption" not in record:
            return False, "S3 bucket encryption was not looked up"
        encryption = record["s3_bucket_encryption"]
        algorithm = encryption["algorithm"] if encryption else None
        if algorithm not in KMS_ALGORITHMS:
            return True, f"S3 bucket is not KMS-encrypted (default encryption: {algorithm or 'none'})"
        return None
    if "log_group_kms_key_id" not in record:
        return False, "log group encryption was not looked up"
    if not record["log_group_kms_key_id"]:
        return True, "log group has no KMS key"
    return None


def check(record: InvocationLoggingConfig, params: Parameters) -> CheckResult:
    """Judge one account in one Region against the parameters."""
    account = record["account_id"]
    region = record["region"] or "this Region"

    def result(compliance: Compliance, annotation: str, undetermined: bool = False) -> CheckResult:
        return CheckResult(RESOURCE_TYPE, account, compliance, f"{region}: {annotation}", undetermined)

    logging = record["logging"]
    if logging is None:
        return result(NON_COMPLIANT, "model invocation logging is not configured.")
    destinations = _configured_destinations(logging)
    if not destinations:
        return result(NON_COMPLIANT, "model invocation logging has no destination.")
    missing = sorted(params.destinations - destinations.keys())
    if missing:
        return result(NON_COMPLIANT, f"logging does not deliver to {', '.join(missing)}.")
    enabled = set(logging["data_types"])
    if not enabled:
        return result(NON_COMPLIANT, "logging is configured but delivers no data type.")
    not_logged = sorted(params.data_types - enabled)
    if not_logged:
        return result(NON_COMPLIANT, f"logging does not deliver {', '.join(not_logged)} data.")
    if params.kms_required:
        for destination in sorted(destinations):
            problem = _encryption_problem(record, destination)
            if problem is None:
                continue
            known, reason = problem
            if not known:
                return result(NOT_APPLICABLE, f"could not check: {reason}.", undetermined=True)
            return result(NON_COMPLIANT, f"{reason} ({destinations[destination]}).")
    return result(COMPLIANT, f"logging to {', '.join(sorted(destinations))}.")
