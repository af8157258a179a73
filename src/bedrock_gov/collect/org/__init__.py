"""The org-wide collector: AWS Organizations -> every account and Region -> one snapshot.

Kept apart from `collect`'s own `__init__`, which the Config rule handlers load on a cold start.
"""

from bedrock_gov.collect.call_log import CallLog, Operation
from bedrock_gov.collect.org.run import DEFAULT_ROLE, CollectError, CollectOptions, Progress, collect_snapshot

__all__ = ["DEFAULT_ROLE", "CallLog", "CollectError", "CollectOptions", "Operation", "Progress", "collect_snapshot"]
