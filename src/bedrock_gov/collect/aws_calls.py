"""Calling AWS: lazily made clients with botocore's retries, pagination, and `CannotCheck`.

Retries are botocore's own: the Config rules use standard mode (at most `MAX_ATTEMPTS` attempts in
all, exponential backoff with full jitter), the org-wide collector adaptive mode (the same, plus a
client-side rate limiter once throttled), both bounded. A call that still fails, or fails in a way
not worth retrying (access denied, not found), becomes `CannotCheck`, so the caller leaves that
resource unjudged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, Literal

ClientFactory = Callable[[str], Any]
"""Service name ("config", "lambda", ...) -> a boto3 client. Tests pass clients aimed at moto."""

RetryMode = Literal["standard", "adaptive"]
RETRY_MODE: Final[RetryMode] = "standard"
MAX_ATTEMPTS: Final = 5
"""Attempts in all, the first included: waits of up to 1, 2, 4 and 8 seconds between them on throttling."""


class CannotCheck(Exception):
    """An AWS call failed for good (denied, missing, or still throttled after every retry)."""

    def __init__(self, operation: str, code: str) -> None:
        super().__init__(f"{operation} failed: {code}")
        self.operation = operation
        self.code = code


def error_code(error: BaseException) -> str | None:
    """The AWS error code of a botocore ClientError (read by shape, so botocore need not be imported)."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        details = response.get("Error")
        if isinstance(details, dict) and isinstance(details.get("Code"), str):
            return str(details["Code"])
    return None


def _retries(error: BaseException) -> int:
    """How many times botocore retried before giving up with `error`."""
    response = getattr(error, "response", None)
    metadata = response.get("ResponseMetadata") if isinstance(response, dict) else None
    retried = metadata.get("RetryAttempts") if isinstance(metadata, dict) else None
    return retried if isinstance(retried, int) else 0


def call(operation: Callable[..., Any], **kwargs: Any) -> Any:
    """Call `operation(**kwargs)` (the client retries); raise CannotCheck if it fails for good."""
    name = getattr(operation, "__name__", "call")
    try:
        return operation(**kwargs)
    except Exception as error:
        code = error_code(error)
        if code is None:
            raise CannotCheck(name, type(error).__name__) from error
        retried = _retries(error)
        raise CannotCheck(name, f"{code} after {retried + 1} attempts" if retried else code) from error


def pages(operation: Callable[..., Any], token_in: str, token_out: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """Every page of a paginated call, following `token_out` of each response into `token_in`."""
    seen: set[str] = set()
    while True:
        page = call(operation, **kwargs)
        yield page
        token = page.get(token_out)
        if not isinstance(token, str) or not token or token in seen:
            return
        seen.add(token)
        kwargs[token_in] = token


def boto3_clients(
    session: Any = None,
    region: str | None = None,
    retry_mode: RetryMode = RETRY_MODE,
    max_attempts: int = MAX_ATTEMPTS,
) -> ClientFactory:
    """One boto3 client per service, made on first use, retrying as above.

    `session` is a boto3 Session (None: the default one, i.e. the standard credential chain) and
    `region` the Region the clients call (None: the session's). The Config rules use the defaults.
    """
    made: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in made:
            import boto3  # imported here so that loading a handler stays fast
            from botocore.config import Config

            make: Any = session.client if session is not None else boto3.client  # service known at run time
            retries = Config(retries={"mode": retry_mode, "total_max_attempts": max_attempts})
            made[service] = make(service, region_name=region, config=retries)
        return made[service]

    return client
