"""Differential test: our SCP evaluator against @cloud-copilot/iam-simulate on generated requests.

Two hierarchies: the article's SCPs (root, AI-workloads OU, account, FullAWSAccess everywhere) and
`conditional/` (four levels with Allow lists, NotAction/NotResource, String/ARN/Numeric/Bool/IP/Null
conditions, IfExists, ForAnyValue/ForAllValues, policy variables, multivalued and absent keys).
Every request is decided by both; the three outcomes (Allowed, ExplicitlyDenied, ImplicitlyDenied)
must be equal, or the disagreement must be one of the documented departures (`departures.py`,
each shown on its own in `test_departures.py`).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

import pytest
from departures import UNRESOLVED_VARIABLE, explain
from iam_simulate import RawRequest, missing_reason, outcome, run_batch
from workload import article_levels, conditional_levels, generate

from bedrock_gov.policy import Decision, Evaluator, Level

ARTICLE_SEED, CONDITIONAL_SEED = 20260515, 20250919
REQUESTS_PER_HIERARCHY = 12_000

_MISSING = missing_reason()
if _MISSING is not None and os.environ.get("CI"):
    raise RuntimeError(f"the iam-simulate oracle must run in CI: {_MISSING}")
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=f"iam-simulate oracle unavailable: {_MISSING}")


@dataclass(frozen=True)
class Compared:
    levels: list[Level]
    requests: list[RawRequest]
    ours: list[Decision]
    theirs: list[str]

    def disagreements(self) -> list[tuple[RawRequest, Decision, str]]:
        return [
            (request, decision, oracle)
            for request, decision, oracle in zip(self.requests, self.ours, self.theirs, strict=True)
            if outcome(decision) != oracle
        ]


@pytest.fixture(scope="module")
def compared() -> dict[str, Compared]:
    cases = {
        "article": (article_levels(), generate(ARTICLE_SEED, REQUESTS_PER_HIERARCHY)),
        "conditional": (conditional_levels(), generate(CONDITIONAL_SEED, REQUESTS_PER_HIERARCHY)),
    }
    results = run_batch(list(cases.values()))
    out: dict[str, Compared] = {}
    for (name, (levels, requests)), result in zip(cases.items(), results, strict=True):
        evaluator = Evaluator(levels)
        ours = [evaluator.evaluate(request.to_request()) for request in requests]
        out[name] = Compared(levels, requests, ours, result.outcomes)
    return out


def _describe(request: RawRequest, decision: Decision, oracle: str) -> str:
    return (
        f"{request.label}: {request.to_json()} -> ours {outcome(decision)} ({decision.message}), iam-simulate {oracle}"
    )


def test_at_least_ten_thousand_requests_are_compared(compared: dict[str, Compared]) -> None:
    assert sum(len(case.theirs) for case in compared.values()) >= 10_000
    for case in compared.values():
        assert len(case.theirs) == len(case.requests) == len(case.ours)


def test_the_article_hierarchy_has_no_disagreement(compared: dict[str, Compared]) -> None:
    problems = [_describe(*item) for item in compared["article"].disagreements()]
    assert not problems, f"{len(problems)} disagreements, first ones:\n" + "\n".join(problems[:10])


def test_every_conditional_disagreement_is_a_documented_departure(compared: dict[str, Compared]) -> None:
    case = compared["conditional"]
    explained: Counter[str] = Counter()
    unexplained: list[str] = []
    for request, decision, oracle in case.disagreements():
        reason = explain(case.levels, request.to_request(), oracle)
        if reason is None:
            unexplained.append(_describe(request, decision, oracle))
        else:
            explained[reason] += 1
    assert not unexplained, f"{len(unexplained)} unexplained disagreements:\n" + "\n".join(unexplained[:10])
    assert set(explained) <= {UNRESOLVED_VARIABLE}


@pytest.mark.parametrize("name", ["article", "conditional"])
def test_the_workload_reaches_every_route_and_outcome(compared: dict[str, Compared], name: str) -> None:
    """Guards against a generator that drifts into deciding everything the same way."""
    case = compared[name]
    routes = Counter(request.label.split(" ", 1)[0] for request in case.requests)
    for kind in ("direct", "geo-profile", "global-profile", "application-profile", "provisioned", "bearer", "api-key"):
        assert routes[kind] > 0, kind
    actions = {request.action for request in case.requests}
    assert {"bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"} <= actions
    outcomes = Counter(case.theirs)
    expected = {"Allowed", "ExplicitlyDenied"} | ({"ImplicitlyDenied"} if name == "conditional" else set())
    assert all(outcomes[item] >= len(case.theirs) // 50 for item in expected), outcomes


def test_every_conditional_statement_and_level_decides_some_request(compared: dict[str, Compared]) -> None:
    """Each Deny statement of the conditional hierarchy is the deciding one somewhere, and each
    level is the one without an Allow somewhere: the comparison covers the whole hierarchy."""
    case = compared["conditional"]
    deciding = {decision.statement.sid for decision in case.ours if decision.statement is not None}
    denies = {
        statement.sid
        for level in case.levels
        for policy in level.policies
        for statement in policy.statements
        if statement.effect == "Deny"
    }
    assert denies <= deciding, denies - deciding
    levels_without_allow = {decision.level_name for decision in case.ours if decision.reason == "no_allow"}
    assert levels_without_allow == {level.name for level in case.levels}
