"""The bedrock-mantle endpoint: a model control on InvokeModel ARNs does not reach it.

Mantle inference is one `bedrock-mantle:CreateInference` request on a project ARN; the model is
named only in the condition key `bedrock-mantle:Model`. For every catalog family whose direct call
the set denies, the Mantle route is evaluated too; if it is allowed, the family is still reachable.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.catalog.bedrock import MANTLE_INFERENCE_ACTION, MANTLE_MODEL_KEY, MODEL_FAMILIES
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Located, Rule
from bedrock_gov.policy import Severity
from bedrock_gov.policy.routes import direct_route, mantle_route


def _check(ctx: LintContext) -> Iterator[Finding]:
    open_by_statement: dict[tuple[str, int], tuple[Located, list[str]]] = {}
    approved: list[str] = []
    for family, model_id in sorted(MODEL_FAMILIES.items()):
        (leg,) = direct_route(model_id).legs
        decision = ctx.decide(leg)
        if decision.allowed:
            approved.append(family)
            continue
        located = ctx.located(decision.statement) if decision.statement else None
        if located is None or not all(ctx.decide(leg).allowed for leg in mantle_route(model_id).legs):
            continue
        key = (located.file.source, located.statement.index)
        open_by_statement.setdefault(key, (located, []))[1].append(family)
    for located, families in open_by_statement.values():
        if located.statement.not_resource:  # an allow-list: keep it one on Mantle too
            condition = f'"StringNotLike": {{"{MANTLE_MODEL_KEY}": {[f"{family}.*" for family in approved]}}}'
        else:
            condition = f'"StringLike": {{"{MANTLE_MODEL_KEY}": {[f"{family}.*" for family in families]}}}'
        yield MANTLE_UNGOVERNED.finding(
            located.file,
            located.statement.pointer,
            f"{located.label} denies {', '.join(families)} on bedrock-runtime, but {MANTLE_INFERENCE_ACTION} "
            f"still reaches them through the bedrock-mantle endpoint (e.g. {MANTLE_MODEL_KEY} = "
            f"{mantle_route(MODEL_FAMILIES[families[0]]).legs[0].context[MANTLE_MODEL_KEY.lower()][0]})",
            f'Add {{"Effect": "Deny", "Action": "{MANTLE_INFERENCE_ACTION}", "Resource": "*", '
            f'"Condition": {{{condition}}}}}'.replace("'", '"'),
        )


MANTLE_UNGOVERNED = Rule(
    "mantle-inference-ungoverned",
    Severity.ERROR,
    "Model control leaves the bedrock-mantle endpoint open",
    "The bedrock-mantle endpoint (Responses, Chat Completions, Messages APIs) authorizes inference as "
    "bedrock-mantle:CreateInference on a project and names the model only in bedrock-mantle:Model; "
    "a Deny on bedrock:InvokeModel model ARNs does not apply to it.",
    "Deny bedrock-mantle:CreateInference with StringNotLike bedrock-mantle:Model on the approved families "
    "(or StringLike on the blocked ones).",
    _check,
)

RULES = (MANTLE_UNGOVERNED,)
