"""The snapshot: typed records of an organization's Bedrock-related resources.

It is the contract between `collect` (which fills it from AWS) and `checks` and `audit` (which
judge it): `records` are the resources, `document` the versioned file that holds them, and
`schema` (pydantic; not imported here) validates a document and writes its JSON Schema.
Standard library only, so the Config rule handlers can import it on a cold start.
"""

from bedrock_gov.snapshot.document import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, Collection, Snapshot
from bedrock_gov.snapshot.records import (
    INVOCATION_DATA_TYPES,
    AgentGuardrail,
    BedrockAgent,
    BucketEncryption,
    Collected,
    CustomModel,
    GroundingFilter,
    Guardrail,
    IamUser,
    IdentityPolicy,
    InvocationLogging,
    InvocationLoggingConfig,
    LambdaFunction,
    NotCollected,
    PrincipalPolicies,
    PromptAttackFilter,
    SensitiveInformationEntry,
    ServiceSpecificCredential,
)

__all__ = [
    "INVOCATION_DATA_TYPES",
    "SNAPSHOT_FORMAT",
    "SNAPSHOT_VERSION",
    "AgentGuardrail",
    "BedrockAgent",
    "BucketEncryption",
    "Collected",
    "Collection",
    "CustomModel",
    "GroundingFilter",
    "Guardrail",
    "IamUser",
    "IdentityPolicy",
    "InvocationLogging",
    "InvocationLoggingConfig",
    "LambdaFunction",
    "NotCollected",
    "PrincipalPolicies",
    "PromptAttackFilter",
    "SensitiveInformationEntry",
    "ServiceSpecificCredential",
    "Snapshot",
]
