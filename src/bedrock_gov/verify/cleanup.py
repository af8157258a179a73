"""Deleting what a run created: idempotent, and only resources carrying the run tag.

A resource is entered in the `Ledger` before the call that creates it, so an interruption between
the call and its answer still leaves it to clean up. Each deleter first reads the resource's tags:
absent means already gone, a missing or different `bedrock-gov:verify` tag means not ours (left
alone, reported). `run_id=None` accepts any run (the sweep).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from bedrock_gov.collect.aws_calls import ClientFactory, error_code
from bedrock_gov.verify.context import TAG_KEY

ABSENT_CODES = frozenset(
    {
        "NoSuchEntity",
        "ResourceNotFoundException",
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        "NotFound",
    }
)

Kind = Literal["iam-user", "iam-role", "lambda-function", "sqs-queue", "sns-subscription"]


class Outcome(StrEnum):
    DELETED = "deleted"
    ABSENT = "already gone"
    NOT_OURS = "left alone: not tagged by this run"


@dataclass(frozen=True)
class Resource:
    """`name`: the user, role, function or queue name; for a subscription, the queue ARN (its endpoint)."""

    kind: Kind
    name: str


def is_absent(error: BaseException) -> bool:
    return error_code(error) in ABSENT_CODES


def _ours(tags: dict[str, str], run_id: str | None) -> bool:
    value = tags.get(TAG_KEY)
    return value is not None and (run_id is None or value == run_id)


def _tag_dict(pairs: list[dict[str, str]]) -> dict[str, str]:
    return {pair["Key"]: pair["Value"] for pair in pairs}


def _iam_user(clients: ClientFactory, name: str, run_id: str | None) -> Outcome:
    iam = clients("iam")
    if not _ours(_tag_dict(iam.list_user_tags(UserName=name)["Tags"]), run_id):
        return Outcome.NOT_OURS
    for credential in iam.list_service_specific_credentials(UserName=name)["ServiceSpecificCredentials"]:
        iam.delete_service_specific_credential(
            UserName=name, ServiceSpecificCredentialId=credential["ServiceSpecificCredentialId"]
        )
    # Creating a Bedrock API key attaches AmazonBedrockLimitedAccess to the user.
    for policy in iam.list_attached_user_policies(UserName=name)["AttachedPolicies"]:
        iam.detach_user_policy(UserName=name, PolicyArn=policy["PolicyArn"])
    iam.delete_user(UserName=name)
    return Outcome.DELETED


def _iam_role(clients: ClientFactory, name: str, run_id: str | None) -> Outcome:
    iam = clients("iam")
    if not _ours(_tag_dict(iam.list_role_tags(RoleName=name)["Tags"]), run_id):
        return Outcome.NOT_OURS
    iam.delete_role(RoleName=name)
    return Outcome.DELETED


def _lambda_function(clients: ClientFactory, name: str, run_id: str | None) -> Outcome:
    functions = clients("lambda")
    if not _ours(functions.get_function(FunctionName=name).get("Tags", {}), run_id):
        return Outcome.NOT_OURS
    functions.delete_function(FunctionName=name)
    return Outcome.DELETED


def _sqs_queue(clients: ClientFactory, name: str, run_id: str | None) -> Outcome:
    sqs = clients("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    if not _ours(sqs.list_queue_tags(QueueUrl=url).get("Tags", {}), run_id):
        return Outcome.NOT_OURS
    sqs.delete_queue(QueueUrl=url)
    return Outcome.DELETED


def subscriptions_to(clients: ClientFactory, topic_arn: str) -> list[dict[str, Any]]:
    """Every subscription of the topic (ListSubscriptionsByTopic, all pages)."""
    sns = clients("sns")
    found: list[dict[str, Any]] = []
    kwargs: dict[str, str] = {"TopicArn": topic_arn}
    while True:
        page = sns.list_subscriptions_by_topic(**kwargs)
        found.extend(page.get("Subscriptions", []))
        if not page.get("NextToken"):
            return found
        kwargs["NextToken"] = page["NextToken"]


def unsubscribe_queue(clients: ClientFactory, topic_arn: str, queue_arn: str) -> Outcome:
    """Remove the topic's subscriptions whose endpoint is `queue_arn` (a queue this tool created)."""
    mine = [
        sub["SubscriptionArn"]
        for sub in subscriptions_to(clients, topic_arn)
        if sub.get("Protocol") == "sqs"
        and sub.get("Endpoint") == queue_arn
        and sub["SubscriptionArn"].startswith("arn:")
    ]
    for arn in mine:
        clients("sns").unsubscribe(SubscriptionArn=arn)
    return Outcome.DELETED if mine else Outcome.ABSENT


CLEANUP_CALLS: dict[Kind, tuple[str, ...]] = {
    "iam-user": (
        "iam ListUserTags",
        "iam ListServiceSpecificCredentials",
        "iam DeleteServiceSpecificCredential",
        "iam ListAttachedUserPolicies",
        "iam DetachUserPolicy",
        "iam DeleteUser",
    ),
    "iam-role": ("iam ListRoleTags", "iam DeleteRole"),
    "lambda-function": ("lambda GetFunction", "lambda DeleteFunction"),
    "sqs-queue": ("sqs GetQueueUrl", "sqs ListQueueTags", "sqs DeleteQueue"),
    "sns-subscription": ("sns ListSubscriptionsByTopic", "sns Unsubscribe"),
}
"""The calls deleting each kind may make (`--plan` prints them)."""

DELETERS: dict[Kind, Callable[[ClientFactory, str, str | None], Outcome]] = {
    "iam-user": _iam_user,
    "iam-role": _iam_role,
    "lambda-function": _lambda_function,
    "sqs-queue": _sqs_queue,
}


def delete(clients: ClientFactory, resource: Resource, run_id: str | None, topic_arn: str) -> Outcome:
    """Delete one resource if it is ours; absent counts as done (idempotent)."""
    try:
        if resource.kind == "sns-subscription":
            return unsubscribe_queue(clients, topic_arn, resource.name)
        return DELETERS[resource.kind](clients, resource.name, run_id)
    except Exception as error:
        if is_absent(error):
            return Outcome.ABSENT
        raise


@dataclass
class Ledger:
    """What this run may have created, in creation order; `cleanup` removes it newest first."""

    clients: ClientFactory
    run_id: str
    topic_arn: str
    entries: list[Resource]

    def add(self, kind: Kind, name: str) -> Resource:
        resource = Resource(kind, name)
        self.entries.append(resource)
        return resource

    def cleanup(self) -> list[str]:
        """Delete everything entered; one line per resource. Errors are reported, not raised."""
        lines: list[str] = []
        for resource in reversed(list(self.entries)):
            try:
                outcome = delete(self.clients, resource, self.run_id, self.topic_arn)
            except Exception as error:
                lines.append(f"could not delete {resource.kind} {resource.name}: {error_code(error) or error}")
                continue
            self.entries.remove(resource)
            lines.append(f"{resource.kind} {resource.name}: {outcome}")
        return lines
