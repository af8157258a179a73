"""Test 2, long-term Bedrock API keys: creating one (an IAM service-specific credential for
bedrock.amazonaws.com) is denied by an SCP, while a CodeCommit credential is not (the SCP must not
block every service-specific credential).

A temporary IAM user holds the attempts. A credential that does get created is deleted at once and
its secret never leaves this module's stack frame; the user is deleted whatever happens.
"""

from __future__ import annotations

from typing import Any

from bedrock_gov.catalog.bedrock import API_KEY_SERVICE
from bedrock_gov.verify.cleanup import Ledger
from bedrock_gov.verify.context import TAG_KEY, RunContext
from bedrock_gov.verify.denials import Answer, Cause, classify, judge
from bedrock_gov.verify.outcome import Status, Steps, Verdict, combine
from bedrock_gov.verify.plan import TestPlan

CONTROL_SERVICE = "codecommit.amazonaws.com"
"""A service-specific credential the governance SCPs have no reason to block."""
USER_LABEL = "apikey-user"


def plan(run: RunContext) -> TestPlan:
    return TestPlan(
        creates=(("iam-user", run.name(USER_LABEL)),),
        calls=(
            ("iam CreateUser", "the temporary user the credentials are asked for"),
            ("iam CreateServiceSpecificCredential", f"{API_KEY_SERVICE} (expect an SCP denial)"),
            ("iam CreateServiceSpecificCredential", f"{CONTROL_SERVICE} (expect success)"),
            ("iam DeleteServiceSpecificCredential", "any credential created, at once"),
        ),
    )


def _attempt(iam: Any, user: str, service: str) -> Answer:
    """Ask for a credential; delete it at once if it is granted (the secret is dropped unread)."""
    try:
        created = iam.create_service_specific_credential(UserName=user, ServiceName=service)
    except Exception as error:
        return classify(error)
    credential_id = created["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
    del created
    iam.delete_service_specific_credential(UserName=user, ServiceSpecificCredentialId=credential_id)
    return Answer(Cause.ALLOWED, message=f"created {credential_id}, deleted at once")


def run_test(run: RunContext, ledger: Ledger, steps: Steps) -> Verdict:
    iam = run.clients("iam")
    user = run.name(USER_LABEL)
    with steps.timed("iam CreateUser") as detail:
        ledger.add("iam-user", user)
        iam.create_user(UserName=user, Tags=[{"Key": TAG_KEY, "Value": run.run_id}])
        detail.append(user)
    checks: list[tuple[Status, str]] = []
    for service, must_be_denied in ((API_KEY_SERVICE, True), (CONTROL_SERVICE, False)):
        with steps.timed(f"iam CreateServiceSpecificCredential {service}") as detail:
            answer = _attempt(iam, user, service)
            detail.append(answer.cause.value)
        expected = "an SCP denial" if must_be_denied else "success"
        shown = answer.message if answer.cause is Cause.ALLOWED else answer.evidence()
        checks.append((judge(answer, must_be_denied), f"{service}: expected {expected}, got {answer.cause}: {shown}"))
    summaries = {
        Status.PASS: "a Bedrock API key is denied by an SCP; a CodeCommit credential is not",
        Status.FAIL: "a credential answer is wrong (see evidence)",
        Status.UNDECIDED: "could not tell whether an SCP decided a credential request (see evidence)",
    }
    return combine(checks, summaries)
