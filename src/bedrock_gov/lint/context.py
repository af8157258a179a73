"""What every lint rule can ask of the policy set: its statements, the limits, and the evaluator.

The set is read as one path through the hierarchy, one level per directory (or per run of files
named together). A level with no Allow statement at all is evaluated as if `FullAWSAccess` were
attached there, as AWS does by default, so that deny-only files can be linted on their own.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bedrock_gov.catalog.iam import FULL_AWS_ACCESS, FULL_AWS_ACCESS_DOCUMENT
from bedrock_gov.catalog.limits import ScpLimits
from bedrock_gov.lint.model import Located, PolicyFile, PolicyLevel
from bedrock_gov.policy import Decision, Evaluator, Level, Policy, Request, Statement, parse_policy
from bedrock_gov.policy.matching import action_matches
from bedrock_gov.policy.request import StatementRef


def implicit_full_access() -> Policy:
    return parse_policy(FULL_AWS_ACCESS_DOCUMENT, f"{FULL_AWS_ACCESS} (implicit)")


@dataclass
class LintContext:
    levels: Sequence[PolicyLevel]
    limits: ScpLimits
    _single: dict[tuple[int, int], Evaluator] = field(default_factory=dict)

    def files(self) -> Iterator[PolicyFile]:
        for level in self.levels:
            yield from level.files

    def statements(self) -> Iterator[Located]:
        for file in self.files():
            for statement in file.policy.statements:
                yield Located(file, statement)

    @cached_property
    def evaluator(self) -> Evaluator:
        levels: list[Level] = []
        for level in self.levels:
            policies = [file.policy for file in level.files]
            if not any(statement.effect == "Allow" for policy in policies for statement in policy.statements):
                policies.append(implicit_full_access())
            levels.append(Level(level.name, tuple(policies)))
        return Evaluator(levels)

    def decide(self, request: Request) -> Decision:
        return self.evaluator.evaluate(request)

    def denied(self, request: Request) -> bool:
        return self.decide(request).reason == "explicit_deny"

    def located(self, ref: StatementRef) -> Located | None:
        """The statement an evaluator decision names."""
        level = self.levels[ref.level]
        for file in level.files:
            if file.policy.name == ref.policy:
                for statement in file.policy.statements:
                    if statement.index == ref.index:
                        return Located(file, statement)
        return None

    def applies(self, located: Located, request: Request, cache: bool = True) -> bool:
        """Whether this one statement matches the request (action, resource and conditions).
        `cache=False` for a statement that is not the file's own (a variant built by a rule)."""
        statement = located.statement
        if any(action_matches(pattern, request.action) for pattern in statement.actions) == statement.not_action:
            return False  # the action alone rules it out: no need to compile the statement
        key = (id(located.file), located.statement.index)
        evaluator = self._single.get(key) if cache else None
        if evaluator is None:
            policy = Policy(located.file.policy.name, (located.statement,))
            evaluator = Evaluator([Level("statement", (policy,))])
            if cache:
                self._single[key] = evaluator
        decision = evaluator.evaluate(request)
        if located.statement.effect == "Deny":
            return decision.reason == "explicit_deny"
        return decision.allowed


def element_pointer(file: PolicyFile, statement: Statement, key: str, index: int) -> str:
    """The pointer of one entry of Action/Resource/... (the key itself when it holds a single string)."""
    base = f"{statement.pointer}/{key}"
    item = f"{base}/{index}"
    return item if item in file.document.positions else base


def action_key(statement: Statement) -> str:
    return "NotAction" if statement.not_action else "Action"


def resource_key(statement: Statement) -> str:
    return "NotResource" if statement.not_resource else "Resource"
