"""Event builders and small fakes shared by the rule tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSResponse

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


class _Body:
    """The raw stream botocore reads an HTTP body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def answer_http(client: Any, replies: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """Answer a JSON-protocol client's requests from `replies` (status, body), in order, at the HTTP
    layer, so botocore's own retry handling runs as against AWS. Returns the operations sent."""
    sent: list[str] = []

    def reply(request: Any, **_: Any) -> AWSResponse:
        sent.append(request.headers.get("X-Amz-Target", b"").decode())
        status, body = replies[len(sent) - 1]
        return AWSResponse(request.url, status, {}, _Body(json.dumps(body).encode()))

    client.meta.events.register("before-send", reply)
    return sent


def aws_error(code: str) -> dict[str, str]:
    """A JSON-protocol error body."""
    return {"__type": code, "message": code}


def only_config(config: Any) -> Any:
    """A client factory that has a Config client and fails the test if any other service is asked for."""

    def client(service: str) -> Any:
        assert service == "config", f"unexpected AWS client requested: {service}"
        return config

    return client
