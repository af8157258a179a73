"""One account in one Region: every section of `RegionSnapshot`, each with its collection status.
A section that cannot be read says why; it never stops the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bedrock_gov.collect.agent_roles import read_agent_roles
from bedrock_gov.collect.aws_calls import ClientFactory
from bedrock_gov.collect.bedrock import (
    list_agents,
    list_custom_models,
    list_inference_profiles,
    read_invocation_logging,
)
from bedrock_gov.collect.cloudtrail import list_trails
from bedrock_gov.collect.config_service import empty_config_section, read_config, rule_compliance
from bedrock_gov.collect.eventbridge import list_rules
from bedrock_gov.collect.guardrails import list_guardrails
from bedrock_gov.collect.iam_credentials import list_users
from bedrock_gov.collect.identity_policies import USER_TYPE, PolicyReader, full_access_attachments, read_principals
from bedrock_gov.collect.lambda_functions import list_functions
from bedrock_gov.collect.network import read_network
from bedrock_gov.collect.sns_topics import list_topics
from bedrock_gov.collect.status import COLLECTED, read, read_list
from bedrock_gov.snapshot import Collection, LambdaFunction, NotCollected, PrincipalPolicies
from bedrock_gov.snapshot.document import (
    BedrockSection,
    CloudTrailSection,
    ConfigSection,
    EventsSection,
    FullAccessAttachments,
    IamSection,
    LambdaSection,
    NetworkSection,
    PrincipalsSection,
    RegionSnapshot,
    SnsSection,
)

BEDROCK_SERVICE = "bedrock.amazonaws.com"
"""The service whose service-specific credentials are long-term Bedrock API keys."""
LAMBDA_TYPE = "AWS::Lambda::Function"


@dataclass
class Aggregated:
    """What the organization's Config aggregator returned for one account and Region."""

    functions: list[LambdaFunction] = field(default_factory=list)
    compliance: dict[str, str] | None = None
    """Rule name -> compliance type; None: the aggregator holds none for this account and Region."""


def failed_region(region: str, collection: Collection) -> RegionSnapshot:
    """A Region none of whose sections could be read, each saying why."""
    return RegionSnapshot(
        region=region,
        collection=collection,
        config=empty_config_section(collection),
        cloudtrail=CloudTrailSection(collection=collection, trails=[]),
        lambda_functions=LambdaSection(collection=collection, functions=[]),
        events=EventsSection(collection=collection, rules=[]),
        sns=SnsSection(collection=collection, topics=[], keys=[]),
        bedrock=BedrockSection(
            invocation_logging=None,
            invocation_logging_collection=collection,
            guardrails=[],
            guardrails_collection=collection,
            agents=[],
            agents_collection=collection,
            inference_profiles=[],
            inference_profiles_collection=collection,
            custom_models=[],
            custom_models_collection=collection,
        ),
        agent_roles=PrincipalsSection(collection=collection, principals=[]),
        network=NetworkSection(collection=collection, vpcs=[], endpoints=[]),
    )


def _aggregated_functions(config: ConfigSection, aggregated: Aggregated | None) -> list[LambdaFunction] | None:
    """The aggregator's Lambda inventory, where it can stand for this Region: only where a recorder
    is on and records Lambda functions; elsewhere the aggregator is silent, not empty."""
    if aggregated is None:
        return None
    recorded = any(
        recorder["recording"] and (recorder["all_supported"] or LAMBDA_TYPE in recorder["resource_types"])
        for recorder in config["recorders"]
    )
    return aggregated.functions if recorded else None


def _lambda_section(clients: ClientFactory, config: ConfigSection, aggregated: Aggregated | None) -> LambdaSection:
    functions = _aggregated_functions(config, aggregated)
    if functions is not None:
        return LambdaSection(collection=COLLECTED, functions=functions)
    collected, collection = read(lambda: list_functions(clients))
    if collected is None:
        return LambdaSection(collection=collection, functions=[])
    missed = collected["not_collected"]
    return LambdaSection(
        collection=Collection(status="collected", not_collected=missed) if missed else COLLECTED,
        functions=collected["records"],
    )


def _bedrock_section(clients: ClientFactory, once: ClientFactory, account_id: str) -> BedrockSection:
    logging, logging_status = read(lambda: read_invocation_logging(clients, account_id, with_encryption=False))
    guardrails, guardrails_status = read_list(lambda: list_guardrails(once))
    agents, agents_status = read_list(lambda: list_agents(clients)["records"])
    profiles, profiles_status = read_list(lambda: list_inference_profiles(once))
    models, models_status = read(lambda: list_custom_models(clients))
    if models and models["not_collected"]:
        models_status = Collection(status="collected", not_collected=models["not_collected"])
    return BedrockSection(
        invocation_logging=logging["records"][0] if logging else None,
        invocation_logging_collection=logging_status,
        guardrails=guardrails,
        guardrails_collection=guardrails_status,
        agents=agents,
        agents_collection=agents_status,
        inference_profiles=profiles,
        inference_profiles_collection=profiles_status,
        custom_models=models["records"] if models else [],
        custom_models_collection=models_status,
    )


def _with_missed(principals: list[PrincipalPolicies], missed: list[NotCollected]) -> PrincipalsSection:
    collection = Collection(status="collected", not_collected=missed) if missed else COLLECTED
    return PrincipalsSection(collection=collection, principals=principals)


def _agent_roles(clients: ClientFactory, bedrock: BedrockSection) -> PrincipalsSection:
    """The execution roles of the agents listed; not collected when the agents were not."""
    if bedrock["agents_collection"]["status"] != "collected":
        return PrincipalsSection(collection=bedrock["agents_collection"], principals=[])
    found, collection = read(lambda: read_agent_roles(clients, bedrock["agents"]))
    if found is None:
        return PrincipalsSection(collection=collection, principals=[])
    return _with_missed(*found)


def collect_region(
    clients: ClientFactory, once: ClientFactory, account_id: str, region: str, aggregated: Aggregated | None
) -> RegionSnapshot:
    """Every section for `account_id` in `region`. `once` makes single-attempt clients for the APIs
    a Region or the emulator may lack; `aggregated` is the aggregator's share, if it was used."""
    compliance: Callable[[], dict[str, str]] = lambda: rule_compliance(once)  # noqa: E731
    if aggregated is not None and aggregated.compliance is not None:
        known = aggregated.compliance
        compliance = lambda: known  # noqa: E731
    config = read_config(clients, compliance)
    if config["collection"]["status"] == "region_disabled":
        return failed_region(region, config["collection"])
    trails, trails_status = read_list(lambda: list_trails(clients))
    rules, rules_status = read_list(lambda: list_rules(clients))
    found, sns_status = read(lambda: list_topics(clients))
    topics, keys = found or ([], [])
    bedrock = _bedrock_section(clients, once, account_id)
    network, network_status = read(lambda: read_network(clients))
    vpcs, endpoints = network or ([], [])
    return RegionSnapshot(
        region=region,
        collection=COLLECTED,
        config=config,
        cloudtrail=CloudTrailSection(collection=trails_status, trails=trails),
        lambda_functions=_lambda_section(clients, config, aggregated),
        events=EventsSection(collection=rules_status, rules=rules),
        sns=SnsSection(collection=sns_status, topics=topics, keys=keys),
        bedrock=bedrock,
        agent_roles=_agent_roles(clients, bedrock),
        network=NetworkSection(collection=network_status, vpcs=vpcs, endpoints=endpoints),
    )


def empty_iam_section(collection: Collection) -> IamSection:
    """An IAM section none of whose parts could be read, each saying why."""
    return IamSection(
        collection=collection,
        users=[],
        bedrock_full_access=FullAccessAttachments(collection=collection, users=[], groups=[], roles=[]),
        api_key_users=PrincipalsSection(collection=collection, principals=[]),
    )


def collect_iam(clients: ClientFactory, once: ClientFactory, partition: str) -> IamSection:
    """IAM users with their Bedrock service-specific credentials (metadata only), who has
    AmazonBedrockFullAccess attached, and the policies of the users holding Bedrock API keys (IAM
    is global). `once` makes single-attempt clients, for ListServiceSpecificCredentials, which the
    emulator lacks."""
    users, collection = read_list(lambda: list_users(once, BEDROCK_SERVICE)["records"])
    attached, attached_status = read(lambda: full_access_attachments(clients, partition))
    holders = [user["name"] for user in users if user["service_specific_credentials"] and user["name"]]
    if collection["status"] != "collected":
        api_key_users = PrincipalsSection(collection=collection, principals=[])
    else:
        found, read_status = read(lambda: read_principals(holders, PolicyReader(clients).user, USER_TYPE))
        api_key_users = (
            _with_missed(*found) if found is not None else PrincipalsSection(collection=read_status, principals=[])
        )
    attached_users, attached_groups, attached_roles = attached or ([], [], [])
    return IamSection(
        collection=collection,
        users=users,
        bedrock_full_access=FullAccessAttachments(
            collection=attached_status, users=attached_users, groups=attached_groups, roles=attached_roles
        ),
        api_key_users=api_key_users,
    )
