"""Why a read failed, as a snapshot `Collection`: access denied, Region not enabled, API not
available here, throttled out, or another error. A section is never silently empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bedrock_gov.collect.aws_calls import CannotCheck, error_code
from bedrock_gov.snapshot import Collection

T = TypeVar("T")

COLLECTED = Collection(status="collected")

ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "AuthorizationError",
        "AuthorizationErrorException",
        "UnauthorizedOperation",
        "AWSOrganizationsNotInUseException",
    }
)
REGION_DISABLED_CODES = frozenset({"InvalidClientTokenId", "UnrecognizedClientException", "OptInRequired"})
"""What a call answers in an opt-in Region the account has not enabled: its credentials are not valid there."""
THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
    }
)
NOT_AVAILABLE_CODES = frozenset(
    {
        "NotImplemented",
        "UnknownOperationException",
        "InvalidAction",
        "UnsupportedOperation",
        "UnsupportedOperationException",
    }
)
"""An API the endpoint does not offer (or a Region without the service)."""


def operation_name(method: str) -> str:
    """`list_guardrails` -> `ListGuardrails`, as AWS names the operation."""
    return "".join(part[:1].upper() + part[1:] for part in method.split("_"))


def _not_available(error: BaseException) -> bool:
    """An unimplemented operation: AWS's own codes for it, or a 5xx that is not an AWS error at all
    (the emulator answers its missing calls with a bare HTTP 500 page), or an answer botocore
    cannot parse; a real AWS 5xx carries an error code (InternalFailure, ServiceUnavailable)."""
    if type(error).__name__ in ("ResponseParserError", "UnknownServiceError", "EndpointConnectionError"):
        return True
    code = error_code(error)
    return code in NOT_AVAILABLE_CODES or (code is not None and code.isdigit() and code.startswith("5"))


def failure(error: CannotCheck) -> Collection:
    """The collection status a failed read deserves, with the reason in AWS's words."""
    cause = error.__cause__ or error
    code = error_code(cause) or ""
    operation = operation_name(error.operation)
    if _not_available(cause):
        return Collection(status="not_available", reason=f"{operation}: not available here")
    if code in ACCESS_DENIED_CODES:
        return Collection(status="access_denied", reason=f"{operation}: {error.code}")
    if code in REGION_DISABLED_CODES:
        return Collection(status="region_disabled", reason=f"{operation}: {error.code} (is the Region enabled?)")
    if code in THROTTLING_CODES:
        return Collection(status="throttled", reason=f"{operation}: {error.code}")
    return Collection(status="error", reason=f"{operation}: {error.code}")


def read(reader: Callable[[], T]) -> tuple[T | None, Collection]:
    """Run `reader`; on failure, None and the reason, never an exception."""
    try:
        return reader(), COLLECTED
    except CannotCheck as error:
        return None, failure(error)


def read_list(reader: Callable[[], list[T]]) -> tuple[list[T], Collection]:
    """Run a listing `reader`; on failure, an empty list and the reason, never an exception."""
    found, collection = read(reader)
    return found or [], collection
