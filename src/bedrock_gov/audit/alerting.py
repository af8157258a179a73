"""Layer 3 (responsive): a NON_COMPLIANT result of our Config rules reaches a person.

The chain, per account and Region: an enabled EventBridge rule whose pattern matches the "Config
Rules Compliance Change" event of each required rule going NON_COMPLIANT -> its targets (an SNS
topic, or another account's event bus that forwards to one, as the Terraform module's organization
mode does) -> a topic whose policy lets EventBridge publish, whose KMS key (if any) lets EventBridge
use it, and with a confirmed subscription; each target with a dead-letter queue. Topics are judged
once, in the account and Region that own them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from bedrock_gov.audit.alert_policies import TopicView, key_policy, topic_policy
from bedrock_gov.audit.config_service import CUSTOM_RULES, MANAGED_RULES, required_rules
from bedrock_gov.audit.context import AuditContext, RegionScope, not_collected
from bedrock_gov.audit.control import Control, Where
from bedrock_gov.audit.event_pattern import Undecided, matches
from bedrock_gov.audit.findings import Finding
from bedrock_gov.snapshot.document import EventRule, EventTarget, RegionSnapshot

DETAIL_TYPE = "Config Rules Compliance Change"
RULE_TYPE = "AWS::Events::Rule"
TOPIC_TYPE = "AWS::SNS::Topic"
UNKNOWN_FIELDS = frozenset({"detail.resourceId", "detail.resourceType", "detail.configRuleARN", "time", "id"})
"""Fields every compliance-change event carries, whose values depend on the resource."""
MAX_HOPS = 3


def compliance_event(rule_name: str, account: str, region: str) -> dict[str, object]:
    """The event AWS Config sends when `rule_name` finds a resource NON_COMPLIANT."""
    return {
        "version": "0",
        "source": "aws.config",
        "detail-type": DETAIL_TYPE,
        "account": account,
        "region": region,
        "resources": [],
        "detail": {
            "messageType": "ComplianceChangeNotification",
            "configRuleName": rule_name,
            "awsAccountId": account,
            "awsRegion": region,
            "newEvaluationResult": {"complianceType": "NON_COMPLIANT"},
        },
    }


def alerted_rules(scope: RegionScope) -> dict[str, str | None]:
    """Each required rule -> the name its events carry in this scope (None: unknown, Config was not
    read; a custom rule is named by its id, a managed one as it was deployed)."""
    names: dict[str, str | None] = {name: name for name in CUSTOM_RULES}
    names.update(dict.fromkeys(MANAGED_RULES))
    if scope.data is not None and not not_collected(scope.data["config"]["collection"], "AWS Config"):
        names.update((label, rule["name"]) for label, rule in required_rules(scope.data["config"]) if rule)
    return names


@dataclass
class Chain:
    """What following the alert rules of one account and Region found."""

    covered: set[str] = field(default_factory=set)
    undecided: list[str] = field(default_factory=list)
    topics: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Topic ARN -> (account, Region) where it lives."""
    targets: list[tuple[str, EventTarget]] = field(default_factory=list)
    """(rule name, target) for every target on the way to a topic."""
    publishers: dict[str, set[str]] = field(default_factory=dict)
    """Topic ARN -> the ARNs of the rules that target it ("" for a rule whose ARN was not read)."""
    unresolved: list[str] = field(default_factory=list)


def _regions(context: AuditContext) -> dict[tuple[str, str], RegionScope]:
    return {(scope.account_id, scope.region): scope for scope in context.region_scopes()}


def _events_reason(scope: RegionScope) -> str | None:
    if scope.reason or scope.data is None:
        return scope.reason or "no data"
    return not_collected(scope.data["events"]["collection"], "EventBridge rules")


def _matching(region: RegionSnapshot, origin: RegionScope, rule_names: dict[str, str], chain: Chain) -> list[EventRule]:
    """The enabled rules of `region` matching some required rule's event from `origin` (forwarded
    events keep their account and Region); records which names are covered."""
    found = []
    for rule in region["events"]["rules"]:
        if (rule["state"] or "").upper() != "ENABLED" or not rule["event_pattern"]:
            continue
        hit = False
        for label, name in rule_names.items():
            try:
                if matches(
                    rule["event_pattern"], compliance_event(name, origin.account_id, origin.region), UNKNOWN_FIELDS
                ):
                    chain.covered.add(label)
                    hit = True
            except Undecided as error:
                chain.undecided.append(f"{rule['name']}: {error}")
        if hit:
            found.append(rule)
    return found


def follow(scope: RegionScope, scopes: dict[tuple[str, str], RegionScope]) -> Chain:
    """Follow the alert rules from one account and Region to the SNS topics they deliver to."""
    chain = Chain()
    names = {label: name for label, name in alerted_rules(scope).items() if name}
    place: tuple[str, str] | None = (scope.account_id, scope.region)
    hops = 0
    while place is not None and hops < MAX_HOPS:
        hops += 1
        here = scopes.get(place)
        reason = _events_reason(here) if here else f"account {place[0]} in {place[1]} is not in the snapshot"
        if reason or here is None or here.data is None:
            chain.unresolved.append(reason or "no data")
            break
        rules = _matching(here.data, scope, names, chain if hops == 1 else Chain())
        current, place = place_of(here), None
        for rule in rules:
            for target in rule["targets"]:
                service, account, region = _arn_parts(target["arn"])
                chain.targets.append((rule["name"], target))
                if service == "sns":
                    chain.topics[target["arn"]] = (account, region)
                    chain.publishers.setdefault(target["arn"], set()).add(rule["arn"] or "")
                elif service == "events" and ":event-bus/" in target["arn"] and (account, region) != current:
                    place = (account, region)
    return chain


def place_of(scope: RegionScope) -> tuple[str, str]:
    return scope.account_id, scope.region


def _arn_parts(arn: str) -> tuple[str, str, str]:
    parts = arn.split(":", 5)
    return (parts[2], parts[4], parts[3]) if len(parts) == 6 else ("", "", "")


def _rule_control(control: Control, context: AuditContext) -> Iterator[Finding]:
    scopes = _regions(context)
    for scope in scopes.values():
        reason = _events_reason(scope)
        if reason:
            yield control.unknown(scope.where(RULE_TYPE, "compliance-alerts"), reason)
            continue
        chain = follow(scope, scopes)
        names = alerted_rules(scope)
        missing = [label for label, name in names.items() if name and label not in chain.covered]
        unnamed = [label for label, name in names.items() if not name]
        where = scope.where(RULE_TYPE, "compliance-alerts")
        if not missing and unnamed:
            reason = (
                f"the deployed name of {', '.join(unnamed)} is unknown (AWS Config was not read or it is not deployed)"
            )
            yield control.unknown(where, reason)
        elif not missing:
            yield control.passed(where, "an enabled EventBridge rule matches every required rule's NON_COMPLIANT event")
        elif chain.undecided:
            yield control.unknown(where, "; ".join(chain.undecided), f"no rule is known to match {', '.join(missing)}")
        else:
            yield control.failed(
                where, f"no enabled EventBridge rule matches NON_COMPLIANT events of {', '.join(missing)}"
            )


def _target_control(control: Control, context: AuditContext) -> Iterator[Finding]:
    scopes = _regions(context)
    for scope in scopes.values():
        where = scope.where(RULE_TYPE, "compliance-alerts")
        reason = _events_reason(scope)
        chain = None if reason else follow(scope, scopes)
        if reason or chain is None:
            yield control.unknown(where, reason or "no data")
        elif chain.topics:
            yield control.passed(where, f"alerts reach SNS topic(s) {', '.join(sorted(chain.topics))}")
        elif chain.unresolved:
            yield control.unknown(where, "; ".join(chain.unresolved))
        elif chain.covered:
            yield control.failed(where, "the alert rule delivers to no SNS topic")


def _dlq_control(control: Control, context: AuditContext) -> Iterator[Finding]:
    scopes = _regions(context)
    for scope in scopes.values():
        if _events_reason(scope):
            continue  # the rule control already reports this scope as UNKNOWN
        chain = follow(scope, scopes)
        for rule_name, target in chain.targets:
            where = scope.where("AWS::Events::Target", f"{rule_name}/{target['id']}", target["arn"])
            if target["dead_letter_arn"]:
                yield control.passed(where, f"target {target['id']} of {rule_name} has a dead-letter queue")
            else:
                yield control.failed(
                    where, f"target {target['id']} of {rule_name} has no dead-letter queue: failed deliveries are lost"
                )


def _topics(context: AuditContext) -> Iterator[tuple[RegionScope, str, TopicView | str]]:
    """Each topic an alert chain reaches, once, with what judging it needs or why it cannot be judged."""
    scopes = _regions(context)
    publishers: dict[str, set[str]] = {}
    places: dict[str, tuple[RegionScope, tuple[str, str]]] = {}
    for scope in scopes.values():
        if _events_reason(scope):
            continue
        chain = follow(scope, scopes)
        for arn, place in chain.topics.items():
            places.setdefault(arn, (scope, place))
            publishers.setdefault(arn, set()).update(chain.publishers.get(arn, ()))
    for arn, (scope, place) in places.items():
        owner = scopes.get(place, scope)
        if owner.reason or owner.data is None or place not in scopes:
            yield owner, arn, owner.reason or f"topic {arn} lives in {place[0]} {place[1]}, not in the snapshot"
            continue
        sns = owner.data["sns"]
        reason = not_collected(sns["collection"], "SNS topics")
        record = next((topic for topic in sns["topics"] if topic["arn"] == arn), None)
        if reason or record is None:
            yield owner, arn, reason or f"topic {arn} is not in the snapshot"
            continue
        yield owner, arn, TopicView(record, tuple(sorted(publishers[arn])), tuple(sns["keys"]))


def per_topic(
    judge: Callable[[Control, Where, TopicView], Finding],
) -> Callable[[Control, AuditContext], Iterator[Finding]]:
    """A control judging each topic an alert chain reaches; a topic that cannot be read is UNKNOWN."""

    def run(control: Control, context: AuditContext) -> Iterator[Finding]:
        for owner, arn, view in _topics(context):
            where = owner.where(TOPIC_TYPE, arn, arn)
            yield control.unknown(where, view) if isinstance(view, str) else judge(control, where, view)

    return run


def _subscriptions(control: Control, where: Where, view: TopicView) -> Finding:
    topic = view.topic
    confirmed = [sub for sub in topic["subscriptions"] if not sub["pending_confirmation"]]
    pending = len(topic["subscriptions"]) - len(confirmed)
    if confirmed:
        return control.passed(where, f"{len(confirmed)} confirmed subscription(s)")
    if pending:
        return control.failed(where, f"{pending} subscription(s), all pending confirmation: alerts are not delivered")
    return control.failed(where, "no subscription: alerts reach nobody")


CONTROLS: tuple[Control, ...] = (
    Control(
        "alert-rule-matches-noncompliance",
        "responsive",
        "An enabled EventBridge rule matches each required Config rule's NON_COMPLIANT event",
        "high",
        'Create an EventBridge rule on {"source":["aws.config"],"detail-type":["Config Rules Compliance Change"],'
        '"detail":{"newEvaluationResult":{"complianceType":["NON_COMPLIANT"]}}} (the Terraform module does).',
        _rule_control,
    ),
    Control(
        "alert-sns-target",
        "responsive",
        "The alert rule delivers to an SNS topic (directly or through a forwarding event bus)",
        "high",
        "Add the alerts SNS topic as a target of the rule (PutTargets).",
        _target_control,
    ),
    Control(
        "alert-topic-policy",
        "responsive",
        "The topic policy lets events.amazonaws.com publish",
        "high",
        "Add a topic policy statement allowing events.amazonaws.com sns:Publish, conditioned on aws:SourceArn = the rule.",
        per_topic(topic_policy),
    ),
    Control(
        "alert-key-policy",
        "responsive",
        "The topic's KMS key lets EventBridge encrypt (customer-managed key, kms:GenerateDataKey* and kms:Decrypt)",
        "high",
        "Encrypt the topic with a customer-managed key whose policy lets events.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt.",
        per_topic(key_policy),
    ),
    Control(
        "alert-subscription-confirmed",
        "responsive",
        "The alert topic has a confirmed subscription",
        "high",
        "Confirm the subscription (the link in the email AWS sent), or subscribe an endpoint that confirms.",
        per_topic(_subscriptions),
    ),
    Control(
        "alert-target-dead-letter-queue",
        "responsive",
        "Each alert rule target has a dead-letter queue",
        "medium",
        "Give each target a DeadLetterConfig (an SQS queue) so failed deliveries are kept.",
        _dlq_control,
    ),
)
