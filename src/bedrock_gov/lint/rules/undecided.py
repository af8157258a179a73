"""Say so when the behaviour checks cannot decide: statements whose conditions test request keys
the CRIS legs and API-key requests do not carry (principal tags, source VPC, ...). Those checks
evaluated them for requests without such keys; callers that carry them may be treated otherwise."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from bedrock_gov.catalog.bedrock import API_KEY_SERVICE, BEARER_TOKEN_ACTIONS, BEARER_TOKEN_TYPES, MODEL_FAMILIES
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Rule
from bedrock_gov.policy import Evaluator, Level, Policy, Request, Severity, Statement
from bedrock_gov.policy.evaluator import covers_action
from bedrock_gov.policy.routes import bearer_token_request, credential_request, geo_profile_route, global_profile_route

MODELLED_KEYS = {
    "aws:requestedregion",
    "bedrock:inferenceprofilearn",
    "bedrock:bearertokentype",
    "bedrock-mantle:bearertokentype",
    "iam:servicespecificcredentialservicename",
    "iam:servicespecificcredentialagedays",
}
"""Keys the behaviour checks set on their requests."""


def checked_requests() -> list[Request]:
    """Requests of every shape the behaviour checks evaluate (one model; the ARNs differ by shape only)."""
    model_id = MODEL_FAMILIES["anthropic"]
    requests = [*geo_profile_route(model_id, "us").legs, *global_profile_route(model_id).legs]
    requests += [bearer_token_request(action, kind) for action in BEARER_TOKEN_ACTIONS for kind in BEARER_TOKEN_TYPES]
    requests.append(credential_request(API_KEY_SERVICE))
    return requests


def _denied_actions(statement: Statement, requests: list[Request]) -> list[str]:
    """The checked requests' actions that `statement` denies once its conditions are dropped."""
    requests = [request for request in requests if covers_action(statement, request.action)]
    if not requests:
        return []  # the action alone rules the statement out: no need to compile it
    bare = Policy("statement", (dataclasses.replace(statement, conditions=()),))
    evaluator = Evaluator([Level("statement", (bare,))])
    return sorted({r.action for r in requests if evaluator.evaluate(r).reason == "explicit_deny"})


def _undecided(ctx: LintContext) -> Iterator[Finding]:
    requests = checked_requests()
    denied: dict[tuple[tuple[str, ...], tuple[str, ...], bool, bool], list[str]] = {}
    for located in ctx.statements():
        statement = located.statement
        if statement.effect != "Deny":
            continue
        keys = sorted({c.key for c in statement.conditions if c.key.lower() not in MODELLED_KEYS})
        if not keys:
            continue
        scope = (statement.actions, statement.resources, statement.not_action, statement.not_resource)
        if scope not in denied:  # large sets repeat a Deny under many conditions
            denied[scope] = _denied_actions(statement, requests)
        hit = denied[scope]
        if not hit:
            continue
        yield UNDECIDED.finding(
            located.file,
            f"{statement.pointer}/Condition",
            f"{located.label} tests {', '.join(keys)}, which the cross-Region and API-key checks cannot know; "
            f"they evaluated it for requests without these keys, so callers that carry them ({', '.join(hit)}) "
            "were not checked",
        )


UNDECIDED = Rule(
    "behaviour-check-incomplete",
    Severity.NOTE,
    "A Deny's conditions use keys the behaviour checks do not model",
    "The cross-Region and API-key rules decide by evaluating representative requests. A Deny on those "
    "actions that tests other keys (principal tags, VPC endpoints, ...) was evaluated as if the keys were "
    "absent; its effect on callers that carry them is not decided here, so no finding is not a proof.",
    "Evaluate requests with those keys set (bedrock-gov evaluate --context key=value) for the callers that matter.",
    _undecided,
)

RULES = (UNDECIDED,)
