"""The snapshot: typed records of an organization's Bedrock-related resources.

It is the contract between `collect` (which fills it from AWS) and `checks` (which judge it).
Standard library only, so the Config rule handlers can import it on a cold start.
"""

from bedrock_gov.snapshot.records import (
    INVOCATION_DATA_TYPES,
    AgentGuardrail,
    BedrockAgent,
    BucketEncryption,
    Collected,
    Guardrail,
    IamUser,
    InvocationLogging,
    InvocationLoggingConfig,
    LambdaFunction,
    NotCollected,
    PromptAttackFilter,
    ServiceSpecificCredential,
)

__all__ = [
    "INVOCATION_DATA_TYPES",
    "AgentGuardrail",
    "BedrockAgent",
    "BucketEncryption",
    "Collected",
    "Guardrail",
    "IamUser",
    "InvocationLogging",
    "InvocationLoggingConfig",
    "LambdaFunction",
    "NotCollected",
    "PromptAttackFilter",
    "ServiceSpecificCredential",
]
