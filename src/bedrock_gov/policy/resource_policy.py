"""One resource-based policy (an SNS topic policy, a KMS key policy, ...) evaluated alone.

There is no SCP hierarchy here: a request is allowed when some Allow statement matches the
caller (Principal), the action, the resource and the conditions, and no Deny statement matches;
an explicit Deny wins. Identity policies, SCPs and RCPs that AWS would also consult are outside
this answer: it says what the resource policy itself grants (IAM guide, "Policy evaluation logic").
"""

from __future__ import annotations

from bedrock_gov.policy.evaluator import CompiledStatement, compile_statement
from bedrock_gov.policy.model import Policy
from bedrock_gov.policy.principals import principal_matches
from bedrock_gov.policy.request import Decision, Request, StatementRef

LEVEL_NAME = "resource policy"


class ResourcePolicyEvaluator:
    """Decides requests against one parsed resource policy (`parse_policy(..., resource_policy=True)`)."""

    def __init__(self, policy: Policy) -> None:
        if any(statement.principals is None for statement in policy.statements):
            raise ValueError(f"{policy.name} was not parsed as a resource policy (a statement has no Principal)")
        self.policy = policy
        self._statements = tuple(
            compile_statement(
                statement,
                StatementRef(policy.name, 0, LEVEL_NAME, statement.sid, statement.index, statement.effect),
            )
            for statement in policy.statements
        )

    @staticmethod
    def _matches(item: CompiledStatement, request: Request) -> bool:
        statement = item.statement
        return (
            principal_matches(statement.principals or (), statement.not_principal, request.principal)
            and item.covers_action(request.action)
            and item.applies(request)
        )

    def evaluate(self, request: Request) -> Decision:
        allow: CompiledStatement | None = None
        for item in self._statements:
            if not self._matches(item, request):
                continue
            if item.statement.effect == "Deny":
                return item.deny_decision()
            allow = allow or item
        if allow is None:
            message = f"no statement of {self.policy.name} allows this principal, action and resource"
            return Decision(False, "no_allow", message, level=0, level_name=LEVEL_NAME)
        message = f"allowed by {self.policy.name} statement {allow.statement.label}"
        return Decision(True, "allowed", message, statement=allow.ref)
