"""What an IAM principal's identity policies grant together, decided by the policy engine, never by
reading JSON text: all its policies form one level (any Allow grants, any Deny wins), and requests
ask whether that level allows

- every action on every resource (administrative access): an action of no AWS service, which only a
  statement on every action (`*`, or a NotAction) covers, on `*` or on an ARN of no AWS service
  (so `"Resource": "arn:*"` counts too);
- an IAM action that lets the principal grant itself more (Prowler's single-action privilege
  escalations), on `*`, on the principal itself, or on its own customer managed policies;
- every Bedrock action AWS publishes on `*` (full Bedrock access).

Conditions depend on the request, which the audit does not have, so each question is asked twice:
with conditional Allows dropped and conditional Denies applied (a grant then holds whatever the
conditions say), and the other way round (a grant only found then is reported as conditional).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache

from bedrock_gov.catalog.actions import actions_by_service
from bedrock_gov.checks.privileges import Grant, GrantKind, Privileges
from bedrock_gov.policy import Evaluator, Level, Policy, PolicyParseError, Request, Statement, parse_policy
from bedrock_gov.snapshot import PrincipalPolicies

ALL_ACTIONS_PROBE = "bedrockgovprobe:AnyAction"
"""An action of no AWS service: a statement covers it only if it covers every action."""
SELF_ESCALATION_ACTIONS = (
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:CreatePolicyVersion",
    "iam:PutGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:SetDefaultPolicyVersion",
    "iam:UpdateAssumeRolePolicy",
)
"""Each lets a principal widen its own permissions, on itself or on a policy it holds."""
OTHER_PRINCIPAL_ACTIONS = ("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile")
"""Each lets a principal take over another user; counted on every resource (`*`) only."""
AWS_MANAGED_POLICY_PREFIX = ":iam::aws:policy/"


@cache
def bedrock_actions() -> tuple[str, ...]:
    return actions_by_service()["bedrock"]


def _statement_variant(statement: Statement, certain: bool) -> Statement | None:
    """The statement with its conditions settled: for `certain`, conditional Allows never apply and
    conditional Denies always do; otherwise the reverse. None: the statement is dropped."""
    if not statement.conditions:
        return statement
    applies = (statement.effect == "Deny") == certain
    return replace(statement, conditions=()) if applies else None


def _evaluator(policies: Sequence[Policy], certain: bool) -> Evaluator:
    settled = tuple(
        replace(
            policy,
            statements=tuple(
                kept for statement in policy.statements if (kept := _statement_variant(statement, certain)) is not None
            ),
        )
        for policy in policies
    )
    return Evaluator([Level("identity policies", settled)])


def _parsed(principal: PrincipalPolicies) -> tuple[list[Policy], list[str]]:
    """The principal's policies that parse, and why each other one cannot be judged."""
    parsed: list[Policy] = []
    unreadable: list[str] = []
    for policy in principal["policies"]:
        where = f"policy {policy['name']}" + (f" (group {policy['group']})" if policy["group"] else "")
        if policy["document"] is None:
            unreadable.append(f"{where} was not read: {policy.get('reason') or 'no reason given'}")
            continue
        try:
            parsed.append(parse_policy(policy["document"], where, limits=None, check_actions=False))
        except PolicyParseError as error:
            unreadable.append(f"{where} does not parse: {'; '.join(issue.message for issue in error.issues[:3])}")
    return parsed, unreadable


def _probe_arn(principal_arn: str) -> str:
    """An ARN of no AWS service in the principal's partition and account: a statement on it covers
    every resource of the kind `arn:aws:*` or `arn:*`, not only `*`."""
    parts = principal_arn.split(":")
    partition, account = (parts[1], parts[4]) if len(parts) >= 6 else ("aws", "")
    return f"arn:{partition}:bedrockgovprobe:us-east-1:{account}:probe/any"


def _questions(principal: PrincipalPolicies) -> Iterable[tuple[GrantKind, str, list[Request]]]:
    """Each privilege as (kind, what to call it, the requests any one of which grants it)."""
    context = {"aws:principalarn": principal["arn"]}
    if ":user/" in principal["arn"]:
        context["aws:username"] = principal["name"]
    own_policies = [
        policy["arn"]
        for policy in principal["policies"]
        if policy["arn"] and AWS_MANAGED_POLICY_PREFIX not in policy["arn"]
    ]
    everywhere = ["*", _probe_arn(principal["arn"])]
    admin = [Request.build(ALL_ACTIONS_PROBE, resource, context) for resource in everywhere]
    yield "administrator", "every action on every resource", admin
    for action in SELF_ESCALATION_ACTIONS:
        targets = ["*", principal["arn"], *own_policies]
        requests = [Request.build(action, target, context) for target in targets]
        yield "privilege_escalation", action, requests
    for action in OTHER_PRINCIPAL_ACTIONS:
        yield "privilege_escalation", action, [Request.build(action, "*", context)]


def judge_privileges(principal: PrincipalPolicies) -> Privileges:
    """What the principal's identity policies grant together (permissions boundaries and SCPs aside)."""
    policies, unreadable = _parsed(principal)
    certain, possible = _evaluator(policies, certain=True), _evaluator(policies, certain=False)

    def granted(evaluator: Evaluator, requests: Sequence[Request]) -> bool:
        return any(evaluator.evaluate(request).allowed for request in requests)

    grants: list[Grant] = []
    for kind, detail, requests in _questions(principal):
        if granted(certain, requests):
            grants.append(Grant(kind, detail, conditional=False))
        elif granted(possible, requests):
            grants.append(Grant(kind, detail, conditional=True))
    every_bedrock = [Request.build(action, "*") for action in bedrock_actions()]
    if all(certain.evaluate(request).allowed for request in every_bedrock):
        grants.append(Grant("bedrock_full_access", "every Bedrock action on every resource", conditional=False))
    elif all(possible.evaluate(request).allowed for request in every_bedrock):
        grants.append(Grant("bedrock_full_access", "every Bedrock action on every resource", conditional=True))
    return Privileges(tuple(grants), tuple(unreadable))
