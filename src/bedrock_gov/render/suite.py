"""The request suite a rendered SCP set must pass: what the intent says, as concrete requests.

Every model family of the catalog on every route (direct, each geographic profile with all its
legs, global with its region-less leg), every opaque route, API-key creation and use on both
endpoints, and control-plane calls that a model policy must leave alone. A route is allowed only
when every one of its legs is.
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
    model_arn,
    profile_arn,
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
    opaque_routes,
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


def _model_expectations(intent: Intent) -> Iterator[Expectation]:
    profiles = set(intent.cross_region.allowed_profiles)
    for family, model_id in sorted(MODEL_FAMILIES.items()):
        allowed = family_allowed(intent, family)
        verdict = "approved" if allowed else "not approved"
        for action in INVOKE_ACTIONS:
            routes: list[tuple[str | None, Route]] = [(None, direct_route(model_id, action=action))]
            routes += [(geo, geo_profile_route(model_id, geo, action=action)) for geo in GEO_PROFILES]
            routes.append((GLOBAL_PROFILE, global_profile_route(model_id, action=action)))
            for profile, route in routes:
                route_allowed = allowed and (profile is None or profile in profiles)
                yield Expectation(f"{action} {route.kind} {route.description} ({verdict})", route.legs, route_allowed)
        mantle = mantle_route(model_id)
        yield Expectation(f"{mantle.kind} {mantle.description} ({verdict})", mantle.legs, allowed)


def _tagged(request: Request, key: str, value: str) -> Request:
    context = {**request.context, f"aws:resourcetag/{key}".lower(): (value,)}
    return Request(request.action, request.resource, context)


def _opaque_expectations(intent: Intent) -> Iterator[Expectation]:
    settings = intent.cross_region.opaque_settings()
    for action in INVOKE_ACTIONS:
        for route in opaque_routes(action=action):
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
        *_api_key_expectations(intent),
        *_control_plane_expectations(),
    ]
