"""Refusal outside the sandbox, cleanup after an exception or Ctrl-C mid-test, cleanup that is
idempotent and leaves untagged resources alone, and the sweep."""

from __future__ import annotations

from typing import Any

import pytest
from doubles import ACCOUNT, client_error, config_double, credentials_double
from verify_emulator import NOTHING, Emulator, leftovers

from bedrock_gov.verify.cleanup import Ledger, Outcome, Resource, delete
from bedrock_gov.verify.context import TAG_KEY
from bedrock_gov.verify.outcome import Status
from bedrock_gov.verify.runner import run_one
from bedrock_gov.verify.safety import Refused, confirm_sandbox
from bedrock_gov.verify.sweep import sweep


def test_runs_in_an_account_under_the_sandbox_ou(emulator: Emulator) -> None:
    assert confirm_sandbox(emulator.clients, emulator.sandbox_ou, ()).account == ACCOUNT  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ou", "accounts", "reason"),
    [
        (None, (), "name the sandbox"),
        ("ou-zzzz-elsewhere", (), "is not under ou-zzzz-elsewhere"),
        (None, ("999999999999",), "is not among"),
    ],
)
def test_refuses_elsewhere(emulator: Emulator, ou: str | None, accounts: tuple[str, ...], reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        confirm_sandbox(emulator.clients, ou, accounts)
    assert [call for call in emulator.calls if not call.startswith(("sts Get", "organizations List"))] == []


def test_allow_account_needs_no_organizations_access(emulator: Emulator) -> None:
    assert confirm_sandbox(emulator.clients, None, (ACCOUNT,)).account == ACCOUNT
    assert emulator.calls == ["sts GetCallerIdentity"]


def test_refuses_when_the_ou_cannot_be_read(emulator: Emulator) -> None:
    """Doubled: ListParents answers AccessDeniedException, as it does in most member accounts."""

    def denied(**_: Any) -> Any:
        raise client_error(
            "AccessDeniedException", "You don't have permissions to access this resource.", "ListParents"
        )

    emulator.overrides["organizations"] = {"ListParents": denied}
    with pytest.raises(Refused, match="cannot confirm"):
        confirm_sandbox(emulator.clients, "ou-abcd-sandbox1", ())


FAILURE_POINTS = [
    ("api-keys", "iam", "CreateServiceSpecificCredential"),
    ("config", "lambda", "CreateFunction"),
    ("config", "config", "GetComplianceDetailsByResource"),
    ("alerts", "sns", "Subscribe"),
    ("alerts", "config", "StartConfigRulesEvaluation"),
    ("alerts", "sqs", "ReceiveMessage"),
]


def _break(emulator: Emulator, service: str, operation: str, error: BaseException) -> None:
    """Install the doubles every test needs, then make `operation` raise `error` after its real call
    (so the resource it creates exists on the emulator)."""
    emulator.overrides["iam"] = credentials_double()
    emulator.overrides["config"] = config_double(emulator.quiet)
    overrides = emulator.overrides.setdefault(service, {})
    original = overrides.get(operation)
    real = emulator.real(service)
    method = next(name for name, api in real.meta.method_to_api_mapping.items() if api == operation)

    def broken(**kwargs: Any) -> Any:
        (original or getattr(real, method))(**kwargs)
        raise error

    overrides[operation] = broken


@pytest.mark.parametrize(("test", "service", "operation"), FAILURE_POINTS)
def test_an_exception_mid_test_leaves_nothing(emulator: Emulator, test: str, service: str, operation: str) -> None:
    """Doubles as in test_live_tests; the named call raises after doing its work."""
    before = leftovers(emulator.real)
    _break(emulator, service, operation, RuntimeError("injected"))
    result, interrupted = run_one(emulator.run_context(), test)
    assert result.status is Status.UNDECIDED
    assert "injected" in result.verdict.summary or "RuntimeError" in " ".join(result.verdict.evidence)
    assert not interrupted
    assert before == leftovers(emulator.real) == NOTHING
    assert result.cleanup and all("could not" not in line for line in result.cleanup)


@pytest.mark.parametrize(("test", "service", "operation"), FAILURE_POINTS)
def test_ctrl_c_mid_test_leaves_nothing(emulator: Emulator, test: str, service: str, operation: str) -> None:
    """KeyboardInterrupt (what SIGINT raises in the main thread) at the named call."""
    _break(emulator, service, operation, KeyboardInterrupt())
    result, interrupted = run_one(emulator.run_context(), test)
    assert interrupted and "interrupted" in result.verdict.summary
    assert leftovers(emulator.real) == NOTHING


def test_cleanup_is_idempotent_and_leaves_untagged_resources_alone(emulator: Emulator) -> None:
    iam = emulator.real("iam")
    iam.create_user(UserName="bedrock-gov-verify-rtest0001-apikey-user")  # same name, no tag: not ours
    iam.create_role(
        RoleName="bedrock-gov-verify-rtest0001-config-role",
        AssumeRolePolicyDocument="{}",
        Tags=[{"Key": TAG_KEY, "Value": "rsomeone"}],  # another run's: not this run's
    )
    ledger = Ledger(emulator.clients, "rtest0001", "arn:aws:sns:us-east-1:123456789012:bedrock-gov-alerts", [])
    ledger.add("iam-user", "bedrock-gov-verify-rtest0001-apikey-user")
    ledger.add("iam-role", "bedrock-gov-verify-rtest0001-config-role")
    ledger.add("lambda-function", "bedrock-gov-verify-rtest0001-config")
    lines = ledger.cleanup()
    assert sorted(lines) == sorted(
        [
            "iam-user bedrock-gov-verify-rtest0001-apikey-user: left alone: not tagged by this run",
            "iam-role bedrock-gov-verify-rtest0001-config-role: left alone: not tagged by this run",
            "lambda-function bedrock-gov-verify-rtest0001-config: already gone",
        ]
    )
    assert ledger.cleanup() == []
    assert len(leftovers(emulator.real)["users"]) == 1 and len(leftovers(emulator.real)["roles"]) == 1
    assert delete(emulator.clients, Resource("iam-user", "nobody"), None, "") is Outcome.ABSENT


def test_sweep_deletes_tagged_leftovers_only(emulator: Emulator) -> None:
    """Doubles: IAM credentials (an interrupted API-key test left a CodeCommit credential), Config."""
    emulator.overrides["iam"] = credentials_double()
    emulator.overrides["config"] = config_double(emulator.quiet)
    for test, service, operation in FAILURE_POINTS[:1] + FAILURE_POINTS[4:5]:
        # Simulate a run killed hard (no cleanup): make the test raise, then forget its ledger.
        _break(emulator, service, operation, RuntimeError("killed"))
        run = emulator.run_context(run_id=f"r{test[:6]}")
        ledger_cleanup = Ledger.cleanup
        Ledger.cleanup = lambda self: []  # type: ignore[method-assign]
        try:
            run_one(run, test)
        finally:
            Ledger.cleanup = ledger_cleanup  # type: ignore[method-assign]
    emulator.overrides["iam"]["CreateServiceSpecificCredential"](
        UserName="bedrock-gov-verify-rapi-key-apikey-user", ServiceName="codecommit.amazonaws.com"
    )
    emulator.real("iam").create_user(UserName="bedrock-gov-verify-untagged")
    left = leftovers(emulator.real)
    assert left["users"] and left["roles"] and left["functions"] and left["queues"] and left["subscriptions"]
    lines = sweep(emulator.clients, "arn:aws:sns:us-east-1:123456789012:bedrock-gov-alerts")
    assert leftovers(emulator.real) == {**NOTHING, "users": ["bedrock-gov-verify-untagged"]}
    assert "iam-user bedrock-gov-verify-untagged: left alone: not tagged by this run" in lines
    assert sweep(emulator.clients, "arn:aws:sns:us-east-1:123456789012:bedrock-gov-alerts") == [
        "iam-user bedrock-gov-verify-untagged: left alone: not tagged by this run"
    ]
