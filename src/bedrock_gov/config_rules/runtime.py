"""The one evaluation loop every rule handler runs: event -> check -> PutEvaluations.

Decisions, the same for every rule:
- A malformed event or malformed rule parameters: one ERROR log line, no evaluation, no exception
  (a guessed verdict would overwrite a real one).
- A resource deleted, left out of scope or no longer recorded: NOT_APPLICABLE.
- A resource the rule could not check (API denied, throttled past every retry): no evaluation for
  it, so its last verdict stands; everything else is sent, then `EvaluationIncomplete` is raised so
  the failed invocation shows in Lambda's error metrics and the rule's last-run status.
- Periodic runs report resources judged before and now gone as NOT_APPLICABLE, but only when the
  listing was complete (otherwise a failed listing would wipe every verdict).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from bedrock_gov.checks.model import NOT_APPLICABLE, CheckResult, ParameterError
from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, boto3_clients
from bedrock_gov.config_rules import evaluations as evals
from bedrock_gov.config_rules.events import (
    CHANGE_NOTIFICATION,
    DELETED_STATUSES,
    NOT_RECORDED_STATUS,
    OVERSIZED_CHANGE_NOTIFICATION,
    SCHEDULED_NOTIFICATION,
    EventError,
    RuleEvent,
    fetch_oversized_item,
    parse_event,
)
from bedrock_gov.snapshot import Collected
from bedrock_gov.snapshot.timestamps import parse_timestamp

LOG = logging.getLogger("bedrock_gov.config_rules")
LOG.setLevel(logging.INFO)

P = TypeVar("P")
R = TypeVar("R")
MAX_RESOURCE_ID_CHARS = 768


class EvaluationIncomplete(RuntimeError):
    """Some resources could not be checked; what could be judged was sent before this was raised."""


class Unchecked(NamedTuple):
    """A resource (or a whole step) the rule could not check, and why."""

    resource_type: str
    resource_id: str
    reason: str


class Listing:
    """What a periodic rule found: verdicts, plus the resources it saw but could not judge."""

    def __init__(self) -> None:
        self.results: list[CheckResult] = []
        self.unchecked: list[Unchecked] = []


def judged(collected: Collected[R], judge: Callable[[R], CheckResult]) -> Listing:
    """A periodic rule's listing: every collected record judged, every uncollected one left unchecked."""
    listing = Listing()
    listing.results = [judge(record) for record in collected["records"]]
    listing.unchecked = [
        Unchecked(missed["resource_type"], missed["resource_id"], missed["reason"])
        for missed in collected["not_collected"]
    ]
    return listing


class Invocation:
    """One run of a rule: the parsed event and the AWS clients (made on first use)."""

    def __init__(self, event: RuleEvent, clients: ClientFactory) -> None:
        self.event = event
        self._clients = clients

    def client(self, service: str) -> Any:
        return self._clients(service)


class ConfigRule(NamedTuple, Generic[P]):
    """An AWS Config rule: its name, the resource types it judges, and how it judges them.

    `check_item` judges one configuration item (change-triggered rules); `list_current` collects
    and judges every resource (periodic rules). A rule has the ones its check's CONFIG_TRIGGER names.
    """

    name: str
    resource_types: frozenset[str]
    parse_parameters: Callable[[Mapping[str, object]], P]
    check_item: Callable[[Mapping[str, Any], P], CheckResult] | None = None
    list_current: Callable[[Invocation, P], Listing] | None = None
    report_disappeared: bool = True


def lambda_entry_point(rule: ConfigRule[P]) -> Callable[[dict[str, Any], object], dict[str, Any]]:
    """The `lambda_handler(event, context)` a handler module exports for `rule`."""

    def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        return run(rule, event)

    return lambda_handler


def _resource_id(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_RESOURCE_ID_CHARS:
        raise EventError("the configuration item has no usable resourceId")
    return value


def _change_evaluations(
    rule: ConfigRule[P], run: Invocation, params: P, unchecked: list[Unchecked]
) -> list[evals.Evaluation]:
    """Evaluations for a (possibly oversized) configuration-item change; [] if not this rule's type."""
    oversized = run.event.message_type == OVERSIZED_CHANGE_NOTIFICATION
    key = "configurationItemSummary" if oversized else "configurationItem"
    item = run.event.invoking_event.get(key)
    if not isinstance(item, Mapping):
        raise EventError(f"invokingEvent has no {key}")
    resource_type = item.get("resourceType")
    if resource_type not in rule.resource_types:
        LOG.info("%s: ignored a change to %s, a type this rule does not judge", rule.name, resource_type)
        return []
    resource_id = _resource_id(item.get("resourceId"))
    ordering = parse_timestamp(item.get("configurationItemCaptureTime")) or run.event.notification_time

    def not_applicable(reason: str) -> list[evals.Evaluation]:
        return [evals.evaluation(str(resource_type), resource_id, NOT_APPLICABLE, reason, ordering)]

    status = item.get("configurationItemStatus")
    if status in DELETED_STATUSES:
        return not_applicable("The resource was deleted.")
    if run.event.event_left_scope:
        return not_applicable("The resource left the rule's scope.")
    if status == NOT_RECORDED_STATUS:
        return not_applicable("AWS Config no longer records this resource.")
    if rule.check_item is None:
        LOG.info("%s: periodic rule; the change to %s is judged at the next scheduled run", rule.name, resource_id)
        return []
    if oversized:
        try:
            item = fetch_oversized_item(run.client("config"), item)
        except CannotCheck as error:
            unchecked.append(Unchecked(str(resource_type), resource_id, f"fetching the oversized item: {error}"))
            return []
        if item.get("configurationItemStatus") in DELETED_STATUSES:
            return not_applicable("The resource was deleted.")
    result = rule.check_item({**item, "resourceType": resource_type, "resourceId": resource_id}, params)
    return [evals.evaluation(str(resource_type), resource_id, result.compliance, result.annotation, ordering)]


def _periodic_evaluations(
    rule: ConfigRule[P], run: Invocation, params: P, unchecked: list[Unchecked]
) -> list[evals.Evaluation]:
    """Evaluations for every resource the rule lists, plus NOT_APPLICABLE for those now gone."""
    if rule.list_current is None:
        LOG.info("%s: change-triggered rule; scheduled notification ignored", rule.name)
        return []
    ordering = run.event.notification_time
    listing = rule.list_current(run, params)
    unchecked.extend(listing.unchecked)
    found = [
        evals.from_result(r, ordering)
        for r in listing.results
        if r.resource_type in rule.resource_types and 0 < len(r.resource_id) <= MAX_RESOURCE_ID_CHARS
    ]
    if not rule.report_disappeared:
        return found
    if run.event.test_mode:
        LOG.info("%s: test mode; resources that disappeared are not looked up", rule.name)
        return found
    if not run.event.rule_name:
        unchecked.append(Unchecked("", "", "the event names no rule, so earlier verdicts cannot be read"))
        return found
    try:
        before = evals.previously_evaluated(run.client("config"), run.event.rule_name, rule.resource_types)
    except CannotCheck as error:
        unchecked.append(Unchecked("", "", f"reading earlier verdicts: {error}"))
        return found
    present = {(e.resource_type, e.resource_id) for e in found}
    present |= {(u.resource_type, u.resource_id) for u in listing.unchecked}
    gone = sorted(before - present)
    return found + [
        evals.evaluation(kind, rid, NOT_APPLICABLE, "The resource no longer exists.", ordering) for kind, rid in gone
    ]


def _deduplicated(evaluations: list[evals.Evaluation]) -> list[evals.Evaluation]:
    """One evaluation per resource (the last wins), in a stable order."""
    latest = {(e.resource_type, e.resource_id): e for e in evaluations}
    return list(latest.values())


def run(rule: ConfigRule[P], event: object, clients: ClientFactory | None = None) -> dict[str, Any]:
    """Evaluate one Config event and send the evaluations; return a short summary of what was done."""
    try:
        parsed = parse_event(event)
    except EventError as error:
        LOG.error("%s: malformed event: %s", rule.name, error)
        return {"rule": rule.name, "status": "malformed-event", "error": str(error)}
    try:
        if parsed.parameter_error is not None:
            raise ParameterError(parsed.parameter_error)
        params = rule.parse_parameters(parsed.rule_parameters or {})
    except ParameterError as error:
        LOG.error("%s: invalid rule parameters: %s", rule.name, error)
        return {"rule": rule.name, "status": "invalid-parameters", "error": str(error)}
    invocation = Invocation(parsed, clients or boto3_clients())
    unchecked: list[Unchecked] = []
    try:
        if parsed.message_type in (CHANGE_NOTIFICATION, OVERSIZED_CHANGE_NOTIFICATION):
            to_send = _change_evaluations(rule, invocation, params, unchecked)
        elif parsed.message_type == SCHEDULED_NOTIFICATION:
            to_send = _periodic_evaluations(rule, invocation, params, unchecked)
        else:
            raise EventError(f"unknown messageType {parsed.message_type[:80]!r}")
    except EventError as error:
        LOG.error("%s: malformed event: %s", rule.name, error)
        return {"rule": rule.name, "status": "malformed-event", "error": str(error)}
    except CannotCheck as error:
        to_send = []
        unchecked.append(Unchecked("", "", str(error)))
    to_send = _deduplicated(to_send)
    failed = 0
    if to_send:
        try:
            failed = evals.send(invocation.client("config"), to_send, parsed.result_token, parsed.test_mode)
        except CannotCheck as error:
            unchecked.append(Unchecked("", "", f"sending evaluations: {error}"))
    for item in unchecked:
        target = f"{item.resource_type} {item.resource_id}: " if item.resource_id else ""
        LOG.error("%s: could not check %s%s", rule.name, target, item.reason)
    if unchecked or failed:
        raise EvaluationIncomplete(
            f"{rule.name}: incomplete: {len(unchecked)} resource(s) or step(s) failed, "
            f"{failed} evaluation(s) rejected; see the ERROR lines"
        )
    LOG.info("%s: %d evaluation(s) reported", rule.name, len(to_send))
    return {"rule": rule.name, "status": "ok", "evaluations": len(to_send)}
