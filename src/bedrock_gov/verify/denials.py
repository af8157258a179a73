"""Why AWS refused a call, read from the error code and message; "could not tell" when unsure.

The texts relied on (docs/verify.md gives the sources):
- IAM User Guide, "Troubleshoot access denied error messages": an explicit deny reads
  "... with an explicit deny in a <type> policy", an implicit one "... because no <type> policy
  allows the <action> action"; <type> is "service control" for an SCP.
- Amazon Bedrock User Guide, "Troubleshooting Amazon Bedrock API error codes": a missing model
  access grant is AccessDeniedException "You don't have access to the model with the specified
  model ID."; throttling is ThrottlingException (or ServiceQuotaExceededException); a malformed
  request is ValidationException.
An AccessDenied whose message names no policy type is not assumed to be the SCP's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bedrock_gov.collect.aws_calls import error_code
from bedrock_gov.verify.outcome import Status

DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException"})
THROTTLED_CODES = frozenset(
    {"ThrottlingException", "Throttling", "TooManyRequestsException", "ServiceQuotaExceededException"}
)
INVALID_CODES = frozenset({"ValidationException", "ValidationError", "InvalidInput"})
SCP_POLICY_TYPE = "service control"
MODEL_ACCESS_MESSAGE = "you don't have access to the model with the specified model id"

_POLICY_TYPE = re.compile(
    r"with an explicit deny in an? (?P<explicit>[a-z -]+?) policy|because no (?P<implicit>[a-z -]+?) policy allows",
    re.IGNORECASE,
)


class Cause(StrEnum):
    ALLOWED = "allowed"
    SCP = "denied by a service control policy"
    OTHER_POLICY = "denied by another policy type"
    MODEL_ACCESS = "model access not granted"
    THROTTLED = "throttled"
    INVALID = "request rejected as invalid"
    UNKNOWN = "could not tell"


@dataclass(frozen=True)
class Answer:
    """How AWS answered one call: the cause, and the code and message as evidence."""

    cause: Cause
    code: str = ""
    message: str = ""

    def evidence(self) -> str:
        if self.cause is Cause.ALLOWED:
            return "allowed"
        return f"{self.code}: {self.message}" if self.message else self.code


def _message(error: BaseException) -> str:
    response = getattr(error, "response", None)
    details = response.get("Error") if isinstance(response, dict) else None
    message = details.get("Message") if isinstance(details, dict) else None
    return message if isinstance(message, str) else ""


def classify(error: BaseException) -> Answer:
    """The cause of an AWS error; `Cause.UNKNOWN` for anything not recognized as documented."""
    code = error_code(error) or type(error).__name__
    message = _message(error)
    if code in DENIED_CODES:
        named = _POLICY_TYPE.search(message)
        if named:
            policy_type = (named.group("explicit") or named.group("implicit")).lower()
            cause = Cause.SCP if policy_type == SCP_POLICY_TYPE else Cause.OTHER_POLICY
            return Answer(cause, code, message)
        if MODEL_ACCESS_MESSAGE in message.lower():
            return Answer(Cause.MODEL_ACCESS, code, message)
        return Answer(Cause.UNKNOWN, code, message)
    if code in THROTTLED_CODES:
        return Answer(Cause.THROTTLED, code, message)
    if code in INVALID_CODES:
        return Answer(Cause.INVALID, code, message)
    return Answer(Cause.UNKNOWN, code, message)


def judge(answer: Answer, must_be_denied: bool) -> Status:
    """PASS when an SCP denied what it must deny, or nothing denied what it must allow; FAIL on the
    opposite; UNDECIDED when another cause (or none we recognize) hid the SCP's answer."""
    if answer.cause is Cause.SCP:
        return Status.PASS if must_be_denied else Status.FAIL
    if answer.cause is Cause.ALLOWED:
        return Status.FAIL if must_be_denied else Status.PASS
    return Status.UNDECIDED
