"""The request suite a rendered SCP set must pass: what the intent says, as concrete requests.

Every model family of the catalog, every family the intent names, and one family no catalog knows
(`zeta`: the providers AWS adds later) on every route (direct, each geographic profile with all its
legs, global with its region-less leg), for every model-consuming action on each model resource
type it takes (batch, evaluation, customization, provisioning, ...) and every Mantle action that
names a model; every opaque route for every model-consuming action; the consuming actions' non-model
resources (jobs), which the model leg alone decides; API-key creation and use on both endpoints; and
control-plane calls that a model policy must leave alone. A route is allowed only when every one of
its legs is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bedrock_gov.catalog.bedrock import (
    API_KEY_SERVICE,
    BEARER_TOKEN_ACTIONS,
    BEARER_TOKEN_TYPES,
    GEO_PROFILES,
    GLOBAL_PROFILE,
    INVOKE_ACTIONS,
    MODEL_FAMILIES,
    OTHER_CREDENTIAL_SERVICES,
    UNKNOWN_FAMILY_EXAMPLE,
    model_arn,
    model_id_for,
    profile_arn,
)
from bedrock_gov.catalog.model_use import (
    OPAQUE_TYPE_ROUTES,
    mantle_model_actions,
    model_consuming_actions,
    model_types_of,
)
from bedrock_gov.intent import Intent, OpaqueRoute
from bedrock_gov.policy.request import Request
from bedrock_gov.policy.routes import (
    Route,
    bearer_token_request,
    credential_request,
    direct_route,
    geo_profile_route,
    global_profile_route,
    mantle_route,
    model_use_route,
    model_use_routes,
    opaque_routes,
    subject_requests,
)


@dataclass(frozen=True)
class Expectation:
    """A route (one or more legs) and whether the intent allows it."""

    description: str
    legs: tuple[Request, ...]
    allowed: bool


def family_allowed(intent: Intent, family: str) -> bool:
    approved = intent.models.approved_families
    return (not approved or family in approved) and family not in intent.models.blocked_families


def suite_families(intent: Intent) -> list[str]:
    """The catalog's families, those the intent names, and one no catalog knows."""
    named = (*MODEL_FAMILIES, *intent.models.approved_families, *intent.models.blocked_families)
    return sorted({*named, UNKNOWN_FAMILY_EXAMPLE})


def _model_expectations(intent: Intent) -> Iterator[Expectation]:
    profiles = set(intent.cross_region.allowed_profiles)
    other_actions = [action for action in model_consuming_actions() if action not in INVOKE_ACTIONS]
    for family in suite_families(intent):
        model_id = model_id_for(family)
        allowed = family_allowed(intent, family)
        verdict = "approved" if allowed else "not approved"
        for action in INVOKE_ACTIONS:
            routes: list[tuple[str | None, Route]] = [(None, direct_route(model_id, action=action))]
            routes += [(geo, geo_profile_route(model_id, geo, action=action)) for geo in GEO_PROFILES]
            routes.append((GLOBAL_PROFILE, global_profile_route(model_id, action=action)))
            for profile, route in routes:
                route_allowed = allowed and (profile is None or profile in profiles)
                yield Expectation(f"{action} {route.kind} {route.description} ({verdict})", route.legs, route_allowed)
        for action in other_actions:
            for route in model_use_routes(model_id, action):
                profile = route.legs[0].resource.rsplit("/", 1)[1].split(".", 1)[0]
                route_allowed = allowed and (route.kind == "direct" or profile in profiles)
                yield Expectation(f"{action} {route.description} ({verdict})", route.legs, route_allowed)
        for action in mantle_model_actions():
            mantle = mantle_route(model_id, action=action)
            yield Expectation(f"{action} {mantle.description} ({verdict})", mantle.legs, allowed)


def _tagged(request: Request, key: str, value: str) -> Request:
    context = {**request.context, f"aws:resourcetag/{key}".lower(): (value,)}
    return Request(request.action, request.resource, context)


def _opaque_routes() -> Iterator[tuple[str, Route]]:
    for action in INVOKE_ACTIONS:
        for route in opaque_routes(action=action):
            yield action, route
    for action in model_consuming_actions():
        if action in INVOKE_ACTIONS:
            continue
        for kind in model_types_of(action):
            if kind in OPAQUE_TYPE_ROUTES:
                yield action, model_use_route(action, kind, "")


def _opaque_expectations(intent: Intent) -> Iterator[Expectation]:
    settings = intent.cross_region.opaque_settings()
    for action, route in _opaque_routes():
        setting = settings[route.kind]
        label = f"{action} {route.kind} {route.description} ({setting.mode})"
        yield Expectation(label, route.legs, setting.mode == "allow")
        if isinstance(setting, OpaqueRoute) and setting.mode == "allow_tagged":
            assert setting.tag_key is not None and setting.tag_value is not None  # validated by the intent
            legs = tuple(_tagged(leg, setting.tag_key, setting.tag_value) for leg in route.legs)
            yield Expectation(f"{label} tagged {setting.tag_key}={setting.tag_value}", legs, True)


def _api_key_expectations(intent: Intent) -> Iterator[Expectation]:
    mode = intent.api_keys.mode
    max_age = intent.api_keys.max_age_days
    ages: list[int | None] = [None, 1, 90, 36_600] + ([max_age, max_age + 1] if max_age else [])
    for age in ages:
        if mode == "max_age":
            assert max_age is not None  # validated by the intent
            allowed = age is not None and age <= max_age
        else:
            allowed = mode == "allow"
        request = credential_request(API_KEY_SERVICE, age)
        yield Expectation(f"create a Bedrock API key, age {age or 'no expiry'}", (request,), allowed)
    for service in OTHER_CREDENTIAL_SERVICES:
        request = credential_request(service)
        yield Expectation(f"create a {service} credential", (request,), True)
    for action in BEARER_TOKEN_ACTIONS:
        for token_type in BEARER_TOKEN_TYPES:
            request = bearer_token_request(action, token_type)
            allowed = mode in ("allow", "max_age") or (mode == "deny_long_term" and token_type == "SHORT_TERM")
            yield Expectation(f"{action} with a {token_type} key", (request,), allowed)


def _subject_expectations() -> Iterator[Expectation]:
    for action in model_consuming_actions():
        for request in subject_requests(action):
            yield Expectation(f"{action} on {request.resource} (not a model)", (request,), True)


def _control_plane_expectations() -> Iterator[Expectation]:
    for model_id in sorted(MODEL_FAMILIES.values()):
        request = Request.build("bedrock:GetFoundationModel", model_arn(model_id, "us-east-1"))
        yield Expectation(f"bedrock:GetFoundationModel {model_id}", (request,), True)
    profile = profile_arn(f"us.{MODEL_FAMILIES['anthropic']}", "us-east-1")
    yield Expectation("bedrock:GetInferenceProfile", (Request.build("bedrock:GetInferenceProfile", profile),), True)
    yield Expectation("bedrock:ListFoundationModels", (Request.build("bedrock:ListFoundationModels", "*"),), True)
    yield Expectation("s3:GetObject", (Request.build("s3:GetObject", "arn:aws:s3:::bucket/key"),), True)


def request_suite(intent: Intent) -> list[Expectation]:
    """Every expectation the rendered policies must meet for `intent`."""
    return [
        *_model_expectations(intent),
        *_opaque_expectations(intent),
        *_subject_expectations(),
        *_api_key_expectations(intent),
        *_control_plane_expectations(),
    ]
