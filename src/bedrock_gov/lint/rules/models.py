"""Model-ARN rules: pin families, not versions; deny model use, not the whole control plane."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bedrock_gov.catalog import actions as catalog
from bedrock_gov.catalog.model_use import model_consuming_actions
from bedrock_gov.lint.context import LintContext, element_pointer, resource_key
from bedrock_gov.lint.model import Finding, Rule
from bedrock_gov.policy import Severity
from bedrock_gov.policy.matching import action_matches

_MODEL_RESOURCE = re.compile(
    r"^(?P<head>arn:[^:]*:bedrock:[^:]*:[^:]*:(?P<kind>foundation-model|inference-profile)/)(?P<id>.+)$"
)
_VERSIONED = re.compile(r"(-v\d+(:\d+)?|:\d+|-\d{8}(-v\d+)?)$")
MODEL_TYPES = ("foundation-model", "inference-profile")


def family_pattern(head: str, kind: str, model_id: str) -> str:
    parts = model_id.split(".")
    keep = 2 if kind == "inference-profile" and len(parts) > 2 else 1
    return f"{head}{'.'.join(parts[:keep])}.*"


def _pinned(ctx: LintContext) -> Iterator[Finding]:
    for located in ctx.statements():
        statement = located.statement
        key = resource_key(statement)
        for index, resource in enumerate(statement.resources):
            match = _MODEL_RESOURCE.match(resource)
            if not match or "*" in match["id"] or "?" in match["id"] or not _VERSIONED.search(match["id"]):
                continue
            wildcard = family_pattern(match["head"], match["kind"], match["id"])
            effect = (
                "new versions of a blocked model escape the deny"
                if statement.effect == "Deny" and not statement.not_resource
                else "new versions of an approved model will be denied"
            )
            yield PINNED.finding(
                located.file,
                element_pointer(located.file, statement, key, index),
                f"{located.label} names one model version ({match['id']}); {effect} when AWS releases them",
                f"Use the family wildcard {wildcard!r}.",
            )


def _control_plane(ctx: LintContext) -> Iterator[Finding]:
    consuming = {action.lower() for action in model_consuming_actions()}
    model_typed = {
        name: set(types) for name, types in catalog.resource_types_by_action().items() if set(types) & set(MODEL_TYPES)
    }
    for located in ctx.statements():
        statement = located.statement
        if statement.effect != "Deny" or statement.not_action or statement.not_resource:
            continue
        kinds = {match["kind"] for resource in statement.resources if (match := _MODEL_RESOURCE.match(resource))}
        if not kinds:
            continue
        hit = sorted(
            name
            for name, types in model_typed.items()
            if name not in consuming
            and kinds & types
            and any(action_matches(pattern, name) for pattern in statement.actions)
        )
        if not hit:
            continue
        shown = ", ".join(catalog.canonical_name(name) or name for name in hit[:5])
        yield CONTROL_PLANE.finding(
            located.file,
            statement.pointer,
            f"{located.label} denies {len(hit)} actions besides model use on these model ARNs, "
            f"such as {shown}: model discovery, tagging and clean-up fail too",
            _CONTROL_PLANE_FIX,
        )


PINNED = Rule(
    "model-version-pinned",
    Severity.WARNING,
    "Full model version ARN instead of a family wildcard",
    "AWS releases new model versions regularly. A version-pinned ARN in an allow-list starts denying "
    "the new versions; in a deny-list it lets them through.",
    "Use the family wildcard, e.g. arn:aws:bedrock:*::foundation-model/anthropic.*",
    _pinned,
)
_CONTROL_PLANE_FIX = (
    "Deny only the model-consuming actions on the model ARNs (and the profile ARNs "
    f"inference-profile/*.<family>.*): {', '.join(model_consuming_actions())}. Narrowing to InvokeModel alone "
    "would reopen batch inference, evaluation, customization and provisioning."
)
CONTROL_PLANE = Rule(
    "deny-all-bedrock-on-models",
    Severity.WARNING,
    "Deny of bedrock:* (or a broad wildcard) on model ARNs also hits control-plane actions",
    "Model governance is about model use: inference, batch, evaluation, customization, provisioning. A "
    "Deny of bedrock:* on foundation-model or inference-profile ARNs also denies GetFoundationModel, "
    "GetInferenceProfile, tagging and deletion, which breaks model catalogs and tooling in unexpected ways.",
    "Deny the model-consuming actions (the message lists them) on the model ARNs, not bedrock:*.",
    _control_plane,
)

RULES = (PINNED, CONTROL_PLANE)
