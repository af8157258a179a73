"""AWS Config in one account and Region: recorders and their status, delivery channels and their
status, rules, and the rules' compliance (read apart: it may be unavailable when rules are not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bedrock_gov.collect.api_values import optional_text, strings
from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call, pages
from bedrock_gov.collect.status import COLLECTED, failure
from bedrock_gov.snapshot import Collection, NotCollected
from bedrock_gov.snapshot.document import ConfigRecorder, ConfigRule, ConfigSection, DeliveryChannel

RECORDER_TYPE = "AWS::Config::ConfigurationRecorder"
CHANNEL_TYPE = "AWS::Config::DeliveryChannel"


def _statuses(operation: Any, key: str, missed: list[NotCollected], resource_type: str) -> dict[str, dict[str, Any]]:
    """Name -> status entry; a status call that fails is reported, and the statuses read as unknown."""
    try:
        entries = call(operation).get(key) or []
    except CannotCheck as error:
        missed.append(
            NotCollected(resource_type=resource_type, resource_id="", reason=str(failure(error).get("reason")))
        )
        return {}
    return {str(entry.get("name")): entry for entry in entries}


def _recorders(config: Any, missed: list[NotCollected]) -> list[ConfigRecorder]:
    described = call(config.describe_configuration_recorders).get("ConfigurationRecorders") or []
    if not described:
        return []
    status = _statuses(
        config.describe_configuration_recorder_status, "ConfigurationRecordersStatus", missed, RECORDER_TYPE
    )
    recorders: list[ConfigRecorder] = []
    for entry in described:
        name = str(entry.get("name"))
        group = entry.get("recordingGroup") or {}
        state = status.get(name, {})
        recording = state.get("recording")
        recorders.append(
            ConfigRecorder(
                name=name,
                recording=recording if isinstance(recording, bool) else None,
                last_status=optional_text(state.get("lastStatus")),
                all_supported=group.get("allSupported") if isinstance(group.get("allSupported"), bool) else None,
                resource_types=strings(group.get("resourceTypes")),
            )
        )
    return recorders


def _channels(config: Any, missed: list[NotCollected]) -> list[DeliveryChannel]:
    described = call(config.describe_delivery_channels).get("DeliveryChannels") or []
    if not described:
        return []
    status = _statuses(config.describe_delivery_channel_status, "DeliveryChannelsStatus", missed, CHANNEL_TYPE)
    channels: list[DeliveryChannel] = []
    for entry in described:
        name = str(entry.get("name"))
        delivery = status.get(name, {}).get("configHistoryDeliveryInfo") or {}
        channels.append(
            DeliveryChannel(
                name=name,
                s3_bucket=optional_text(entry.get("s3BucketName")),
                sns_topic_arn=optional_text(entry.get("snsTopicARN")),
                last_status=optional_text(delivery.get("lastStatus")),
            )
        )
    return channels


def _rules(config: Any) -> list[ConfigRule]:
    rules: list[ConfigRule] = []
    for page in pages(config.describe_config_rules, "NextToken", "NextToken"):
        for entry in page.get("ConfigRules") or []:
            source = entry.get("Source") or {}
            rules.append(
                ConfigRule(
                    name=str(entry.get("ConfigRuleName")),
                    arn=optional_text(entry.get("ConfigRuleArn")),
                    source_owner=optional_text(source.get("Owner")),
                    source_identifier=optional_text(source.get("SourceIdentifier")),
                    state=optional_text(entry.get("ConfigRuleState")),
                    compliance=None,
                )
            )
    return rules


def rule_compliance(clients: ClientFactory) -> dict[str, str]:
    """Rule name -> COMPLIANT / NON_COMPLIANT / INSUFFICIENT_DATA / NOT_APPLICABLE (DescribeComplianceByConfigRule)."""
    compliance: dict[str, str] = {}
    for page in pages(clients("config").describe_compliance_by_config_rule, "NextToken", "NextToken"):
        for entry in page.get("ComplianceByConfigRules") or []:
            kind = (entry.get("Compliance") or {}).get("ComplianceType")
            if isinstance(kind, str):
                compliance[str(entry.get("ConfigRuleName"))] = kind
    return compliance


def empty_config_section(collection: Collection) -> ConfigSection:
    return ConfigSection(collection=collection, recorders=[], delivery_channels=[], rules=[], compliance=collection)


def read_config(clients: ClientFactory, compliance: Callable[[], dict[str, str]]) -> ConfigSection:
    """The Config section; `compliance` reads rule name -> compliance type (from this account, see
    `rule_compliance`, or from the organization's aggregator) and may raise CannotCheck."""
    config = clients("config")
    missed: list[NotCollected] = []
    try:
        recorders = _recorders(config, missed)
        channels = _channels(config, missed)
        rules = _rules(config)
    except CannotCheck as error:
        return empty_config_section(failure(error))
    compliance_status = COLLECTED
    if rules:
        try:
            by_rule = compliance()
        except CannotCheck as error:
            compliance_status = failure(error)
        else:
            for rule in rules:
                rule["compliance"] = by_rule.get(rule["name"])
    collection = Collection(status="collected", not_collected=missed) if missed else COLLECTED
    return ConfigSection(
        collection=collection,
        recorders=recorders,
        delivery_channels=channels,
        rules=rules,
        compliance=compliance_status,
    )
