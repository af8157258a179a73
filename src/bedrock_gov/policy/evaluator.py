"""SCP hierarchy evaluation: is this request allowed by the SCPs on its path, and why?

Rules (shared aws-facts "Service control policies"): the management account and service-linked
roles are not restricted; an explicit Deny in any SCP on the path wins; otherwise every level
(root, each OU, the account) needs at least one SCP statement that Allows the request.

Speed comes from compiling each statement once and indexing statements by action: the first
request for an action computes which statements can apply to it, later ones reuse that plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bedrock_gov.policy.conditions import ConditionTest, compile_conditions
from bedrock_gov.policy.matching import PatternSet, action_matches
from bedrock_gov.policy.model import Level, Statement
from bedrock_gov.policy.request import Decision, Request, StatementRef

_SERVICE_LINKED_ROLE = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/(aws-service-role/.*|AWSServiceRoleFor[^/]*)")
_PLAN_CACHE_LIMIT = 8192


@dataclass(frozen=True)
class CompiledStatement:
    statement: Statement
    ref: StatementRef
    resources: PatternSet
    condition: ConditionTest | None

    def covers_action(self, action: str) -> bool:
        listed = any(action_matches(pattern, action) for pattern in self.statement.actions)
        return listed != self.statement.not_action

    def applies(self, request: Request) -> bool:
        """Whether resource and conditions match (the action was checked when planning)."""
        listed = self.resources.matches(request.resource, request.context)
        if listed == self.statement.not_resource:
            return False
        return self.condition is None or self.condition(request.context)


@dataclass(frozen=True)
class _Plan:
    denies: tuple[CompiledStatement, ...]
    allows_by_level: tuple[tuple[CompiledStatement, ...], ...]


def compile_statement(statement: Statement, ref: StatementRef) -> CompiledStatement:
    return CompiledStatement(
        statement=statement,
        ref=ref,
        resources=PatternSet(statement.resources, arn=True),
        condition=compile_conditions(statement.conditions),
    )


class Evaluator:
    """Decides requests against one SCP hierarchy, `levels` ordered root first."""

    def __init__(self, levels: Sequence[Level]) -> None:
        self.levels = tuple(levels)
        compiled: list[CompiledStatement] = []
        for level_index, level in enumerate(self.levels):
            for policy in sorted(level.policies, key=lambda p: p.name):
                for statement in policy.statements:
                    ref = StatementRef(
                        policy.name, level_index, level.name, statement.sid, statement.index, statement.effect
                    )
                    compiled.append(compile_statement(statement, ref))
        self._statements = tuple(compiled)
        self._plans: dict[str, _Plan] = {}

    def _plan(self, action: str) -> _Plan:
        key = action.lower()
        plan = self._plans.get(key)
        if plan is not None:
            return plan
        relevant = [item for item in self._statements if item.covers_action(key)]
        plan = _Plan(
            denies=tuple(item for item in relevant if item.statement.effect == "Deny"),
            allows_by_level=tuple(
                tuple(item for item in relevant if item.statement.effect == "Allow" and item.ref.level == level_index)
                for level_index in range(len(self.levels))
            ),
        )
        if len(self._plans) >= _PLAN_CACHE_LIMIT:
            self._plans.clear()
        self._plans[key] = plan
        return plan

    def evaluate(self, request: Request) -> Decision:
        if request.account_is_management:
            return Decision(True, "management_account", "SCPs do not restrict the management account")
        if request.principal_arn and _SERVICE_LINKED_ROLE.fullmatch(request.principal_arn):
            return Decision(True, "service_linked_role", "SCPs do not restrict service-linked roles")
        plan = self._plan(request.action)
        for item in plan.denies:
            if item.applies(request):
                ref = item.ref
                return Decision(
                    False,
                    "explicit_deny",
                    f"denied by {ref.policy} statement {item.statement.label} at level {ref.level} ({ref.level_name})",
                    statement=ref,
                )
        for level_index, allows in enumerate(plan.allows_by_level):
            if not any(item.applies(request) for item in allows):
                name = self.levels[level_index].name
                return Decision(
                    False,
                    "no_allow",
                    f"no SCP at level {level_index} ({name}) allows the request",
                    level=level_index,
                    level_name=name,
                )
        return Decision(True, "allowed", "every level allows the request and no statement denies it")
