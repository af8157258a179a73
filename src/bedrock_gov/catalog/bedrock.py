"""Amazon Bedrock's invocation surface: model families, cross-Region profiles, and how one call
is authorized as several requests (shared aws-facts "Amazon Bedrock").

Models are also reachable through the bedrock-mantle endpoint (Responses, Chat Completions and
Messages APIs): one `bedrock-mantle:CreateInference` request on a Mantle project, naming the model
only in the condition key `bedrock-mantle:Model` (Service Authorization Reference, "Amazon Bedrock
Powered by AWS Mantle"). A control on `bedrock:InvokeModel` ARNs does not see that route.

A cross-Region (CRIS) call is authorized on the inference-profile ARN in the source Region and on
the foundation-model ARN in the source Region and in every destination Region; a global profile
adds the region-less model ARN with `aws:RequestedRegion = unspecified`. Every leg must be allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bedrock_gov.policy.request import Request

INVOKE_ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")
MANTLE_INFERENCE_ACTION = "bedrock-mantle:CreateInference"
MANTLE_MODEL_KEY = "bedrock-mantle:Model"
BEARER_TOKEN_ACTIONS = ("bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken")
BEARER_TOKEN_TYPES = ("SHORT_TERM", "LONG_TERM")
API_KEY_SERVICE = "bedrock.amazonaws.com"
OTHER_CREDENTIAL_SERVICES = ("codecommit.amazonaws.com", "cassandra.amazonaws.com")
EXAMPLE_ACCOUNT = "111122223333"

# One current model ID per provider family, as Bedrock names them (provider prefix = family).
MODEL_FAMILIES: dict[str, str] = {
    "amazon": "amazon.nova-pro-v1:0",
    "anthropic": "anthropic.claude-sonnet-4-20250514-v1:0",
    "ai21": "ai21.jamba-1-5-large-v1:0",
    "cohere": "cohere.command-r-plus-v1:0",
    "deepseek": "deepseek.r1-v1:0",
    "luma": "luma.ray-v2:0",
    "meta": "meta.llama3-1-70b-instruct-v1:0",
    "mistral": "mistral.mistral-large-2407-v1:0",
    "openai": "openai.gpt-oss-120b-1:0",
    "qwen": "qwen.qwen3-32b-v1:0",
    "stability": "stability.sd3-5-large-v1:0",
    "twelvelabs": "twelvelabs.pegasus-1-2-v1:0",
    "writer": "writer.palmyra-x5-v1:0",
}

# Geographic CRIS profile prefix -> the Regions it routes among (a representative set per geography;
# AWS lists the exact source and destination Regions per model in the Bedrock user guide).
GEO_PROFILES: dict[str, tuple[str, ...]] = {
    "us": ("us-east-1", "us-east-2", "us-west-2"),
    "eu": ("eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"),
    "apac": (
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-southeast-1",
        "ap-southeast-2",
    ),
    "jp": ("ap-northeast-1", "ap-northeast-3"),
    "au": ("ap-southeast-2", "ap-southeast-4"),
    "ca": ("ca-central-1", "ca-west-1"),
}
GLOBAL_PROFILE = "global"
UNSPECIFIED_REGION = "unspecified"

RouteKind = Literal[
    "direct",
    "geo-profile",
    "global-profile",
    "application-profile",
    "provisioned",
    "custom-deployment",
    "imported",
    "prompt-router",
    "marketplace",
    "mantle",
]
NAMED_ROUTES: tuple[RouteKind, ...] = ("direct", "geo-profile", "global-profile", "mantle")
"""Routes whose ARNs name the model; the others carry opaque IDs."""


def family_of(model_id: str) -> str:
    return model_id.split(".", 1)[0]


def model_arn(model_id: str, region: str) -> str:
    """Foundation-model ARN; `region=""` gives the region-less global leg. No account segment."""
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def profile_arn(profile_id: str, region: str, account: str = EXAMPLE_ACCOUNT) -> str:
    return f"arn:aws:bedrock:{region}:{account}:inference-profile/{profile_id}"


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


def mantle_model_id(model_id: str) -> str:
    """Mantle names models without the version suffix: `anthropic.claude-sonnet-4-20250514-v1`."""
    return model_id.rsplit(":", 1)[0]


def mantle_project_arn(region: str, account: str = EXAMPLE_ACCOUNT, project: str = "default") -> str:
    return f"arn:aws:bedrock-mantle:{region}:{account}:project/{project}"


def mantle_route(model_id: str, region: str = "us-east-1") -> Route:
    """Inference through the bedrock-mantle endpoint: the model is named only by a condition key."""
    context: dict[str, str | list[str]] = {"aws:RequestedRegion": region, MANTLE_MODEL_KEY: mantle_model_id(model_id)}
    leg = Request.build(MANTLE_INFERENCE_ACTION, mantle_project_arn(region), context)
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
