"""Calling AWS from a rule: lazily made clients, throttling retries with backoff, pagination.

botocore's own retries are switched off on the clients made here so that this module is the one
place that decides how long a rule waits; a call that still fails becomes `CannotCheck`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

ClientFactory = Callable[[str], Any]
"""Service name ("config", "lambda", ...) -> a boto3 client. Tests pass clients aimed at moto."""

RETRYABLE_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "InternalError",
        "InternalServerException",
    }
)


class CannotCheck(Exception):
    """An AWS call failed for good (denied, missing, or still throttled after every retry)."""

    def __init__(self, operation: str, code: str) -> None:
        super().__init__(f"{operation} failed: {code}")
        self.operation = operation
        self.code = code


class Backoff(NamedTuple):
    """Exponential backoff with full jitter: attempt n waits up to min(cap, base * 2**n) seconds."""

    attempts: int = 6
    base_seconds: float = 0.5
    cap_seconds: float = 8.0
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap_seconds, self.base_seconds * 2**attempt))


def error_code(error: BaseException) -> str | None:
    """The AWS error code of a botocore ClientError (read by shape, so botocore need not be imported)."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        details = response.get("Error")
        if isinstance(details, dict) and isinstance(details.get("Code"), str):
            return str(details["Code"])
    return None


def call(operation: Callable[..., Any], backoff: Backoff, **kwargs: Any) -> Any:
    """Call `operation(**kwargs)`, retrying throttling and transient errors; raise CannotCheck at the end."""
    name = getattr(operation, "__name__", "call")
    for attempt in range(backoff.attempts):
        try:
            return operation(**kwargs)
        except Exception as error:
            code = error_code(error)
            if code is None:
                raise CannotCheck(name, type(error).__name__) from error
            if code not in RETRYABLE_CODES:
                raise CannotCheck(name, code) from error
            if attempt + 1 == backoff.attempts:
                raise CannotCheck(name, f"{code} after {backoff.attempts} attempts") from error
            backoff.sleep(backoff.delay(attempt))
    raise CannotCheck(name, "no attempt made")


def pages(
    operation: Callable[..., Any],
    backoff: Backoff,
    token_in: str,
    token_out: str,
    **kwargs: Any,
) -> Iterator[dict[str, Any]]:
    """Every page of a paginated call, following `token_out` of each response into `token_in`."""
    seen: set[str] = set()
    while True:
        page = call(operation, backoff, **kwargs)
        yield page
        token = page.get(token_out)
        if not isinstance(token, str) or not token or token in seen:
            return
        seen.add(token)
        kwargs[token_in] = token


def boto3_clients() -> ClientFactory:
    """The production factory: one boto3 client per service, made on first use, retries left to `call`."""
    made: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in made:
            import boto3  # imported here so that loading a handler stays fast
            from botocore.config import Config

            make: Any = boto3.client  # the service name is only known at run time
            made[service] = make(service, config=Config(retries={"mode": "standard", "total_max_attempts": 1}))
        return made[service]

    return client
