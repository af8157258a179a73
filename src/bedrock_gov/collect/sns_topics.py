"""SNS topics with their policies, encryption keys and subscriptions, and the key policies of the
customer-managed KMS keys those topics use (ListTopics, GetTopicAttributes,
ListSubscriptionsByTopic, DescribeKey, GetKeyPolicy)."""

from __future__ import annotations

from typing import Any

from bedrock_gov.collect.aws_calls import ClientFactory, call, pages
from bedrock_gov.snapshot.document import KmsKey, Subscription, Topic

PENDING = "PendingConfirmation"
"""The SubscriptionArn AWS lists for a subscription nobody has confirmed yet."""


def subscription_record(entry: dict[str, Any]) -> Subscription:
    arn = entry.get("SubscriptionArn")
    pending = arn == PENDING
    return Subscription(
        arn=arn if isinstance(arn, str) and not pending else None,
        protocol=entry.get("Protocol") if isinstance(entry.get("Protocol"), str) else None,
        pending_confirmation=pending,
    )


def _topic(sns: Any, arn: str) -> Topic:
    attributes = call(sns.get_topic_attributes, TopicArn=arn).get("Attributes") or {}
    policy, key = attributes.get("Policy"), attributes.get("KmsMasterKeyId")
    subscriptions = [
        subscription_record(entry)
        for page in pages(sns.list_subscriptions_by_topic, "NextToken", "NextToken", TopicArn=arn)
        for entry in page.get("Subscriptions") or []
    ]
    return Topic(
        arn=arn,
        policy=policy if isinstance(policy, str) and policy else None,
        kms_key_id=key if isinstance(key, str) and key else None,
        subscriptions=subscriptions,
    )


def _customer_key(kms: Any, key_id: str) -> KmsKey | None:
    """The key with its policy, or None for an AWS-managed key (`alias/aws/sns`), whose policy is AWS's."""
    metadata = call(kms.describe_key, KeyId=key_id).get("KeyMetadata") or {}
    if metadata.get("KeyManager") != "CUSTOMER":
        return None
    arn = str(metadata.get("Arn") or key_id)
    policy = call(kms.get_key_policy, KeyId=arn, PolicyName="default").get("Policy")
    return KmsKey(arn=arn, policy=policy if isinstance(policy, str) else None)


def list_topics(clients: ClientFactory) -> tuple[list[Topic], list[KmsKey]]:
    sns = clients("sns")
    topics = [
        _topic(sns, str(entry.get("TopicArn")))
        for page in pages(sns.list_topics, "NextToken", "NextToken")
        for entry in page.get("Topics") or []
    ]
    keys: dict[str, KmsKey] = {}
    for key_id in sorted({topic["kms_key_id"] for topic in topics if topic["kms_key_id"]}):
        key = _customer_key(clients("kms"), key_id)
        if key is not None:
            keys[key["arn"]] = key
    return topics, list(keys.values())
