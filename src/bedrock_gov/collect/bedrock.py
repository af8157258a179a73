"""Amazon Bedrock: agents with their guardrails (ListAgents), model invocation logging
(GetModelInvocationLoggingConfiguration, with its destinations' encryption when asked), inference
profiles (ListInferenceProfiles) and custom models with their KMS key (ListCustomModels,
GetCustomModel)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bedrock_gov.collect import destination_encryption
from bedrock_gov.collect.api_values import optional_text
from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call, pages
from bedrock_gov.snapshot import (
    INVOCATION_DATA_TYPES,
    AgentGuardrail,
    BedrockAgent,
    Collected,
    CustomModel,
    InvocationLogging,
    InvocationLoggingConfig,
    NotCollected,
)
from bedrock_gov.snapshot.document import InferenceProfile

ACCOUNT_RESOURCE_TYPE = "AWS::::Account"


def agent_record(summary: Mapping[str, Any]) -> BedrockAgent:
    """A ListAgents summary (or GetAgent answer, the only one naming the execution role) as a record."""
    config = summary.get("guardrailConfiguration")
    guardrail = None
    if isinstance(config, Mapping):
        guardrail = AgentGuardrail(
            identifier=optional_text(config.get("guardrailIdentifier")),
            version=optional_text(config.get("guardrailVersion")),
        )
    return BedrockAgent(
        id=str(summary.get("agentId") or ""),
        name=optional_text(summary.get("agentName")),
        guardrail=guardrail,
        agent_role_arn=optional_text(summary.get("agentResourceRoleArn")),
    )


def list_agents(clients: ClientFactory) -> Collected[BedrockAgent]:
    """Every agent in the Region; ListAgents summaries carry the guardrail configuration."""
    agents = clients("bedrock-agent")
    records: list[BedrockAgent] = []
    for page in pages(agents.list_agents, "nextToken", "nextToken", maxResults=100):
        for summary in page.get("agentSummaries") or []:
            if isinstance(summary.get("agentId"), str) and summary["agentId"]:
                records.append(agent_record(summary))
    return Collected[BedrockAgent](records=records, not_collected=[])


def logging_record(api_config: object) -> InvocationLogging | None:
    """A `loggingConfig` as GetModelInvocationLoggingConfiguration returns it, as a record."""
    if not isinstance(api_config, Mapping):
        return None
    s3, cloudwatch = api_config.get("s3Config"), api_config.get("cloudWatchConfig")
    bucket = s3.get("bucketName") if isinstance(s3, Mapping) else None
    group = cloudwatch.get("logGroupName") if isinstance(cloudwatch, Mapping) else None
    return InvocationLogging(
        s3_bucket=bucket if isinstance(bucket, str) and bucket else None,
        log_group=group if isinstance(group, str) and group else None,
        data_types=[
            kind for kind in INVOCATION_DATA_TYPES if api_config.get(f"{kind.lower()}DataDeliveryEnabled") is True
        ],
    )


def read_invocation_logging(
    clients: ClientFactory, account_id: str, with_encryption: bool
) -> Collected[InvocationLoggingConfig]:
    """This account's logging in the client's Region; with `with_encryption`, its destinations' keys too.

    The logging read itself failing raises CannotCheck; a failed encryption lookup is reported as
    not collected, so no verdict is made on half the facts.
    """
    bedrock = clients("bedrock")
    api_config = call(bedrock.get_model_invocation_logging_configuration).get("loggingConfig")
    record = InvocationLoggingConfig(
        account_id=account_id,
        region=getattr(getattr(bedrock, "meta", None), "region_name", None),
        logging=logging_record(api_config),
    )
    logging = record["logging"]
    if with_encryption and logging is not None:
        try:
            if logging["s3_bucket"]:
                record["s3_bucket_encryption"] = destination_encryption.bucket_encryption(clients, logging["s3_bucket"])
            if logging["log_group"]:
                record["log_group_kms_key_id"] = destination_encryption.log_group_kms_key(clients, logging["log_group"])
        except CannotCheck as error:
            reason = f"reading destination encryption: {error}"
            missed = NotCollected(resource_type=ACCOUNT_RESOURCE_TYPE, resource_id=account_id, reason=reason)
            return Collected[InvocationLoggingConfig](records=[], not_collected=[missed])
    return Collected[InvocationLoggingConfig](records=[record], not_collected=[])


def list_inference_profiles(clients: ClientFactory) -> list[InferenceProfile]:
    """Every inference profile in the Region, system-defined and application (ListInferenceProfiles)."""
    profiles: list[InferenceProfile] = []
    for page in pages(clients("bedrock").list_inference_profiles, "nextToken", "nextToken", maxResults=1000):
        for summary in page.get("inferenceProfileSummaries") or []:
            profiles.append(
                InferenceProfile(
                    id=str(summary.get("inferenceProfileId")),
                    arn=optional_text(summary.get("inferenceProfileArn")),
                    type=optional_text(summary.get("type")),
                )
            )
    return profiles


CUSTOM_MODEL_TYPE = "AWS::Bedrock::CustomModel"


def list_custom_models(clients: ClientFactory) -> Collected[CustomModel]:
    """Every custom model in the Region with its KMS key (only GetCustomModel names the key); a model
    whose details cannot be read is listed as not collected, with the reason."""
    bedrock = clients("bedrock")
    records: list[CustomModel] = []
    missed: list[NotCollected] = []
    for page in pages(bedrock.list_custom_models, "nextToken", "nextToken", maxResults=1000):
        for summary in page.get("modelSummaries") or []:
            arn = summary.get("modelArn")
            if not isinstance(arn, str) or not arn:
                continue
            try:
                detail = call(bedrock.get_custom_model, modelIdentifier=arn)
            except CannotCheck as error:
                missed.append(NotCollected(resource_type=CUSTOM_MODEL_TYPE, resource_id=arn, reason=str(error)))
                continue
            records.append(
                CustomModel(
                    arn=arn,
                    name=optional_text(summary.get("modelName")),
                    kms_key_arn=optional_text(detail.get("modelKmsKeyArn")),
                )
            )
    return Collected[CustomModel](records=records, not_collected=missed)
