"""Config rule `bedrock-no-long-term-api-keys`: no IAM user holds an active long-term Bedrock API key.

Periodic only, evaluated on each IAM user (`AWS::IAM::User`, identified by its user id as
Config does). IAM is global: deploy this rule in one Region. Credentials are collected as
metadata only (ids, status and dates); nothing else from them is kept, logged or reported.
Parameters: `maxAgeDays` (0-36600), `neverExpiringOnly` (true/false).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bedrock_gov.checks import long_term_api_keys as control
from bedrock_gov.collect.iam_credentials import list_users
from bedrock_gov.config_rules import runtime


def judge_current(run: runtime.Invocation, params: control.Parameters) -> runtime.Listing:
    """Judge every IAM user against the account's Bedrock service-specific credentials."""
    collected = list_users(run.client, control.BEDROCK_SERVICE)
    now = datetime.now(UTC)
    return runtime.judged(collected, lambda user: control.check(user, params, now))


CONFIG_RULE = runtime.ConfigRule(
    control.METADATA.id,
    frozenset({control.RESOURCE_TYPE}),
    control.parse_parameters,
    list_current=judge_current,
)

lambda_handler = runtime.lambda_entry_point(CONFIG_RULE)
