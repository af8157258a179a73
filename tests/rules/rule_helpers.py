"""Event builders and small fakes shared by the rule tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bedrock_gov.rules.aws_calls import Backoff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "config_events"
REGION = "us-east-1"
ACCOUNT = "123456789012"


def load_event(name: str, **overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    event.update(overrides)
    return event


def invoking(event: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(event["invokingEvent"])
    return result


def with_invoking(event: dict[str, Any], invoking_event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "invokingEvent": json.dumps(invoking_event)}


NO_WAIT = Backoff(attempts=4, sleep=lambda _seconds: None)


def only_config(config: Any) -> Any:
    """A client factory that has a Config client and fails the test if any other service is asked for."""

    def client(service: str) -> Any:
        assert service == "config", f"unexpected AWS client requested: {service}"
        return config

    return client
