"""`verify --sweep`: delete what interrupted runs left, found by name prefix and kept only if tagged.

Candidates are listed by the `bedrock-gov-verify-` name prefix (ListUsers, ListRoles, ListFunctions,
ListQueues), then each is deleted only if it carries the `bedrock-gov:verify` tag (any run id):
the deleters of `cleanup` read the tag first. Subscriptions to the alert topic go when their
endpoint is one of those tagged queues.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bedrock_gov.collect.aws_calls import ClientFactory, error_code
from bedrock_gov.verify.cleanup import Kind, Outcome, Resource, delete, unsubscribe_queue
from bedrock_gov.verify.context import NAME_PREFIX, TAG_KEY

SWEEP_CALLS = (
    "iam ListUsers",
    "iam ListRoles",
    "lambda ListFunctions",
    "sqs ListQueues",
    "sqs ListQueueTags",
    "sqs GetQueueAttributes",
)


def _marker_pages(operation: Any, items: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """IAM and Lambda pagination: Marker in, Marker / NextMarker out."""
    while True:
        page = operation(**kwargs)
        yield from page.get(items, [])
        marker = page.get("Marker") if page.get("IsTruncated") else page.get("NextMarker")
        if not marker:
            return
        kwargs["Marker"] = marker


def _queue_names(sqs: Any) -> list[str]:
    names: list[str] = []
    kwargs: dict[str, Any] = {"QueueNamePrefix": NAME_PREFIX}
    while True:
        page = sqs.list_queues(**kwargs)
        names.extend(url.rsplit("/", 1)[-1] for url in page.get("QueueUrls", []))
        if not page.get("NextToken"):
            return names
        kwargs["NextToken"] = page["NextToken"]


def _tagged_queue_arns(sqs: Any, names: list[str]) -> list[str]:
    arns: list[str] = []
    for name in names:
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        if TAG_KEY in sqs.list_queue_tags(QueueUrl=url).get("Tags", {}):
            arns.append(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])
    return arns


def candidates(clients: ClientFactory) -> list[Resource]:
    """Resources named like a verify run's, in deletion order (queues, functions, roles, users)."""
    iam, functions = clients("iam"), clients("lambda")
    found: list[tuple[Kind, str]] = [("sqs-queue", name) for name in _queue_names(clients("sqs"))]
    found += [
        ("lambda-function", item["FunctionName"]) for item in _marker_pages(functions.list_functions, "Functions")
    ]
    found += [("iam-role", item["RoleName"]) for item in _marker_pages(iam.list_roles, "Roles")]
    found += [("iam-user", item["UserName"]) for item in _marker_pages(iam.list_users, "Users")]
    return [Resource(kind, name) for kind, name in found if name.startswith(NAME_PREFIX)]


def sweep(clients: ClientFactory, topic_arn: str) -> list[str]:
    """Delete every tagged leftover; one line per resource looked at."""
    lines: list[str] = []
    resources = candidates(clients)
    queue_arns = _tagged_queue_arns(clients("sqs"), [r.name for r in resources if r.kind == "sqs-queue"])
    for queue_arn in queue_arns:
        try:
            outcome = unsubscribe_queue(clients, topic_arn, queue_arn)
        except Exception as error:
            if error_code(error) != "NotFound":
                raise
            outcome = Outcome.ABSENT
        lines.append(f"sns-subscription {queue_arn}: {outcome}")
    for resource in resources:
        lines.append(f"{resource.kind} {resource.name}: {delete(clients, resource, None, topic_arn)}")
    return lines
