"""The snapshot document: one organization, collected at one time, as a versioned JSON format.

`collect` writes it; `audit` reads it. Every section says whether it was collected and, if not,
why (`Collection`), so that a check on a section that could not be read answers UNKNOWN with that
reason instead of PASS. The records inside are those of `snapshot.records`, shared with the
Config rule handlers. Credentials are metadata only: no secret ever enters a snapshot.

Standard library only; `snapshot.schema` validates a document and writes its JSON Schema.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from bedrock_gov.snapshot.records import (
    BedrockAgent,
    CustomModel,
    Guardrail,
    IamUser,
    InvocationLoggingConfig,
    LambdaFunction,
    NotCollected,
    PrincipalPolicies,
)

SNAPSHOT_FORMAT = "bedrock-gov/snapshot"
SNAPSHOT_VERSION = 2
"""Bumped on any change a reader of an older version would misread."""

CollectionStatus = Literal[
    "collected", "access_denied", "region_disabled", "not_available", "throttled", "error", "skipped"
]
"""collected: read in full. access_denied: the call or the role assumption was refused.
region_disabled: an opt-in Region not enabled for the account. not_available: the API does not
exist where we called it (the emulator lacks it, or the Region lacks the service). throttled:
still throttled after every retry. error: any other failure. skipped: not asked for."""


class Collection(TypedDict):
    """Whether a section was collected, and if not, why (`reason` is required unless collected)."""

    status: CollectionStatus
    reason: NotRequired[str]
    not_collected: NotRequired[list[NotCollected]]
    """Resources seen but not read in full, when the section itself was collected."""


class PolicyDocument(TypedDict):
    """An Organizations policy (SCP or Bedrock policy) and where it is attached."""

    id: str
    name: str
    type: Literal["SERVICE_CONTROL_POLICY", "BEDROCK_POLICY"]
    aws_managed: bool
    content: str | None
    """The policy text exactly as Organizations returns it; None if it could not be read."""
    targets: list[str]
    """Root, OU and account IDs it is attached to directly."""


class OrganizationalUnit(TypedDict):
    id: str
    name: str
    parent_id: str


class Account(TypedDict):
    id: str
    name: str
    status: str
    parent_id: str
    """The OU or root the account sits in directly."""


class Organization(TypedDict):
    collection: Collection
    id: str | None
    management_account_id: str | None
    root_id: str | None
    units: list[OrganizationalUnit]
    accounts: list[Account]
    policies: list[PolicyDocument]


class ConfigRecorder(TypedDict):
    name: str
    recording: bool | None
    last_status: str | None
    all_supported: bool | None
    resource_types: list[str]


class DeliveryChannel(TypedDict):
    name: str
    s3_bucket: str | None
    sns_topic_arn: str | None
    last_status: str | None


class ConfigRule(TypedDict):
    name: str
    arn: str | None
    source_owner: str | None
    """AWS (managed rule) or CUSTOM_LAMBDA / CUSTOM_POLICY."""
    source_identifier: str | None
    state: str | None
    compliance: str | None
    """COMPLIANT, NON_COMPLIANT, INSUFFICIENT_DATA, NOT_APPLICABLE; None when compliance is unknown."""


class ConfigSection(TypedDict):
    collection: Collection
    recorders: list[ConfigRecorder]
    delivery_channels: list[DeliveryChannel]
    rules: list[ConfigRule]
    compliance: Collection
    """Compliance is read apart from the rules: the emulator lists rules but cannot say compliance."""


class Trail(TypedDict):
    name: str
    arn: str | None
    home_region: str | None
    multi_region: bool
    logging: bool | None


class CloudTrailSection(TypedDict):
    collection: Collection
    trails: list[Trail]


class LambdaSection(TypedDict):
    collection: Collection
    functions: list[LambdaFunction]


class EventTarget(TypedDict):
    id: str
    arn: str
    dead_letter_arn: str | None
    has_retry_policy: bool
    has_input_transformer: bool


class EventRule(TypedDict):
    name: str
    arn: str | None
    state: str | None
    event_pattern: str | None
    targets: list[EventTarget]


class EventsSection(TypedDict):
    collection: Collection
    rules: list[EventRule]


class Subscription(TypedDict):
    arn: str | None
    protocol: str | None
    pending_confirmation: bool


class Topic(TypedDict):
    arn: str
    policy: str | None
    kms_key_id: str | None
    subscriptions: list[Subscription]


class KmsKey(TypedDict):
    arn: str
    policy: str | None


class SnsSection(TypedDict):
    collection: Collection
    topics: list[Topic]
    keys: list[KmsKey]
    """The customer-managed keys the topics use, with their key policies."""


class InferenceProfile(TypedDict):
    id: str
    arn: str | None
    type: str | None


class BedrockSection(TypedDict):
    invocation_logging: InvocationLoggingConfig | None
    invocation_logging_collection: Collection
    guardrails: list[Guardrail]
    guardrails_collection: Collection
    agents: list[BedrockAgent]
    agents_collection: Collection
    inference_profiles: list[InferenceProfile]
    inference_profiles_collection: Collection
    custom_models: list[CustomModel]
    custom_models_collection: Collection


class PrincipalsSection(TypedDict):
    """IAM principals read with their identity policies; `not_collected` names those that could not be."""

    collection: Collection
    principals: list[PrincipalPolicies]


class Vpc(TypedDict):
    id: str
    in_use: bool
    """Whether any network interface sits in the VPC."""


class VpcEndpoint(TypedDict):
    id: str
    vpc_id: str | None
    service_name: str | None
    state: str | None


class NetworkSection(TypedDict):
    """The Region's VPCs and VPC endpoints (DescribeVpcs, DescribeVpcEndpoints, DescribeNetworkInterfaces)."""

    collection: Collection
    vpcs: list[Vpc]
    endpoints: list[VpcEndpoint]


class RegionSnapshot(TypedDict):
    region: str
    collection: Collection
    config: ConfigSection
    cloudtrail: CloudTrailSection
    lambda_functions: LambdaSection
    events: EventsSection
    sns: SnsSection
    bedrock: BedrockSection
    agent_roles: PrincipalsSection
    """The execution roles of the Region's Bedrock agents."""
    network: NetworkSection


class FullAccessAttachments(TypedDict):
    """Who has the AWS managed AmazonBedrockFullAccess policy attached (ListEntitiesForPolicy)."""

    collection: Collection
    users: list[str]
    groups: list[str]
    roles: list[str]


class IamSection(TypedDict):
    collection: Collection
    users: list[IamUser]
    bedrock_full_access: FullAccessAttachments
    api_key_users: PrincipalsSection
    """The users holding Bedrock API keys (service-specific credentials), with their policies."""


class AccountSnapshot(TypedDict):
    account_id: str
    collection: Collection
    """Whether the member role could be assumed at all."""
    iam: IamSection
    regions: list[RegionSnapshot]


class Collector(TypedDict):
    tool_version: str
    path: Literal["per-account", "aggregator"]
    """per-account: every account and Region was called. aggregator: inventory came from an
    organization Config aggregator's advanced queries."""
    regions: list[str]
    member_role: str
    api_calls: int
    """API calls made (retries not counted)."""
    aggregator: NotRequired[Collection]
    """Present when an organization aggregator was found: collected (the aggregator path was
    used), or why its queries could not serve (then the per-account path was)."""


class Snapshot(TypedDict):
    format: str
    version: int
    collected_at: str
    """ISO 8601 UTC time the collection started."""
    collector: Collector
    organization: Organization
    accounts: list[AccountSnapshot]
