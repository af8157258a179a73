"""Seeded, realistic request mixes and the two SCP hierarchies the oracle and the benchmark use.

A Bedrock call becomes the requests AWS authorizes for it (`bedrock_gov.catalog.bedrock` routes:
direct, geographic and global CRIS legs, opaque routes), next to API-key creation, bearer-token
calls for `bedrock` and `bedrock-mantle`, other Bedrock actions and unrelated services. Each call
carries a principal context (tags, org paths, MFA, source IP...) so conditions have work to do.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from iam_simulate import RawRequest

import bedrock_gov
from bedrock_gov.catalog import bedrock
from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.policy import Level, Request, routes
from bedrock_gov.policy_files import load_levels

ACCOUNT = EXAMPLE_ACCOUNT
ARTICLE_DIR = Path(bedrock_gov.__file__).resolve().parent / "examples" / "article"
ARTICLE_LEVELS = ("root", "ai-workloads-ou", "account")
CONDITIONAL_DIR = Path(__file__).resolve().parent / "conditional"
CONDITIONAL_LEVELS = ("root", "ai-ou", "team-ou", "account")

REGIONS = (
    *dict.fromkeys(region for regions in bedrock.GEO_PROFILES.values() for region in regions),
    "sa-east-1",
    "me-central-1",
)
MODEL_IDS = (
    *bedrock.MODEL_FAMILIES.values(),
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    "amazon.titan-text-express-v1",
    "meta.llama3-2-11b-instruct-v1:0",
    "meta.llama4-scout-17b-instruct-v1:0",
    "deepseek.v3-v1:0",
    "mistral.pixtral-large-2502-v1:0",
)
HOME_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1")
GEO_WEIGHTS = {"us": 8, "eu": 5, "apac": 2, "jp": 2, "au": 1, "ca": 1}
POPULAR_MODELS = (
    bedrock.MODEL_FAMILIES["anthropic"],
    bedrock.MODEL_FAMILIES["amazon"],
    bedrock.MODEL_FAMILIES["meta"],
    "anthropic.claude-3-5-haiku-20241022-v1:0",
)
TEAMS = ("ml", "data", "platform", "ML", "finance")
PRINCIPALS = (
    f"arn:aws:iam::{ACCOUNT}:role/app",
    f"arn:aws:iam::{ACCOUNT}:role/global-ml",
    f"arn:aws:iam::{ACCOUNT}:role/apikey-runner",
    f"arn:aws:iam::{ACCOUNT}:role/platform-admin",
    f"arn:aws:iam::{ACCOUNT}:user/ml-alice",
    "arn:aws:iam::444455556666:role/global-partner",
)
ORG_PATHS = (
    "o-a1b2c3d4e5/r-ab12/ou-ab12-research1/",
    "o-a1b2c3d4e5/r-ab12/ou-ab12-research2/ou-ab12-nlp/",
    "o-a1b2c3d4e5/r-ab12/ou-ab12-prod/",
)
SOURCE_IPS = ("203.0.113.25", "203.0.113.200", "198.51.100.7", "2001:db8::5", "2001:dc8::1")
TAG_KEYS = ("team", "owner", "costcenter", "cost-center", "project", "Team")
CALLED_VIA = (("athena.amazonaws.com",), ("athena.amazonaws.com", "glue.amazonaws.com"), ("dynamodb.amazonaws.com",))
IAM_USERS = ("ml-alice", "data-bob", "svc-ml", "svc-shared", "contractor-eve")
CREDENTIAL_SERVICES = (bedrock.API_KEY_SERVICE, bedrock.API_KEY_SERVICE, *bedrock.OTHER_CREDENTIAL_SERVICES)
CREDENTIAL_AGES = ("1", "7", "30", "31", "90", "36600")


def region(rng: random.Random) -> str:
    """Mostly the organization's home Regions, sometimes any Region."""
    return rng.choice(HOME_REGIONS) if rng.random() < 0.75 else rng.choice(REGIONS)


def load_hierarchy(directory: Path, names: tuple[str, ...]) -> list[Level]:
    loaded = load_levels([directory / name for name in names])
    if loaded.errors:
        raise ValueError("\n".join(str(issue) for issue in loaded.errors))
    return loaded.levels


def article_levels() -> list[Level]:
    """The article's three SCPs on the AI-workloads OU, FullAWSAccess at every level."""
    return load_hierarchy(ARTICLE_DIR, ARTICLE_LEVELS)


def conditional_levels() -> list[Level]:
    """Four levels with Allow lists, NotAction/NotResource, conditions and policy variables."""
    return load_hierarchy(CONDITIONAL_DIR, CONDITIONAL_LEVELS)


Context = dict[str, str | list[str]]


def principal_context(rng: random.Random) -> Context:
    """Who calls and from where; keys are sometimes absent, as they are in real requests."""
    context: Context = {}
    if rng.random() < 0.9:
        context["aws:PrincipalAccount"] = ACCOUNT
    if rng.random() < 0.75:
        context["aws:PrincipalTag/team"] = rng.choice(TEAMS)
    if rng.random() < 0.95:
        context["aws:PrincipalArn"] = rng.choice(PRINCIPALS)
    if rng.random() < 0.8:
        context["aws:MultiFactorAuthPresent"] = rng.choice(("true", "false"))
    if rng.random() < 0.6:
        context["aws:MultiFactorAuthAge"] = rng.choice(("120", "3600", "7200"))
    if rng.random() < 0.9:
        context["aws:SourceIp"] = rng.choice(SOURCE_IPS)
    if rng.random() < 0.8:
        context["aws:ViaAWSService"] = rng.choice(("false", "false", "true"))
    if rng.random() < 0.5:
        context["aws:PrincipalOrgPaths"] = rng.sample(ORG_PATHS, rng.randint(1, 2))
    return context


def _resource_tag(rng: random.Random, context: Context) -> Context:
    roll = rng.random()
    if roll < 0.4:
        return {}
    team = context.get("aws:PrincipalTag/team")
    if roll < 0.7 and isinstance(team, str):
        return {"aws:ResourceTag/team": team}
    return {"aws:ResourceTag/team": rng.choice(TEAMS)}


def _leg_request(leg: Request, extra: Context, label: str) -> RawRequest:
    context: Context = {key: values[0] for key, values in leg.context.items()}
    context.update(extra)
    return RawRequest(leg.action, leg.resource, context, label)


def invoke_calls(rng: random.Random, caller: Context) -> list[RawRequest]:
    """One model invocation, as every request AWS authorizes for it."""
    action = rng.choice(bedrock.INVOKE_ACTIONS)
    model = rng.choice(POPULAR_MODELS) if rng.random() < 0.6 else rng.choice(MODEL_IDS)
    roll = rng.random()
    if roll < 0.3:
        route = routes.direct_route(model, region(rng), action)
    elif roll < 0.65:
        geo = rng.choices(tuple(GEO_WEIGHTS), tuple(GEO_WEIGHTS.values()))[0]
        route = routes.geo_profile_route(model, geo, rng.choice(bedrock.GEO_PROFILES[geo]), action)
    elif roll < 0.8:
        route = routes.global_profile_route(model, region(rng), action)
    else:
        route = rng.choice(routes.opaque_routes(region(rng), action))
    extra = {**caller, **_resource_tag(rng, caller)} if route.kind not in bedrock.NAMED_ROUTES else dict(caller)
    return [_leg_request(leg, extra, f"{route.kind} {route.description}") for leg in route.legs]


def api_key_creation(rng: random.Random, caller: Context) -> list[RawRequest]:
    context: Context = {
        **caller,
        "aws:RequestedRegion": "us-east-1",
        "iam:ServiceSpecificCredentialServiceName": rng.choice(CREDENTIAL_SERVICES),
    }
    if rng.random() < 0.7:
        context["iam:ServiceSpecificCredentialAgeDays"] = rng.choice(CREDENTIAL_AGES)
    resource = f"arn:aws:iam::{ACCOUNT}:user/{rng.choice(IAM_USERS)}"
    return [RawRequest("iam:CreateServiceSpecificCredential", resource, context, "api-key creation")]


def bearer_token_call(rng: random.Random, caller: Context) -> list[RawRequest]:
    action = rng.choice(bedrock.BEARER_TOKEN_ACTIONS)
    context: Context = {**caller, "aws:RequestedRegion": region(rng)}
    if rng.random() < 0.8:
        context["bedrock:BearerTokenType"] = rng.choice(bedrock.BEARER_TOKEN_TYPES)
    return [RawRequest(action, "*", context, "bearer token")]


def other_bedrock_call(rng: random.Random, caller: Context) -> list[RawRequest]:
    where = region(rng)
    base = f"arn:aws:bedrock:{where}:{ACCOUNT}"
    action, resource = rng.choice(
        (
            ("bedrock:ListFoundationModels", "*"),
            ("bedrock:ListInferenceProfiles", "*"),
            ("bedrock:GetFoundationModel", bedrock.model_arn(rng.choice(MODEL_IDS), where)),
            ("bedrock:CreateGuardrail", f"{base}:guardrail/gr0a1b2c3d4e"),
            ("bedrock:ApplyGuardrail", f"{base}:guardrail/gr0a1b2c3d4e"),
            ("bedrock:TagResource", f"{base}:agent/AGENT12345"),
            ("bedrock:CreateInferenceProfile", f"{base}:application-inference-profile/a1b2c3d4e5f6"),
            ("bedrock:GetInferenceProfile", bedrock.profile_arn(f"us.{rng.choice(MODEL_IDS)}", where)),
        )
    )
    context: Context = {**caller, "aws:RequestedRegion": where, **_resource_tag(rng, caller)}
    if (
        action in ("bedrock:TagResource", "bedrock:CreateGuardrail", "bedrock:CreateInferenceProfile")
        and rng.random() < 0.8
    ):
        context["aws:TagKeys"] = rng.sample(TAG_KEYS, rng.randint(1, 3))
    return [RawRequest(action, resource, context, "bedrock control plane")]


def unrelated_call(rng: random.Random, caller: Context) -> list[RawRequest]:
    where = region(rng)
    action, resource = rng.choice(
        (
            ("s3:GetObject", "arn:aws:s3:::training-data/corpus/part-0001.jsonl"),
            ("s3:PutObjectTagging", "arn:aws:s3:::training-data/corpus/part-0002.jsonl"),
            ("ec2:RunInstances", f"arn:aws:ec2:{where}:{ACCOUNT}:instance/i-0abc1234def567890"),
            ("ec2:CreateTags", f"arn:aws:ec2:{where}:{ACCOUNT}:instance/i-0abc1234def567890"),
            ("ec2:DescribeInstances", "*"),
            ("logs:PutLogEvents", f"arn:aws:logs:{where}:{ACCOUNT}:log-group:/bedrock/invocations:log-stream:a"),
            ("sqs:SendMessage", f"arn:aws:sqs:{where}:{ACCOUNT}:inference-jobs"),
            ("dynamodb:GetItem", f"arn:aws:dynamodb:{where}:{ACCOUNT}:table/prompts"),
            ("lambda:InvokeFunction", f"arn:aws:lambda:{where}:{ACCOUNT}:function:summarize"),
            ("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/app"),
            ("organizations:DescribeOrganization", "*"),
        )
    )
    context: Context = {**caller, "aws:RequestedRegion": where}
    if action.startswith("s3:") and rng.random() < 0.4:
        context["aws:CalledVia"] = list(rng.choice(CALLED_VIA))
    if action in ("s3:PutObjectTagging", "ec2:CreateTags") and rng.random() < 0.8:
        context["aws:TagKeys"] = rng.sample(TAG_KEYS, rng.randint(1, 3))
    return [RawRequest(action, resource, context, "other service")]


CALL_MIX: tuple[tuple[float, Callable[[random.Random, Context], list[RawRequest]]], ...] = (
    (0.50, invoke_calls),
    (0.12, api_key_creation),
    (0.13, bearer_token_call),
    (0.10, other_bedrock_call),
    (0.15, unrelated_call),
)


def generate(seed: int, count: int) -> list[RawRequest]:
    """`count` requests from a seeded mix of calls (a CRIS call contributes all of its legs)."""
    rng = random.Random(seed)
    weights = [weight for weight, _ in CALL_MIX]
    makers = [maker for _, maker in CALL_MIX]
    requests: list[RawRequest] = []
    while len(requests) < count:
        maker = rng.choices(makers, weights)[0]
        requests.extend(maker(rng, principal_context(rng)))
    return requests[:count]
