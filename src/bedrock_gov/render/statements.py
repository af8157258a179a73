"""Intent -> SCP statements, correct by construction (shared aws-facts "Amazon Bedrock").

- API keys: creation is denied only for `bedrock.amazonaws.com` credentials, and use is denied for
  both `bedrock:CallWithBearerToken` and `bedrock-mantle:CallWithBearerToken`.
- Approved families: one NotResource Deny on every model-consuming action (inference, batch,
  evaluation, customization, provisioning...: `catalog.model_use`, derived from the IAM database)
  whose exceptions name every route an approved model is authorized on: its foundation-model ARN in
  any Region and without one (global CRIS leg), `inference-profile/<geo>.<family>.*` for each
  allowed profile, and the actions' non-model resources (jobs). Everything else is denied. A family
  the catalog does not know is approved the same way: the patterns need no catalog lookup.
- Without an allow-list: explicit Denies for blocked families (model and profile ARNs), for the
  profiles of geographies that are not allowed, and for opaque routes set to deny. That posture is
  open by choice: a profile geography the catalog does not know yet is not denied.
- The bedrock-mantle endpoint names the model only in `bedrock-mantle:Model`: a Deny on the Mantle
  actions that carry it (`CreateInference`, `CreateFineTuningJob`) unless the model is of an
  approved family (StringNotLike, so a request without the key is denied too), or when it is of a
  blocked family.
- Opaque routes set to `allow_tagged`: a Deny unless the resource carries the tag.
Only real actions are listed (`Converse` is authorized as `InvokeModel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bedrock_gov.catalog.bedrock import (
    API_KEY_SERVICE,
    BEARER_TOKEN_ACTIONS,
    GEO_PROFILES,
    GLOBAL_PROFILE,
    MANTLE_MODEL_KEY,
)
from bedrock_gov.catalog.iam import CREATE_CREDENTIAL
from bedrock_gov.catalog.model_use import (
    arn_pattern,
    covering_patterns,
    mantle_model_actions,
    model_consuming_actions,
    other_resource_types,
)
from bedrock_gov.intent import Intent, OpaqueRoute, UntaggableRoute

BEDROCK_ARN = "arn:aws:bedrock"
JsonObject = dict[str, object]

OpaqueField = Literal[
    "application_inference_profiles",
    "provisioned_models",
    "custom_models",
    "imported_models",
    "prompt_routers",
    "marketplace_models",
]
OPAQUE_RESOURCES: dict[OpaqueField, tuple[str, ...]] = {
    "application_inference_profiles": ("application-inference-profile/*",),
    "provisioned_models": ("provisioned-model/*",),
    "custom_models": ("custom-model-deployment/*", "custom-model/*"),
    "imported_models": ("imported-model/*",),
    "prompt_routers": ("default-prompt-router/*", "prompt-router/*"),
    "marketplace_models": ("marketplace/*",),
}
"""Intent field -> the resource types (account-scoped ARNs) of that opaque route."""


@dataclass(frozen=True)
class RenderedStatement:
    """One statement to render: its JSON object (keys in AWS's order) and why it exists."""

    sid: str
    body: JsonObject
    purpose: str


def model_pattern(family: str) -> str:
    """Every foundation-model ARN of `family`, in every Region and region-less (global leg)."""
    return f"{BEDROCK_ARN}:*::foundation-model/{family}.*"


def profile_pattern(profile: str, family: str | None = None) -> str:
    body = f"{profile}.{family}.*" if family else f"{profile}.*"
    return f"{BEDROCK_ARN}:*:*:inference-profile/{body}"


def model_use_actions() -> list[str]:
    """Every model-consuming Bedrock action (from the IAM database), as compactly as it proves safe."""
    return list(covering_patterns(model_consuming_actions()))


def subject_patterns() -> list[str]:
    """ARNs of the non-model resources the model-consuming actions also take (batch jobs, async
    invocations): an allow-list's NotResource must leave them alone, the model leg decides."""
    kinds = sorted({kind for action in model_consuming_actions() for kind in other_resource_types(action)})
    return [arn_pattern(kind) for kind in kinds]


def opaque_patterns(field: OpaqueField) -> list[str]:
    return [f"{BEDROCK_ARN}:*:*:{resource}" for resource in OPAQUE_RESOURCES[field]]


def _statement(
    sid: str, purpose: str, actions: list[str], resource_key: str, resources: list[str]
) -> RenderedStatement:
    body: JsonObject = {
        "Sid": sid,
        "Effect": "Deny",
        "Action": actions[0] if len(actions) == 1 else actions,
        resource_key: resources[0] if len(resources) == 1 else resources,
    }
    return RenderedStatement(sid, body, purpose)


def _with_condition(statement: RenderedStatement, condition: JsonObject) -> RenderedStatement:
    return RenderedStatement(statement.sid, {**statement.body, "Condition": condition}, statement.purpose)


def api_key_statements(intent: Intent) -> list[RenderedStatement]:
    keys = intent.api_keys
    if keys.mode == "allow":
        return []
    scoped: JsonObject = {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": API_KEY_SERVICE}}
    if keys.mode == "max_age":
        limit: JsonObject = {
            **scoped,
            "NumericGreaterThanIfExists": {"iam:ServiceSpecificCredentialAgeDays": str(keys.max_age_days)},
        }
        create = _statement(
            "DenyLongLivedBedrockApiKeys",
            f"no Bedrock API key that lives longer than {keys.max_age_days} days or never expires",
            [CREATE_CREDENTIAL],
            "Resource",
            ["*"],
        )
        return [_with_condition(create, limit)]
    create = _statement(
        "DenyBedrockApiKeyCreation",
        "no long-term Bedrock API keys (CodeCommit and Keyspaces credentials stay allowed)",
        [CREATE_CREDENTIAL],
        "Resource",
        ["*"],
    )
    statements = [_with_condition(create, scoped)]
    if keys.mode == "deny_all":
        statements.append(
            _statement(
                "DenyBedrockApiKeyUse",
                "no bearer-token calls, short- or long-term, on either Bedrock endpoint",
                list(BEARER_TOKEN_ACTIONS),
                "Resource",
                ["*"],
            )
        )
        return statements
    # deny_long_term: deny every bearer token that is not known to be short-term (fails closed).
    for action, sid in zip(
        BEARER_TOKEN_ACTIONS, ("DenyLongTermBedrockApiKeyUse", "DenyLongTermMantleApiKeyUse"), strict=True
    ):
        service = action.split(":", 1)[0]
        use = _statement(sid, f"no long-term API key use on {service}", [action], "Resource", ["*"])
        statements.append(_with_condition(use, {"StringNotEquals": {f"{service}:BearerTokenType": "SHORT_TERM"}}))
    return statements


def opaque_routes(intent: Intent) -> dict[OpaqueField, OpaqueRoute | UntaggableRoute]:
    """Each opaque route's intent field -> its setting."""
    return {field: getattr(intent.cross_region, field) for field in OPAQUE_RESOURCES}


def allowed_profiles(intent: Intent) -> list[str]:
    return sorted(set(intent.cross_region.allowed_profiles))


def model_statements(intent: Intent) -> list[RenderedStatement]:
    routes = opaque_routes(intent)
    approved = sorted(set(intent.models.approved_families))
    statements = _allow_list(intent, approved, routes) if approved else _block_list(intent, routes)
    return statements + _mantle(intent) + _tag_gates(routes)


def _mantle(intent: Intent) -> list[RenderedStatement]:
    approved = sorted(set(intent.models.approved_families))
    if approved:
        names, operator, purpose = approved, "StringNotLike", f"only {', '.join(approved)} models on bedrock-mantle"
        sid = "DenyUnapprovedMantleModels"
    else:
        names = sorted(set(intent.models.blocked_families))
        if not names:
            return []
        operator, purpose, sid = (
            "StringLike",
            f"no {', '.join(names)} models on bedrock-mantle",
            "DenyBlockedMantleModels",
        )
    deny = _statement(sid, purpose, list(mantle_model_actions()), "Resource", ["*"])
    patterns = [f"{family}.*" for family in names]
    return [_with_condition(deny, {operator: {MANTLE_MODEL_KEY: patterns[0] if len(patterns) == 1 else patterns}})]


def _allow_list(
    intent: Intent, approved: list[str], routes: dict[OpaqueField, OpaqueRoute | UntaggableRoute]
) -> list[RenderedStatement]:
    invoke = model_use_actions()
    profiles = allowed_profiles(intent)
    exceptions = [model_pattern(family) for family in approved]
    exceptions += [profile_pattern(profile, family) for profile in profiles for family in approved]
    opened = [field for field, route in routes.items() if route.mode != "deny"]
    exceptions += [pattern for field in opened for pattern in opaque_patterns(field)]
    exceptions += subject_patterns()
    also = f"; also {', '.join(name.replace('_', ' ') for name in opened)}" if opened else ""
    blocked = sorted(set(intent.models.blocked_families))
    also += f"; blocked {', '.join(blocked)} are outside the list" if blocked else ""
    statements = [
        _statement(
            "DenyUnapprovedModels",
            f"only {', '.join(approved)} models, for inference, batch, evaluation, customization, provisioning "
            f"and every other model-consuming action, directly or through the {', '.join(profiles) or 'no'} "
            f"profiles (every leg){also}",
            invoke,
            "NotResource",
            exceptions,
        )
    ]
    if not profiles:
        # The allow-list already denies every profile; naming them keeps the intent readable and
        # tells the linter that the denial is deliberate.
        statements.append(
            _statement(
                "DenyCrossRegionInference",
                "no cross-Region inference profile of any geography",
                invoke,
                "Resource",
                [f"{BEDROCK_ARN}:*:*:inference-profile/*"],
            )
        )
    return statements


def _block_list(intent: Intent, routes: dict[OpaqueField, OpaqueRoute | UntaggableRoute]) -> list[RenderedStatement]:
    invoke = model_use_actions()
    statements: list[RenderedStatement] = []
    blocked = sorted(set(intent.models.blocked_families))
    if blocked:
        resources = [model_pattern(family) for family in blocked]
        resources += [profile_pattern("*", family) for family in blocked]
        statements.append(
            _statement(
                "DenyBlockedModelFamilies",
                f"no {', '.join(blocked)} models on any route that names them",
                invoke,
                "Resource",
                resources,
            )
        )
    denied_profiles = sorted(set((*GEO_PROFILES, GLOBAL_PROFILE)) - set(allowed_profiles(intent)))
    if denied_profiles:
        statements.append(
            _statement(
                "DenyDisallowedInferenceProfiles",
                f"no cross-Region inference through the {', '.join(denied_profiles)} profiles",
                invoke,
                "Resource",
                [profile_pattern(profile) for profile in denied_profiles],
            )
        )
    denied_routes = [field for field, route in routes.items() if route.mode == "deny"]
    if denied_routes:
        statements.append(
            _statement(
                "DenyOpaqueModelRoutes",
                f"no invocation through {', '.join(name.replace('_', ' ') for name in denied_routes)}",
                invoke,
                "Resource",
                [pattern for field in denied_routes for pattern in opaque_patterns(field)],
            )
        )
    return statements


def _tag_gates(routes: dict[OpaqueField, OpaqueRoute | UntaggableRoute]) -> list[RenderedStatement]:
    groups: dict[tuple[str, str], list[OpaqueField]] = {}
    for field, route in routes.items():
        if isinstance(route, OpaqueRoute) and route.mode == "allow_tagged":
            assert route.tag_key is not None and route.tag_value is not None  # the intent validates this
            groups.setdefault((route.tag_key, route.tag_value), []).append(field)
    statements: list[RenderedStatement] = []
    for number, ((key, value), fields) in enumerate(sorted(groups.items()), start=1):
        sid = "DenyUntaggedModelRoutes" if len(groups) == 1 else f"DenyUntaggedModelRoutes{number}"
        gate = _statement(
            sid,
            f"{', '.join(name.replace('_', ' ') for name in fields)} only when tagged {key}={value}",
            model_use_actions(),
            "Resource",
            [pattern for field in fields for pattern in opaque_patterns(field)],
        )
        statements.append(_with_condition(gate, {"StringNotEquals": {f"aws:ResourceTag/{key}": value}}))
    return statements


def intent_statements(intent: Intent) -> list[RenderedStatement]:
    """Every statement the intent needs, in a fixed order."""
    return api_key_statements(intent) + model_statements(intent)
