"""Config rule `bedrock-model-invocation-logging-enabled`: invocation logging is on in this Region.

Periodic only, evaluated on the account (`AWS::::Account`) in the Region the rule runs in; deploy
it in every Region where Bedrock may be used. When `kmsEncryptionRequired` is true, the S3
bucket's default encryption and the log group's KMS key are collected too.
Parameters: `requiredDestinations` (S3, CloudWatchLogs), `kmsEncryptionRequired`,
`requiredDataTypes` (Text, Image, Embedding, Video, Audio).
"""

from __future__ import annotations

from bedrock_gov.checks import invocation_logging as control
from bedrock_gov.collect.bedrock import read_invocation_logging
from bedrock_gov.config_rules import runtime
from bedrock_gov.config_rules.events import EventError


def judge_region(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge this account in this Region."""
    if not run.event.account_id:
        raise EventError("the event names no accountId to evaluate")
    collected = read_invocation_logging(run.client, run.event.account_id, with_encryption=params.kms_required)
    return runtime.judged(collected, lambda record: control.check(record, params))


CONFIG_RULE = runtime.ConfigRule(
    control.METADATA.id,
    frozenset({control.RESOURCE_TYPE}),
    control.parse_parameters,
    list_current=judge_region,
    report_disappeared=False,
)

lambda_handler = runtime.lambda_entry_point(CONFIG_RULE)
