"""Bedrock calls as the requests AWS authorizes: one route, one or more legs (shared aws-facts
"Amazon Bedrock", "API keys").

The catalog holds the facts (families, geographies, ARN shapes); this module turns them into
`Request`s for the evaluator, the linter, render's self-check and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from bedrock_gov.catalog.bedrock import (
    GEO_PROFILES,
    GLOBAL_PROFILE,
    INVOKE_ACTIONS,
    MANTLE_INFERENCE_ACTION,
    MANTLE_MODEL_KEY,
    UNSPECIFIED_REGION,
    RouteKind,
    mantle_model_id,
    mantle_project_arn,
    model_arn,
    profile_arn,
)
from bedrock_gov.catalog.iam import (
    CREATE_CREDENTIAL,
    CREDENTIAL_AGE_KEY,
    CREDENTIAL_SERVICE_KEY,
    EXAMPLE_ACCOUNT,
    EXAMPLE_USER,
    IAM_REGION,
)
from bedrock_gov.catalog.model_use import OPAQUE_TYPE_ROUTES, example_arn, model_types_of, other_resource_types
from bedrock_gov.policy.request import Request


@dataclass(frozen=True)
class Route:
    """One way to invoke a model, and every request AWS authorizes for it."""

    kind: RouteKind
    description: str
    legs: tuple[Request, ...]


def _leg(action: str, resource: str, region: str, profile: str | None = None) -> Request:
    context: dict[str, str | list[str]] = {"aws:RequestedRegion": region}
    if profile:
        context["bedrock:InferenceProfileArn"] = profile
    return Request.build(action, resource, context)


def direct_route(model_id: str, region: str = "us-east-1", action: str = INVOKE_ACTIONS[0]) -> Route:
    return Route("direct", f"{model_id} in {region}", (_leg(action, model_arn(model_id, region), region),))


def geo_profile_route(
    model_id: str, geo: str, source_region: str | None = None, action: str = INVOKE_ACTIONS[0]
) -> Route:
    """A geographic CRIS call: the profile leg plus a model leg in every Region of the geography."""
    regions = GEO_PROFILES[geo]
    source = source_region or regions[0]
    profile = profile_arn(f"{geo}.{model_id}", source)
    legs = [_leg(action, profile, source)]
    legs += [_leg(action, model_arn(model_id, region), region, profile) for region in dict.fromkeys((source, *regions))]
    return Route("geo-profile", f"{geo}.{model_id} from {source}", tuple(legs))


def global_profile_route(model_id: str, source_region: str = "us-east-1", action: str = INVOKE_ACTIONS[0]) -> Route:
    """A global CRIS call: profile leg, source-Region model leg, and the region-less model leg."""
    profile = profile_arn(f"{GLOBAL_PROFILE}.{model_id}", source_region)
    legs = (
        _leg(action, profile, source_region),
        _leg(action, model_arn(model_id, source_region), source_region, profile),
        _leg(action, model_arn(model_id, ""), UNSPECIFIED_REGION, profile),
    )
    return Route("global-profile", f"{GLOBAL_PROFILE}.{model_id} from {source_region}", legs)


def mantle_route(model_id: str, region: str = "us-east-1", action: str = MANTLE_INFERENCE_ACTION) -> Route:
    """A bedrock-mantle call that names a model (inference, fine-tuning): only by a condition key."""
    context: dict[str, str | list[str]] = {"aws:RequestedRegion": region, MANTLE_MODEL_KEY: mantle_model_id(model_id)}
    leg = Request.build(action, mantle_project_arn(region), context)
    return Route("mantle", f"{mantle_model_id(model_id)} on bedrock-mantle in {region}", (leg,))


def opaque_routes(region: str = "us-east-1", action: str = INVOKE_ACTIONS[0]) -> tuple[Route, ...]:
    """Routes whose ARNs do not name the model, so a model allow-list cannot tell families apart."""
    base = f"arn:aws:bedrock:{region}:{EXAMPLE_ACCOUNT}"
    shapes: tuple[tuple[RouteKind, str], ...] = (
        ("application-profile", f"{base}:application-inference-profile/a1b2c3d4e5f6"),
        ("provisioned", f"{base}:provisioned-model/p0q1r2s3t4u5"),
        ("custom-deployment", f"{base}:custom-model-deployment/d7e8f9g0h1i2"),
        ("imported", f"{base}:imported-model/m3n4o5p6q7r8"),
        ("prompt-router", f"{base}:default-prompt-router/anthropic.claude:1"),
        ("marketplace", f"{base}:marketplace/model-endpoint/all-access"),
    )
    return tuple(Route(kind, resource, (_leg(action, resource, region),)) for kind, resource in shapes)


def named_routes(
    model_id: str, geos: tuple[str, ...] = tuple(GEO_PROFILES), action: str = INVOKE_ACTIONS[0]
) -> list[Route]:
    """Every route that names `model_id`: direct, each geographic profile, global, and Mantle."""
    routes = [direct_route(model_id, action=action)]
    routes += [geo_profile_route(model_id, geo, action=action) for geo in geos]
    routes.append(global_profile_route(model_id, action=action))
    routes.append(mantle_route(model_id))
    return routes


OPAQUE_EXAMPLE_ID = "o1p2q3r4s5t6"
SUBJECT_EXAMPLE_ID = "j1k2l3m4n5o6"


def model_use_route(
    action: str, resource_type: str, model_id: str, region: str = "us-east-1", geo: str = "us"
) -> Route:
    """One model-consuming call (`catalog.model_use.model_consuming_actions`) on one model resource
    type of the action: the leg that names the model (`model_id` for foundation models, the `geo`
    profile of it for inference profiles; opaque types get an example ID). The action's other
    resource types (its job, ...) are `subject_requests`."""
    if resource_type == "foundation-model":
        kind: RouteKind = "direct"
        resource = model_arn(model_id, region)
    elif resource_type == "inference-profile":
        kind = "global-profile" if geo == GLOBAL_PROFILE else "geo-profile"
        resource = profile_arn(f"{geo}.{model_id}", region)
    else:
        kind = OPAQUE_TYPE_ROUTES[resource_type]
        resource = example_arn(resource_type, region, EXAMPLE_ACCOUNT, OPAQUE_EXAMPLE_ID)
    return Route(kind, f"{resource_type} {resource}", (_leg(action, resource, region),))


def model_use_routes(model_id: str, action: str, region: str = "us-east-1") -> list[Route]:
    """`action` on every model resource type it takes that names a model: the foundation model, and
    the model through each geographic and the global profile."""
    types = model_types_of(action)
    routes = [model_use_route(action, "foundation-model", model_id, region)] if "foundation-model" in types else []
    if "inference-profile" in types:
        routes += [
            model_use_route(action, "inference-profile", model_id, region, geo)
            for geo in (*GEO_PROFILES, GLOBAL_PROFILE)
        ]
    return routes


def subject_requests(action: str, region: str = "us-east-1") -> tuple[Request, ...]:
    """`action` on each of its resource types that is not a model (the batch job, ...)."""
    return tuple(
        _leg(action, example_arn(kind, region, EXAMPLE_ACCOUNT, SUBJECT_EXAMPLE_ID), region)
        for kind in other_resource_types(action)
    )


def credential_request(service: str, age_days: int | None = None) -> Request:
    """`iam:CreateServiceSpecificCredential` for `service` (Bedrock API keys: bedrock.amazonaws.com)."""
    context = {CREDENTIAL_SERVICE_KEY: service, "aws:RequestedRegion": IAM_REGION}
    if age_days is not None:
        context[CREDENTIAL_AGE_KEY] = str(age_days)
    return Request.build(CREATE_CREDENTIAL, EXAMPLE_USER, context)


def bearer_token_request(action: str, token_type: str) -> Request:
    """A call authenticated with an API key: `<service>:CallWithBearerToken`, keyed by its own service."""
    service = action.split(":", 1)[0]
    return Request.build(action, "*", {f"{service}:BearerTokenType": token_type})
