"""The documented places where iam-simulate departs from AWS's rules, and how to recognize them.

Shared aws-facts, "Where iam-simulate departs from the documented rules": a policy variable with
no value makes negated operators (`StringNotEquals`, `StringNotLike`, `ArnNotLike`...) match, and
makes its Resource/NotResource entry match no resource (IAM User Guide, "Policy variables with no
value"). iam-simulate instead lets the whole statement fail: a negated condition with such a value
is false, and a NotResource list holding such an entry excludes every resource.

A disagreement is explained only if removing exactly the statements that meet this case makes our
evaluator give iam-simulate's answer: that is iam-simulate's reading, so nothing else differs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from iam_simulate import outcome

from bedrock_gov.policy import Evaluator, Level, Request, Statement
from bedrock_gov.policy.matching import Context, Variable, template_parts
from bedrock_gov.policy.operators import OPERATORS

UNRESOLVED_VARIABLE = "policy variable with no value (IAM User Guide: Policy variables with no value)"


def _has_unresolved_variable(text: str, context: Context) -> bool:
    parts, has_variables = template_parts(text)
    return has_variables and any(
        isinstance(part, Variable) and part.key and part.default is None and not context.get(part.key) for part in parts
    )


def meets_unresolved_variable(statement: Statement, context: Context) -> bool:
    """Whether `statement` holds a no-value variable where the two readings differ: in NotResource,
    or in the values of a negated String/ARN operator."""
    if statement.not_resource and any(_has_unresolved_variable(text, context) for text in statement.resources):
        return True
    return any(
        OPERATORS[condition.operator][1] and any(_has_unresolved_variable(value, context) for value in condition.values)
        for condition in statement.conditions
    )


def without_statements(levels: Sequence[Level], request: Request) -> list[Level] | None:
    """The hierarchy less every statement that meets the case for this request; None if none does."""
    removed = False
    reduced: list[Level] = []
    for level in levels:
        policies = []
        for policy in level.policies:
            kept = tuple(item for item in policy.statements if not meets_unresolved_variable(item, request.context))
            removed = removed or len(kept) != len(policy.statements)
            policies.append(dataclasses.replace(policy, statements=kept))
        reduced.append(Level(level.name, tuple(policies)))
    return reduced if removed else None


def explain(levels: Sequence[Level], request: Request, oracle_outcome: str) -> str | None:
    """The documented departure that accounts for a disagreement on `request`, or None."""
    reduced = without_statements(levels, request)
    if reduced is None:
        return None
    return UNRESOLVED_VARIABLE if outcome(Evaluator(reduced).evaluate(request)) == oracle_outcome else None
