"""Check a rendered SCP set against the intent's request suite with the policy evaluator.

The rendered documents sit on one target below a root that has only `FullAWSAccess`; the target
keeps `FullAWSAccess` too. Any expectation that fails is a bug in the renderer, never a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from bedrock_gov.catalog.iam import FULL_AWS_ACCESS, FULL_AWS_ACCESS_DOCUMENT
from bedrock_gov.intent import Intent
from bedrock_gov.policy import Evaluator, Level, Policy, parse_policy
from bedrock_gov.render.suite import Expectation, request_suite

_SHOWN = 20


class RenderSelfCheckError(AssertionError):
    """The rendered policies do not do what the intent says: an internal bug, with the cases."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        shown = "\n".join(f"  - {failure}" for failure in failures[:_SHOWN])
        more = f"\n  ... and {len(failures) - _SHOWN} more" if len(failures) > _SHOWN else ""
        super().__init__(
            f"internal bug: the rendered SCPs break the intent in {len(failures)} case(s); nothing was written. "
            f"Please report this with your governance.yaml.\n{shown}{more}"
        )


def full_access() -> Policy:
    return parse_policy(FULL_AWS_ACCESS_DOCUMENT, FULL_AWS_ACCESS)


def _failure(evaluator: Evaluator, expectation: Expectation) -> str | None:
    decisions = [evaluator.evaluate(leg) for leg in expectation.legs]
    allowed = all(decision.allowed for decision in decisions)
    if allowed == expectation.allowed:
        return None
    if expectation.allowed:
        leg, decision = next((leg, d) for leg, d in zip(expectation.legs, decisions, strict=True) if not d.allowed)
        return f"{expectation.description}: should be allowed, but leg {leg.resource} is {decision.message}"
    return f"{expectation.description}: should be denied, but every leg is allowed"


def self_check(intent: Intent, policies: Sequence[Policy]) -> int:
    """Raise `RenderSelfCheckError` unless `policies` meet every expectation; returns how many were checked."""
    levels = [Level("root", (full_access(),)), Level("target", (full_access(), *policies))]
    evaluator = Evaluator(levels)
    suite = request_suite(intent)
    failures = [failure for expectation in suite if (failure := _failure(evaluator, expectation)) is not None]
    if failures:
        raise RenderSelfCheckError(failures)
    return len(suite)
