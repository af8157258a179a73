"""The evaluator's per-action plans (statement tests specialized at compile time, decisions built in
advance, "always" statements short-circuited) must decide exactly as the plain reading does: every
statement checked with `CompiledStatement.applies`, first applying Deny wins, then each level in
order needs an applying Allow."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bedrock_gov.policy import Decision, Evaluator, Level, Request, parse_policy
from bedrock_gov.policy.evaluator import compile_statement
from bedrock_gov.policy.request import StatementRef

MODEL = "arn:aws:bedrock:us-east-1::foundation-model/"
STATEMENTS: list[dict[str, object]] = [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Action": "bedrock:*", "Resource": f"{MODEL}anthropic.*"},
    {"Effect": "Allow", "NotAction": "iam:*", "NotResource": "*"},
    {"Effect": "Allow", "Action": "bedrock:Invoke*", "NotResource": f"{MODEL}deepseek.*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "ml"}}},
    {"Effect": "Deny", "Action": "bedrock:InvokeModel", "Resource": "*"},
    {"Effect": "Deny", "Action": "bedrock:*", "Resource": f"{MODEL}deepseek.*"},
    {"Effect": "Deny", "Action": "bedrock:*", "NotResource": [f"{MODEL}anthropic.*", f"{MODEL}amazon.*"]},
    {"Effect": "Deny", "Action": "*", "NotResource": "*"},
    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
    {"Effect": "Deny", "NotAction": "bedrock:*", "Resource": "arn:aws:iam::*:user/${aws:PrincipalTag/team}-*"},
    {
        "Effect": "Deny",
        "Action": "bedrock:InvokeModel*",
        "NotResource": f"{MODEL}${{aws:PrincipalTag/team}}.*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}},
    },
]
REQUESTS = [
    Request.build(action, resource, context)
    for action in (
        "bedrock:InvokeModel",
        "BEDROCK:invokemodelwithresponsestream",
        "bedrock:ListFoundationModels",
        "iam:GetUser",
    )
    for resource in (
        f"{MODEL}anthropic.claude-v2",
        f"{MODEL}deepseek.r1-v1:0",
        "arn:aws:iam::111122223333:user/ml-x",
        "*",
    )
    for context in (
        {},
        {"aws:PrincipalTag/team": "ml", "aws:RequestedRegion": "eu-west-1"},
        {"aws:MultiFactorAuthPresent": "false"},
    )
]


def plain_decision(levels: list[Level], request: Request) -> tuple[str, str | None, int | None]:
    compiled = [
        compile_statement(
            statement, StatementRef(policy.name, index, level.name, statement.sid, statement.index, statement.effect)
        )
        for index, level in enumerate(levels)
        for policy in sorted(level.policies, key=lambda p: p.name)
        for statement in policy.statements
    ]
    relevant = [item for item in compiled if item.covers_action(request.action.lower()) and item.applies(request)]
    for item in relevant:
        if item.statement.effect == "Deny":
            return "explicit_deny", item.ref.policy + str(item.ref.index), None
    for index in range(len(levels)):
        if not any(item.statement.effect == "Allow" and item.ref.level == index for item in relevant):
            return "no_allow", None, index
    return "allowed", None, None


def summary(decision: Decision) -> tuple[str, str | None, int | None]:
    statement = decision.statement.policy + str(decision.statement.index) if decision.statement else None
    return decision.reason, statement, decision.level


hierarchies = st.lists(
    st.lists(st.lists(st.sampled_from(range(len(STATEMENTS))), min_size=1, max_size=4), min_size=1, max_size=3),
    min_size=1,
    max_size=3,
)


@settings(max_examples=150, deadline=None)
@given(hierarchies)
def test_plans_decide_like_the_plain_reading(shape: list[list[list[int]]]) -> None:
    levels = [
        Level(
            f"level{level_index}",
            tuple(
                parse_policy(
                    json.dumps({"Version": "2012-10-17", "Statement": [STATEMENTS[i] for i in picks]}),
                    f"p{policy_index}",
                    check_actions=False,
                )
                for policy_index, picks in enumerate(policies)
            ),
        )
        for level_index, policies in enumerate(shape)
    ]
    evaluator = Evaluator(levels)
    for _ in range(2):  # the second pass runs on cached plans
        for request in REQUESTS:
            assert summary(evaluator.evaluate(request)) == plain_decision(levels, request), request
