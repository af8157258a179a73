"""Layer 3's two resource-policy controls, decided by the policy engine, never by reading JSON text.

For each topic an alert chain reaches and each EventBridge rule that publishes to it:
- the topic policy must let `events.amazonaws.com` call `sns:Publish` on the topic, with the
  rule's ARN as `aws:SourceArn` and its account as `aws:SourceAccount`;
- a customer-managed key on the topic must let `events.amazonaws.com` call `kms:GenerateDataKey`
  and `kms:Decrypt` (aws-facts "SNS with KMS"); the AWS-managed `aws/sns` key cannot.
A policy that was not read, does not parse, or names a key the snapshot lacks is UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bedrock_gov.audit.control import Control, Where
from bedrock_gov.audit.findings import Finding
from bedrock_gov.policy import Decision, PolicyParseError, Request, parse_policy
from bedrock_gov.policy.resource_policy import ResourcePolicyEvaluator
from bedrock_gov.snapshot.document import KmsKey, Topic

EVENTS_PRINCIPAL = "events.amazonaws.com"
KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
AWS_MANAGED_SNS_KEY = "alias/aws/sns"


@dataclass(frozen=True)
class TopicView:
    """A topic with the rules that publish to it and the key policies of its owner's Region."""

    topic: Topic
    publishers: tuple[str, ...]
    """ARNs of the EventBridge rules that target the topic ("" when a rule's ARN was not read)."""
    keys: tuple[KmsKey, ...]


def _evaluator(text: str, name: str) -> ResourcePolicyEvaluator | str:
    try:
        return ResourcePolicyEvaluator(parse_policy(text, name, limits=None, check_actions=False, resource_policy=True))
    except PolicyParseError as error:
        return f"the {name} does not parse: {'; '.join(issue.message for issue in error.issues[:3])}"
    except ValueError as error:
        return f"the {name} cannot be read as a resource policy: {error}"


def _account_of(arn: str) -> str:
    parts = arn.split(":", 5)
    return parts[4] if len(parts) == 6 else ""


def _from_rule(action: str, resource: str, rule_arn: str) -> Request:
    context = {"aws:SourceArn": rule_arn, "aws:SourceAccount": _account_of(rule_arn)}
    return Request.build(action, resource, context, principal=EVENTS_PRINCIPAL)


def _refusals(evaluator: ResourcePolicyEvaluator, requests: Iterable[Request]) -> list[tuple[Request, Decision]]:
    return [(request, decision) for request in requests if not (decision := evaluator.evaluate(request)).allowed]


def topic_policy(control: Control, where: Where, view: TopicView) -> Finding:
    topic = view.topic
    if topic["policy"] is None:
        return control.unknown(where, "the topic policy was not read")
    if not view.publishers or "" in view.publishers:
        return control.unknown(where, "the ARN of a rule publishing to the topic was not read")
    evaluator = _evaluator(topic["policy"], "topic policy")
    if isinstance(evaluator, str):
        return control.unknown(where, evaluator)
    refused = _refusals(evaluator, (_from_rule("sns:Publish", topic["arn"], rule) for rule in view.publishers))
    if refused:
        request, decision = refused[0]
        return control.failed(
            where,
            f"the topic policy does not let {EVENTS_PRINCIPAL} publish for rule {request.context['aws:sourcearn'][0]} "
            f"({decision.message}): alerts from it never arrive",
        )
    rules = ", ".join(view.publishers)
    return control.passed(where, f"{EVENTS_PRINCIPAL} may publish to the topic for rule(s) {rules}")


def _key_of(view: TopicView, key_id: str) -> KmsKey | None:
    for key in view.keys:
        if key["arn"] == key_id or key["arn"].endswith(f":key/{key_id}"):
            return key
    return None


def key_policy(control: Control, where: Where, view: TopicView) -> Finding:
    key_id = view.topic["kms_key_id"]
    if not key_id:
        return control.passed(where, "the topic is not KMS-encrypted: no key policy stands in the way")
    if key_id.endswith(AWS_MANAGED_SNS_KEY):
        return control.failed(
            where, "the topic uses the AWS-managed aws/sns key, whose policy cannot grant EventBridge"
        )
    key = _key_of(view, key_id)
    if key is None:
        return control.unknown(where, f"the topic's key {key_id} is not in the snapshot (an alias, or a key not read)")
    if key["policy"] is None:
        return control.unknown(where, f"the key policy of {key['arn']} was not read")
    if not view.publishers or "" in view.publishers:
        return control.unknown(where, "the ARN of a rule publishing to the topic was not read")
    evaluator = _evaluator(key["policy"], "key policy")
    if isinstance(evaluator, str):
        return control.unknown(where, evaluator)
    requests = (_from_rule(action, key["arn"], rule) for rule in view.publishers for action in KEY_ACTIONS)
    refused = _refusals(evaluator, requests)
    if refused:
        request, decision = refused[0]
        return control.failed(
            where,
            f"the key policy of {key['arn']} does not let {EVENTS_PRINCIPAL} call {request.action} "
            f"({decision.message}): SNS cannot accept EventBridge's message",
        )
    return control.passed(where, f"the key policy lets {EVENTS_PRINCIPAL} call {' and '.join(KEY_ACTIONS)}")
