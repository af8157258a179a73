"""Reading AWS's refusals: the SCP's from the documented message, anything unrecognized is "could not tell"."""

from __future__ import annotations

import pytest
from doubles import SCP_DENIAL, client_error

from bedrock_gov.verify.denials import Answer, Cause, classify, judge
from bedrock_gov.verify.outcome import Status

USER = "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:InvokeModel on resource: x "


@pytest.mark.parametrize(
    ("code", "message", "cause"),
    [
        ("AccessDeniedException", SCP_DENIAL.format(action="bedrock:InvokeModel", resource="x"), Cause.SCP),
        (
            "AccessDeniedException",
            USER + "because no service control policy allows the bedrock:InvokeModel action",
            Cause.SCP,
        ),
        ("AccessDenied", USER + "with an explicit deny in an identity-based policy", Cause.OTHER_POLICY),
        (
            "AccessDeniedException",
            USER + "because no identity-based policy allows the bedrock:InvokeModel action",
            Cause.OTHER_POLICY,
        ),
        ("AccessDeniedException", USER + "with an explicit deny in a permissions boundary policy", Cause.OTHER_POLICY),
        (
            "AccessDeniedException",
            "You don't have access to the model with the specified model ID.",
            Cause.MODEL_ACCESS,
        ),
        ("AccessDeniedException", "Access denied", Cause.UNKNOWN),
        ("ThrottlingException", "Too many requests, please wait before trying again.", Cause.THROTTLED),
        ("ServiceQuotaExceededException", "quota", Cause.THROTTLED),
        ("ValidationException", "The provided model identifier is invalid.", Cause.INVALID),
        ("InternalServerException", "boom", Cause.UNKNOWN),
    ],
)
def test_classify(code: str, message: str, cause: Cause) -> None:
    answer = classify(client_error(code, message, "Converse"))
    assert answer.cause is cause
    assert answer.code == code


def test_an_error_without_a_code_is_unknown() -> None:
    assert classify(RuntimeError("connection reset")).cause is Cause.UNKNOWN


@pytest.mark.parametrize(
    ("cause", "must_be_denied", "status"),
    [
        (Cause.SCP, True, Status.PASS),
        (Cause.ALLOWED, True, Status.FAIL),
        (Cause.SCP, False, Status.FAIL),
        (Cause.ALLOWED, False, Status.PASS),
        (Cause.OTHER_POLICY, True, Status.UNDECIDED),
        (Cause.MODEL_ACCESS, False, Status.UNDECIDED),
        (Cause.THROTTLED, True, Status.UNDECIDED),
        (Cause.UNKNOWN, False, Status.UNDECIDED),
    ],
)
def test_judge(cause: Cause, must_be_denied: bool, status: Status) -> None:
    assert judge(Answer(cause), must_be_denied) is status
