"""Reading the event AWS Config sends a custom Lambda rule, and fetching oversized items.

Event shapes follow AWS's "Example Events for AWS Config Rules" (AWS Config Developer Guide).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from bedrock_gov.checks.model import ParameterError
from bedrock_gov.collect.aws_calls import CannotCheck, call
from bedrock_gov.snapshot.timestamps import parse_timestamp

CHANGE_NOTIFICATION = "ConfigurationItemChangeNotification"
OVERSIZED_CHANGE_NOTIFICATION = "OversizedConfigurationItemChangeNotification"
SCHEDULED_NOTIFICATION = "ScheduledNotification"
DELETED_STATUSES = frozenset({"ResourceDeleted", "ResourceDeletedNotRecorded"})
NOT_RECORDED_STATUS = "ResourceNotRecorded"
TEST_MODE_TOKEN = "TESTMODE"
"""The result token for a test run: PutEvaluations is then called with TestMode=True."""


class EventError(ValueError):
    """The event is not a usable AWS Config rule event; the message says which part is wrong."""


class RuleEvent(NamedTuple):
    """The parts of a Config rule event a handler uses, already parsed and type-checked."""

    message_type: str
    invoking_event: Mapping[str, Any]
    rule_parameters: Mapping[str, Any] | None
    parameter_error: str | None
    result_token: str
    event_left_scope: bool
    rule_name: str
    account_id: str
    notification_time: datetime

    @property
    def test_mode(self) -> bool:
        return self.result_token == TEST_MODE_TOKEN


def parse_rule_parameters(text: object) -> Mapping[str, Any]:
    """`ruleParameters` is a JSON object inside a string; absent or blank means no parameters."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return {}
    if not isinstance(text, str):
        raise ParameterError("ruleParameters must be a JSON object encoded as a string")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParameterError(f"ruleParameters is not valid JSON ({error.msg} at character {error.pos})") from None
    except RecursionError:
        raise ParameterError("ruleParameters nests too deeply") from None
    if not isinstance(parsed, dict):
        raise ParameterError("ruleParameters must be a JSON object")
    return parsed


def parse_event(event: object) -> RuleEvent:
    """Parse a rule event; raise EventError if it cannot be used. Bad parameters are kept, not raised."""
    if not isinstance(event, Mapping):
        raise EventError("the event is not a JSON object")
    raw_invoking = event.get("invokingEvent")
    if not isinstance(raw_invoking, str):
        raise EventError("invokingEvent is missing or not a string")
    try:
        invoking = json.loads(raw_invoking)
    except ValueError:
        raise EventError("invokingEvent is not valid JSON") from None
    except RecursionError:
        raise EventError("invokingEvent nests too deeply") from None
    if not isinstance(invoking, dict):
        raise EventError("invokingEvent is not a JSON object")
    message_type = invoking.get("messageType")
    if not isinstance(message_type, str):
        raise EventError("invokingEvent has no messageType")
    token = event.get("resultToken")
    if not isinstance(token, str) or not token:
        raise EventError("resultToken is missing")
    try:
        parameters: Mapping[str, Any] | None = parse_rule_parameters(event.get("ruleParameters"))
        parameter_error = None
    except ParameterError as error:
        parameters, parameter_error = None, str(error)
    account = event.get("accountId") or invoking.get("awsAccountId")
    notified = parse_timestamp(invoking.get("notificationCreationTime")) or datetime.now(UTC)
    return RuleEvent(
        message_type=message_type,
        invoking_event=invoking,
        rule_parameters=parameters,
        parameter_error=parameter_error,
        result_token=token,
        event_left_scope=event.get("eventLeftScope") is True,
        rule_name=str(event.get("configRuleName") or ""),
        account_id=str(account) if isinstance(account, str) else "",
        notification_time=notified,
    )


def item_from_history(api_item: Mapping[str, Any]) -> dict[str, Any]:
    """A GetResourceConfigHistory item in the shape Config puts inline in change events."""
    item = dict(api_item)
    configuration = item.get("configuration")
    if isinstance(configuration, str):
        try:
            item["configuration"] = json.loads(configuration)
        except (ValueError, RecursionError):
            item["configuration"] = None
    capture = item.get("configurationItemCaptureTime")
    if isinstance(capture, datetime):
        item["configurationItemCaptureTime"] = capture.isoformat()
    item.setdefault("awsAccountId", item.get("accountId"))
    item.setdefault("ARN", item.get("arn"))
    return item


def fetch_oversized_item(config: Any, summary: Mapping[str, Any]) -> dict[str, Any]:
    """The full item behind an oversized notification's summary, from GetResourceConfigHistory."""
    request: dict[str, Any] = {
        "resourceType": summary["resourceType"],
        "resourceId": summary["resourceId"],
        "limit": 1,
    }
    captured = parse_timestamp(summary.get("configurationItemCaptureTime"))
    if captured is not None:
        request["laterTime"] = captured
    response = call(config.get_resource_config_history, **request)
    items = response.get("configurationItems") if isinstance(response, Mapping) else None
    if not isinstance(items, list) or not items or not isinstance(items[0], Mapping):
        raise CannotCheck("get_resource_config_history", "no configuration item returned")
    return item_from_history(items[0])
