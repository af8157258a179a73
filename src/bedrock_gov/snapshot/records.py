"""The typed records a snapshot holds: what `collect` reads from AWS and what `checks` judge.

TypedDicts, not pydantic models: the Config rule handlers import these on a cold start that must
stay short, and pydantic can still validate them (TypeAdapter) and describe them (JSON Schema).
A key marked NotRequired is left out when it was not read (a Config item without configuration,
a lookup not made); a check then says it could not check instead of guessing.
Credentials are metadata only: no secret, password or service user name is ever recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, NotRequired, TypedDict, TypeVar

INVOCATION_DATA_TYPES = ("Text", "Image", "Embedding", "Video", "Audio")
"""The data types model invocation logging can deliver, as the logging parameters name them."""


class NotCollected(TypedDict):
    """A resource (or a whole read, with an empty id) that could not be collected, and why."""

    resource_type: str
    resource_id: str
    reason: str


R = TypeVar("R")


class Collected(TypedDict, Generic[R]):
    """What a lister read: the records, plus the resources it saw but could not read in full."""

    records: list[R]
    not_collected: list[NotCollected]


class LambdaFunction(TypedDict):
    """A Lambda function; the subnet and security group lists are absent if its configuration is unknown."""

    name: str
    arn: str | None
    tags: dict[str, str]
    subnet_ids: NotRequired[list[str]]
    security_group_ids: NotRequired[list[str]]


class ServiceSpecificCredential(TypedDict):
    """An IAM service-specific credential (a long-term Bedrock API key is one): metadata only."""

    id: str | None
    service_name: str | None
    status: str | None
    create_date: datetime | None
    expiration_date: datetime | None
    """None: the credential never expires."""


class IamUser(TypedDict):
    """An IAM user with its service-specific credentials."""

    name: str | None
    id: str | None
    service_specific_credentials: list[ServiceSpecificCredential]


class AgentGuardrail(TypedDict):
    """The guardrail an agent names: an id or ARN, and a version number or DRAFT."""

    identifier: str | None
    version: str | None


class BedrockAgent(TypedDict):
    """A Bedrock agent, the guardrail attached to it (None: none attached) and its execution role
    (None: not known, e.g. a ListAgents summary, which does not carry it)."""

    id: str
    name: str | None
    guardrail: AgentGuardrail | None
    agent_role_arn: str | None


class PromptAttackFilter(TypedDict):
    """A guardrail's PROMPT_ATTACK content filter, on the input side."""

    input_strength: str | None
    input_enabled: bool
    input_action: str | None


class SensitiveInformationEntry(TypedDict):
    """One PII entity type or regex of a guardrail's sensitive-information policy and what it does
    (BLOCK, ANONYMIZE or NONE, on input and output; None where the configuration omits it)."""

    name: str
    action: str | None
    input_action: str | None
    output_action: str | None
    input_enabled: bool
    output_enabled: bool


class GroundingFilter(TypedDict):
    """A contextual-grounding filter (GROUNDING or RELEVANCE); None where the configuration omits it."""

    type: str
    threshold: float | None
    action: str | None
    enabled: bool | None


class Guardrail(TypedDict):
    """A Bedrock guardrail. A policy field None: the guardrail has no such policy; absent: its
    configuration is unknown."""

    id: str
    prompt_attack_filter: NotRequired[PromptAttackFilter | None]
    sensitive_information: NotRequired[list[SensitiveInformationEntry] | None]
    contextual_grounding: NotRequired[list[GroundingFilter] | None]


class CustomModel(TypedDict):
    """A fine-tuned or continued-pre-training model, and the KMS key its weights are encrypted with
    (None: an AWS owned key)."""

    arn: str
    name: str | None
    kms_key_arn: str | None


class InvocationLogging(TypedDict):
    """Where model invocation logging delivers, and which data types."""

    s3_bucket: str | None
    log_group: str | None
    data_types: list[str]


class BucketEncryption(TypedDict):
    """An S3 bucket's default encryption (algorithm None: no default encryption)."""

    algorithm: str | None
    kms_key_id: str | None


class InvocationLoggingConfig(TypedDict):
    """Model invocation logging in one account and Region (`logging` None: not configured),
    with the encryption of its destinations when it was looked up."""

    account_id: str
    region: str | None
    logging: InvocationLogging | None
    s3_bucket_encryption: NotRequired[BucketEncryption | None]
    log_group_kms_key_id: NotRequired[str | None]


class IdentityPolicy(TypedDict):
    """An identity policy that applies to an IAM user or role: attached (managed) or inline, its own
    or through one of its groups. The document is the policy JSON; None when it could not be read."""

    name: str
    arn: str | None
    """The managed policy's ARN; None for an inline policy."""
    group: str | None
    """The group it applies through; None: attached to the principal itself."""
    document: str | None
    reason: NotRequired[str]
    """Why the document is None."""


class PrincipalPolicies(TypedDict):
    """An IAM user or role with every identity policy that applies to it."""

    arn: str
    name: str
    permissions_boundary_arn: str | None
    policies: list[IdentityPolicy]
