"""SCP hierarchy evaluation: is this request allowed by the SCPs on its path, and why?

Rules (shared aws-facts "Service control policies"): the management account and service-linked
roles are not restricted; an explicit Deny in any SCP on the path wins; otherwise every level
(root, each OU, the account) needs at least one SCP statement that Allows the request.

Speed comes from compiling each statement once and indexing statements by action: the first
request for an action computes a plan, the statements that can apply to it, each reduced to a test
on the request (or to "always", for a statement on every resource without conditions), with the
decision it leads to built in advance. Later requests for the action reuse the plan. A statement
is compiled when a plan first needs it, so a large set asked about a few actions compiles only the
statements on those actions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bedrock_gov.policy.conditions import ConditionTest, compile_conditions
from bedrock_gov.policy.matching import PatternSet, action_matches
from bedrock_gov.policy.model import Level, Statement
from bedrock_gov.policy.request import Decision, Request, StatementRef

_SERVICE_LINKED_ROLE = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/(aws-service-role/.*|AWSServiceRoleFor[^/]*)")
_PLAN_CACHE_LIMIT = 8192
_MANAGEMENT = Decision(True, "management_account", "SCPs do not restrict the management account")
_SERVICE_LINKED = Decision(True, "service_linked_role", "SCPs do not restrict service-linked roles")
_ALLOWED = Decision(True, "allowed", "every level allows the request and no statement denies it")

RequestTest = Callable[[Request], bool]


@dataclass(frozen=True)
class CompiledStatement:
    statement: Statement
    ref: StatementRef
    resources: PatternSet
    condition: ConditionTest | None

    def covers_action(self, action: str) -> bool:
        return covers_action(self.statement, action)

    def applies(self, request: Request) -> bool:
        """Whether resource and conditions match (the action was checked when planning)."""
        listed = self.resources.matches(request.resource, request.context)
        if listed == self.statement.not_resource:
            return False
        return self.condition is None or self.condition(request.context)

    def request_test(self) -> RequestTest | None:
        """`applies` specialized to this statement; None when it applies to every request."""
        condition = self.condition
        if self.resources.match_all and not self.statement.not_resource:
            if condition is None:
                return None
            return lambda request: condition(request.context)
        static = self.resources.static
        if not self.resources.dynamic and static is not None:
            fullmatch = static.fullmatch
            if self.statement.not_resource:
                if condition is None:
                    return lambda request: fullmatch(request.resource) is None
                return lambda request: fullmatch(request.resource) is None and condition(request.context)
            if condition is None:
                return lambda request: fullmatch(request.resource) is not None
            return lambda request: fullmatch(request.resource) is not None and condition(request.context)
        return self.applies

    def deny_decision(self) -> Decision:
        ref = self.ref
        message = f"denied by {ref.policy} statement {self.statement.label} at level {ref.level} ({ref.level_name})"
        return Decision(False, "explicit_deny", message, statement=ref)


@dataclass(frozen=True)
class _Plan:
    denies: tuple[tuple[RequestTest | None, Decision], ...]
    """Deny statements in order, each with its test (None: always applies) and its decision."""
    allow_checks: tuple[tuple[tuple[RequestTest, ...], Decision], ...]
    """Levels not always allowed: the tests of their Allow statements, and the decision if none holds."""


def covers_action(statement: Statement, action: str) -> bool:
    listed = any(action_matches(pattern, action) for pattern in statement.actions)
    return listed != statement.not_action


def never_applies(statement: Statement) -> bool:
    """`NotResource: "*"` excludes every resource."""
    return statement.not_resource and "*" in statement.resources


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
        sources: list[tuple[Statement, StatementRef]] = []
        for level_index, level in enumerate(self.levels):
            for policy in sorted(level.policies, key=lambda p: p.name):
                for statement in policy.statements:
                    ref = StatementRef(
                        policy.name, level_index, level.name, statement.sid, statement.index, statement.effect
                    )
                    sources.append((statement, ref))
        self._sources = tuple(sources)
        self._compiled: dict[int, CompiledStatement] = {}
        self._plans: dict[str, _Plan] = {}

    def _compiled_at(self, index: int) -> CompiledStatement:
        compiled = self._compiled.get(index)
        if compiled is None:
            compiled = self._compiled[index] = compile_statement(*self._sources[index])
        return compiled

    def _no_allow(self, level_index: int) -> Decision:
        name = self.levels[level_index].name
        message = f"no SCP at level {level_index} ({name}) allows the request"
        return Decision(False, "no_allow", message, level=level_index, level_name=name)

    def _plan(self, action: str) -> _Plan:
        """The plan for `action`, cached under its lower-case name and under the spelling asked for."""
        key = action.lower()
        plan = self._plans.get(key) or self._make_plan(key)
        if len(self._plans) >= _PLAN_CACHE_LIMIT:
            self._plans.clear()
        self._plans[key] = plan
        self._plans[action] = plan
        return plan

    def _make_plan(self, action: str) -> _Plan:
        relevant = [
            self._compiled_at(index)
            for index, (statement, _) in enumerate(self._sources)
            if covers_action(statement, action) and not never_applies(statement)
        ]
        denies: list[tuple[RequestTest | None, Decision]] = []
        for item in relevant:
            if item.statement.effect == "Deny":
                test = item.request_test()
                denies.append((test, item.deny_decision()))
                if test is None:
                    break  # later Deny statements can never be the first to apply
        allow_checks: list[tuple[tuple[RequestTest, ...], Decision]] = []
        for level_index in range(len(self.levels)):
            tests = [
                item.request_test()
                for item in relevant
                if item.statement.effect == "Allow" and item.ref.level == level_index
            ]
            if None not in tests:
                allow_checks.append((tuple(test for test in tests if test is not None), self._no_allow(level_index)))
        return _Plan(tuple(denies), tuple(allow_checks))

    def evaluate(self, request: Request) -> Decision:
        if request.account_is_management:
            return _MANAGEMENT
        if request.principal_arn and _SERVICE_LINKED_ROLE.fullmatch(request.principal_arn):
            return _SERVICE_LINKED
        plan = self._plans.get(request.action) or self._plan(request.action)
        for test, decision in plan.denies:
            if test is None or test(request):
                return decision
        for tests, decision in plan.allow_checks:
            for test in tests:
                if test(request):
                    break
            else:
                return decision
        return _ALLOWED
