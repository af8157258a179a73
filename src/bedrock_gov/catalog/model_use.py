"""Which calls consume a model, derived from the IAM database rather than listed from memory.

A Bedrock action consumes a model when AWS authorizes it on a model resource type (a foundation
model, an inference profile, or a custom, imported, provisioned, deployed, routed or marketplace
model) and it does something with that model: runs it (inference, batch, evaluation), trains on it
(customization), or creates or changes a resource that runs it (throughput, deployment, profile,
router, endpoint). Excluded, by rule rather than by name:

- access levels List, Tagging and Permissions management: they never run a model;
- the verbs Get, List (metadata reads), Delete, Stop, Deregister (teardown, which ends use) and the
  resource-policy actions (`...ResourcePolicy`: who may use a model, not a use).

Everything else is included, so an action AWS adds later with a model resource type is governed
(it fails closed). On the bedrock-mantle endpoint the model is named only by the condition key
`bedrock-mantle:Model`; the actions that carry that key consume the model it names.
"""

from __future__ import annotations

import re
from functools import cache

from bedrock_gov.catalog.actions import (
    access_level,
    actions_by_service,
    actions_matching,
    condition_keys_of_action,
    resource_arn_formats,
    resource_types_by_action,
)
from bedrock_gov.catalog.bedrock import MANTLE_MODEL_KEY, RouteKind

NAMED_MODEL_TYPES = ("foundation-model", "inference-profile")
"""Model resource types whose ARN names the model (`<family>.` or `<geo>.<family>.`)."""
OPAQUE_MODEL_TYPES = (
    "application-inference-profile",
    "bedrock-marketplace-model-endpoint",
    "custom-model",
    "custom-model-deployment",
    "default-prompt-router",
    "imported-model",
    "prompt-router",
    "provisioned-model",
)
"""Model resource types whose ARN carries an opaque ID (or does not reliably name the base model)."""
MODEL_RESOURCE_TYPES = NAMED_MODEL_TYPES + OPAQUE_MODEL_TYPES
OPAQUE_TYPE_ROUTES: dict[str, RouteKind] = {
    "application-inference-profile": "application-profile",
    "bedrock-marketplace-model-endpoint": "marketplace",
    "custom-model": "custom-deployment",
    "custom-model-deployment": "custom-deployment",
    "default-prompt-router": "prompt-router",
    "imported-model": "imported",
    "prompt-router": "prompt-router",
    "provisioned-model": "provisioned",
}
"""Opaque model resource type -> the route kind (and so the intent setting) that governs it; a
custom model is governed with its deployments."""

CONSUMING_ACCESS_LEVELS = ("Read", "Write")
NON_CONSUMING_VERBS = ("Get", "List", "Delete", "Stop", "Deregister")
NON_CONSUMING_OBJECT = "ResourcePolicy"


def exclusion_reason(action: str) -> str | None:
    """Why an action with a model resource type does not consume the model, or None when it does."""
    level = access_level(action)
    if level not in CONSUMING_ACCESS_LEVELS:
        return f"access level {level or 'unknown'}"
    name = action.split(":", 1)[1]
    verb = re.match(r"[A-Z][a-z]*", name)
    if verb and verb[0] in NON_CONSUMING_VERBS:
        return f"{verb[0]}: {'reads metadata' if verb[0] in ('Get', 'List') else 'ends or removes use'}"
    if name.endswith(NON_CONSUMING_OBJECT):
        return "manages who may use the model, is no use itself"
    return None


def model_types_of(action: str) -> tuple[str, ...]:
    """The model resource types AWS authorizes `action` on (empty: it names no model resource)."""
    return tuple(kind for kind in resource_types_by_action().get(action.lower(), ()) if kind in MODEL_RESOURCE_TYPES)


@cache
def model_resource_actions() -> tuple[str, ...]:
    """Every Bedrock action with a model resource type, consuming or not (AWS's spelling)."""
    return tuple(name for name in actions_by_service().get("bedrock", ()) if model_types_of(name))


@cache
def model_consuming_actions() -> tuple[str, ...]:
    """Bedrock actions that consume a model named by its resource ARN (see the module docstring)."""
    return tuple(name for name in model_resource_actions() if exclusion_reason(name) is None)


@cache
def mantle_model_actions() -> tuple[str, ...]:
    """bedrock-mantle actions that name a model (they carry `bedrock-mantle:Model`)."""
    key = MANTLE_MODEL_KEY.lower()
    return tuple(
        name
        for name in actions_by_service().get("bedrock-mantle", ())
        if any(k.lower() == key for k in condition_keys_of_action(name))
    )


def other_resource_types(action: str) -> tuple[str, ...]:
    """The resource types of `action` that are not models (its job, async invocation, ...)."""
    return tuple(
        kind for kind in resource_types_by_action().get(action.lower(), ()) if kind not in MODEL_RESOURCE_TYPES
    )


def arn_pattern(resource_type: str, service: str = "bedrock") -> str:
    """The ARN of every resource of `resource_type` in any Region and account (`${...}` -> `*`)."""
    arn = resource_arn_formats(service)[resource_type]
    return re.sub(r"\$\{[^}]*\}", "*", arn.replace("${Partition}", "aws"))


def example_arn(resource_type: str, region: str, account: str, resource_id: str, service: str = "bedrock") -> str:
    """One concrete ARN of `resource_type` (the format's ID placeholder filled with `resource_id`)."""
    arn = resource_arn_formats(service)[resource_type]
    arn = arn.replace("${Partition}", "aws").replace("${Region}", region).replace("${Account}", account)
    return re.sub(r"\$\{[^}]*\}", resource_id, arn)


def covering_patterns(actions: tuple[str, ...]) -> tuple[str, ...]:
    """`actions` in fewer characters: a `Prefix*` pattern (the prefix ending at a word of the name,
    `bedrock:InvokeModel*`) replaces names only where every published action it matches is in
    `actions` (proven by the IAM database, not assumed) and it stands for two or more of them."""
    wanted = {name.lower() for name in actions}
    chosen: list[str] = []
    for name in actions:
        service, short = name.split(":", 1)
        pattern = name
        for boundary in (match.start() for match in re.finditer(r"[A-Z]", short[1:] + "A")):
            candidate = f"{service}:{short[: boundary + 1]}*"
            matched = {match.lower() for match in actions_matching(candidate)}
            if len(matched) > 1 and matched <= wanted:
                pattern = candidate
                break
        if pattern not in chosen:
            chosen.append(pattern)
    return tuple(chosen)
