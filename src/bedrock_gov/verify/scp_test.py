"""Test 1, the SCPs: an unapproved model is denied by an SCP; the approved model is not, directly
or through its cross-Region inference profile (the over-blocking the article's SCP 2 causes).

One Converse call per model, at most `MAX_TOKENS` output tokens. Converse is authorized as
`bedrock:InvokeModel` and takes the same request for every provider.
"""

from __future__ import annotations

from typing import Any

from bedrock_gov.catalog.bedrock import GEO_PROFILES, MODEL_FAMILIES, UNKNOWN_FAMILY_EXAMPLE, model_id_for
from bedrock_gov.verify.cleanup import Ledger
from bedrock_gov.verify.context import ModelChoice, RunContext
from bedrock_gov.verify.denials import Answer, Cause, classify, judge
from bedrock_gov.verify.outcome import Status, Steps, Verdict, combine
from bedrock_gov.verify.plan import TestPlan

MAX_TOKENS = 8
PROMPT = "Reply with the single word OK."
DEFAULT_APPROVED = "amazon"
DEFAULT_UNAPPROVED = "deepseek"


def choose_models(region: str, approved: list[str], blocked: list[str]) -> ModelChoice:
    """The intent's first approved family (amazon when approved or nothing is said) and a family that is
    blocked or not approved (deepseek by default), with the approved model's geography profile."""
    approved_family = DEFAULT_APPROVED if not approved or DEFAULT_APPROVED in approved else approved[0]
    candidates = [*blocked, DEFAULT_UNAPPROVED, *MODEL_FAMILIES, UNKNOWN_FAMILY_EXAMPLE]
    unapproved_family = next(family for family in candidates if family not in approved)
    approved_model = model_id_for(approved_family)
    geo = next((geo for geo, regions in GEO_PROFILES.items() if region in regions), None)
    return ModelChoice(model_id_for(unapproved_family), approved_model, f"{geo}.{approved_model}" if geo else None)


def _targets(models: ModelChoice) -> list[tuple[str, str, bool]]:
    """(label, model ID, must be denied by an SCP)."""
    targets = [("unapproved model", models.unapproved, True), ("approved model, direct", models.approved, False)]
    if models.approved_profile:
        targets.append(("approved model, inference profile", models.approved_profile, False))
    return targets


def plan(run: RunContext) -> TestPlan:
    calls = tuple(
        ("bedrock-runtime Converse", f"{model} ({'expect an SCP denial' if denied else 'expect no SCP denial'})")
        for _, model, denied in _targets(run.models)
    )
    return TestPlan(creates=(), calls=calls)


def _invoke(runtime: Any, model: str) -> tuple[Answer, str]:
    try:
        response = runtime.converse(
            modelId=model,
            messages=[{"role": "user", "content": [{"text": PROMPT}]}],
            inferenceConfig={"maxTokens": MAX_TOKENS},
        )
    except Exception as error:
        return classify(error), ""
    tokens = response.get("usage", {}).get("outputTokens")
    return Answer(Cause.ALLOWED), f"{tokens} output tokens" if tokens is not None else ""


def run_test(run: RunContext, ledger: Ledger, steps: Steps) -> Verdict:
    runtime = run.clients("bedrock-runtime")
    checks: list[tuple[Status, str]] = []
    for label, model, must_be_denied in _targets(run.models):
        with steps.timed(f"bedrock-runtime Converse {model}") as detail:
            answer, usage = _invoke(runtime, model)
            detail.append(answer.cause.value)
        expected = "an SCP denial" if must_be_denied else "no SCP denial"
        line = f"{label} {model}: expected {expected}, got {answer.cause}: {usage or answer.evidence()}"
        checks.append((judge(answer, must_be_denied), line))
    summaries = {
        Status.PASS: "the unapproved model is denied by an SCP; the approved model is not",
        Status.FAIL: "an SCP answer is wrong (see evidence)",
        Status.UNDECIDED: "could not tell whether an SCP decided some call (see evidence)",
    }
    return combine(checks, summaries)
