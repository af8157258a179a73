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

from typing import Literal

from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT

INVOKE_ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")
MANTLE_INFERENCE_ACTION = "bedrock-mantle:CreateInference"
MANTLE_MODEL_KEY = "bedrock-mantle:Model"
BEARER_TOKEN_ACTIONS = ("bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken")
BEARER_TOKEN_TYPES = ("SHORT_TERM", "LONG_TERM")
API_KEY_SERVICE = "bedrock.amazonaws.com"
OTHER_CREDENTIAL_SERVICES = ("codecommit.amazonaws.com", "cassandra.amazonaws.com")

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

UNKNOWN_FAMILY_EXAMPLE = "zeta"
"""A well-formed provider family that no catalog entry names: checks use it to stand for the
providers AWS adds later, so "unapproved" means every family not approved, not the catalog's others."""

FAMILY_PATTERN = r"^[a-z][a-z0-9-]{0,62}$"
"""A provider family as Bedrock spells model IDs' first part: lower case, no dot, no wildcard."""


def model_id_for(family: str) -> str:
    """The catalog's model ID of `family`, or a well-formed example ID for a family it does not know."""
    return MODEL_FAMILIES.get(family, f"{family}.example-model-v1:0")


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


def mantle_model_id(model_id: str) -> str:
    """Mantle names models without the version suffix: `anthropic.claude-sonnet-4-20250514-v1`."""
    return model_id.rsplit(":", 1)[0]


def mantle_project_arn(region: str, account: str = EXAMPLE_ACCOUNT, project: str = "default") -> str:
    return f"arn:aws:bedrock-mantle:{region}:{account}:project/{project}"
