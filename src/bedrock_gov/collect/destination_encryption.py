"""How log destinations are encrypted: an S3 bucket's default encryption (GetBucketEncryption)
and a CloudWatch Logs group's KMS key (DescribeLogGroups)."""

from __future__ import annotations

from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call, error_code, pages
from bedrock_gov.snapshot import BucketEncryption

NO_BUCKET_ENCRYPTION = "ServerSideEncryptionConfigurationNotFoundError"


def bucket_encryption(clients: ClientFactory, bucket: str) -> BucketEncryption:
    """The bucket's default encryption; a bucket without one reads as algorithm None."""
    try:
        response = call(clients("s3").get_bucket_encryption, Bucket=bucket)
    except CannotCheck as error:
        if error.__cause__ is not None and error_code(error.__cause__) == NO_BUCKET_ENCRYPTION:
            return BucketEncryption(algorithm=None, kms_key_id=None)
        raise
    rules = (response.get("ServerSideEncryptionConfiguration") or {}).get("Rules") or [{}]
    default = rules[0].get("ApplyServerSideEncryptionByDefault") or {}
    return BucketEncryption(algorithm=default.get("SSEAlgorithm"), kms_key_id=default.get("KMSMasterKeyID"))


def log_group_kms_key(clients: ClientFactory, group: str) -> str | None:
    """The group's KMS key ARN, or None if it has none; a group that does not exist raises CannotCheck."""
    logs = clients("logs")
    for page in pages(logs.describe_log_groups, "nextToken", "nextToken", logGroupNamePrefix=group):
        for entry in page.get("logGroups") or []:
            if entry.get("logGroupName") == group:
                key = entry.get("kmsKeyId")
                return key if isinstance(key, str) else None
    raise CannotCheck("describe_log_groups", f"log group {group} not found")
