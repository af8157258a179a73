"""What AWS publishes and we rely on: IAM actions, Bedrock resource shapes, SCP limits.

Plain data and pure lookups; it imports nothing from the rest of the project.
"""

from bedrock_gov.catalog.limits import CURRENT, LEGACY, ScpLimits, limits_named

__all__ = ["CURRENT", "LEGACY", "ScpLimits", "limits_named"]
