"""Config rule `bedrock-model-invocation-logging-enabled`: invocation logging is on in this Region.

Periodic only, evaluated on the account (`AWS::::Account`) in the Region the rule runs in; deploy
it in every Region where Bedrock may be used. When `kmsEncryptionRequired` is true, the S3
bucket's default encryption and the log group's KMS key are looked up too.
Parameters: `requiredDestinations` (S3, CloudWatchLogs), `kmsEncryptionRequired`,
`requiredDataTypes` (Text, Image, Embedding, Video, Audio).
"""

from __future__ import annotations

from typing import Any

from bedrock_gov.checks import invocation_logging as control
from bedrock_gov.rules import runtime
from bedrock_gov.rules.aws_calls import CannotCheck, call, error_code, pages
from bedrock_gov.rules.events import EventError

NO_BUCKET_ENCRYPTION = "ServerSideEncryptionConfigurationNotFoundError"


def _bucket_encryption(run: runtime.Invocation, bucket: str) -> dict[str, Any]:
    try:
        response = call(run.client("s3").get_bucket_encryption, run.backoff, Bucket=bucket)
    except CannotCheck as error:
        if error.__cause__ is not None and error_code(error.__cause__) == NO_BUCKET_ENCRYPTION:
            return {"algorithm": None, "kmsKeyId": None}
        raise
    rules = (response.get("ServerSideEncryptionConfiguration") or {}).get("Rules") or [{}]
    default = rules[0].get("ApplyServerSideEncryptionByDefault") or {}
    return {"algorithm": default.get("SSEAlgorithm"), "kmsKeyId": default.get("KMSMasterKeyID")}


def _log_group_key(run: runtime.Invocation, group: str) -> str | None:
    logs = run.client("logs")
    for page in pages(logs.describe_log_groups, run.backoff, "nextToken", "nextToken", logGroupNamePrefix=group):
        for entry in page.get("logGroups") or []:
            if entry.get("logGroupName") == group:
                key = entry.get("kmsKeyId")
                return key if isinstance(key, str) else None
    raise CannotCheck("describe_log_groups", f"log group {group} not found")


def evaluate_region(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge this account in this Region."""
    if not run.event.account_id:
        raise EventError("the event names no accountId to evaluate")
    bedrock = run.client("bedrock")
    config = call(bedrock.get_model_invocation_logging_configuration, run.backoff).get("loggingConfig")
    snapshot: dict[str, Any] = {
        "accountId": run.event.account_id,
        "region": getattr(getattr(bedrock, "meta", None), "region_name", None),
        "loggingConfig": config,
    }
    listing = runtime.Listing()
    if params.kms_required and isinstance(config, dict):
        try:
            bucket = (config.get("s3Config") or {}).get("bucketName")
            if bucket:
                snapshot["s3BucketEncryption"] = _bucket_encryption(run, bucket)
            group = (config.get("cloudWatchConfig") or {}).get("logGroupName")
            if group:
                snapshot["logGroupKmsKeyId"] = _log_group_key(run, group)
        except CannotCheck as error:
            reason = f"reading destination encryption: {error}"
            listing.unchecked.append(runtime.Unchecked(control.RESOURCE_TYPE, run.event.account_id, reason))
            return listing
    listing.results.append(control.check(snapshot, params))
    return listing


RULE = runtime.Rule(
    name=control.METADATA.id,
    resource_types=frozenset({control.RESOURCE_TYPE}),
    parse_parameters=control.parse_parameters,
    list_current=evaluate_region,
    report_disappeared=False,
)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    """The Lambda entry point."""
    return runtime.run(RULE, event)
