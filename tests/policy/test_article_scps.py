"""The article's three SCPs (with FullAWSAccess at every level): what they really decide.

The article claims they allow Anthropic and Amazon models, block DeepSeek and Cohere, and block
Bedrock API keys. Direct calls behave as claimed; cross-Region calls to approved models are
blocked (the inference-profile leg is outside the NotResource list), and bedrock-mantle API keys
stay usable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_gov.catalog import bedrock
from bedrock_gov.policy import Evaluator, Request, routes
from bedrock_gov.policy_files import load_levels

ARTICLE = Path(__file__).parents[2] / "src" / "bedrock_gov" / "examples" / "article"


@pytest.fixture(scope="module")
def article() -> Evaluator:
    loaded = load_levels([ARTICLE / "root", ARTICLE / "ai-workloads-ou", ARTICLE / "account"])
    assert loaded.errors == []
    assert sorted(issue.message.split("'")[1] for issue in loaded.warnings) == [
        "bedrock:Converse",
        "bedrock:ConverseStream",
    ]
    return Evaluator(loaded.levels)


def _route_allowed(evaluator: Evaluator, route: routes.Route) -> bool:
    return all(evaluator.evaluate(leg).allowed for leg in route.legs)


@pytest.mark.parametrize("family", ["anthropic", "amazon"])
@pytest.mark.parametrize("action", bedrock.INVOKE_ACTIONS)
def test_approved_families_direct_calls_are_allowed(article: Evaluator, family: str, action: str) -> None:
    route = routes.direct_route(bedrock.MODEL_FAMILIES[family], action=action)
    assert _route_allowed(article, route)


@pytest.mark.parametrize("family", ["deepseek", "cohere", "meta", "mistral"])
def test_unapproved_families_direct_calls_are_denied(article: Evaluator, family: str) -> None:
    (leg,) = routes.direct_route(bedrock.MODEL_FAMILIES[family]).legs
    decision = article.evaluate(leg)
    assert not decision.allowed and decision.reason == "explicit_deny"


def test_deepseek_is_denied_by_the_family_blocklist_first(article: Evaluator) -> None:
    (leg,) = routes.direct_route(bedrock.MODEL_FAMILIES["deepseek"]).legs
    statement = article.evaluate(leg).statement
    assert statement is not None
    assert (statement.policy, statement.sid, statement.level) == (
        "DenyUnapprovedModelFamilies",
        "DenyUnapprovedModelFamilies",
        1,
    )


@pytest.mark.parametrize("geo", sorted(bedrock.GEO_PROFILES))
def test_cross_region_to_approved_model_is_blocked_on_the_profile_leg(article: Evaluator, geo: str) -> None:
    route = routes.geo_profile_route(bedrock.MODEL_FAMILIES["anthropic"], geo)
    profile_leg, *model_legs = route.legs
    decision = article.evaluate(profile_leg)
    assert not decision.allowed
    assert decision.statement is not None and decision.statement.sid == "DenyUnapprovedBedrockModels"
    assert all(article.evaluate(leg).allowed for leg in model_legs)
    assert not _route_allowed(article, route)


def test_global_cross_region_to_approved_model_is_blocked(article: Evaluator) -> None:
    route = routes.global_profile_route(bedrock.MODEL_FAMILIES["amazon"])
    decisions = [article.evaluate(leg).allowed for leg in route.legs]
    assert decisions == [False, True, True]  # profile leg denied; both model legs (incl. region-less) allowed


def test_cross_region_to_blocked_model_is_denied(article: Evaluator) -> None:
    route = routes.geo_profile_route(bedrock.MODEL_FAMILIES["deepseek"], "us")
    assert not any(article.evaluate(leg).allowed for leg in route.legs)


@pytest.mark.parametrize("route", routes.opaque_routes(), ids=lambda route: route.kind)
def test_opaque_routes_are_denied_by_the_allow_list(article: Evaluator, route: routes.Route) -> None:
    assert not _route_allowed(article, route)


def test_api_key_creation_for_bedrock_is_denied_but_other_services_are_not(article: Evaluator) -> None:
    user = "arn:aws:iam::111122223333:user/dev"

    def create(service: str) -> bool:
        context = {"iam:ServiceSpecificCredentialServiceName": service}
        return article.evaluate(Request.build("iam:CreateServiceSpecificCredential", user, context)).allowed

    assert not create(bedrock.API_KEY_SERVICE)
    assert all(create(service) for service in bedrock.OTHER_CREDENTIAL_SERVICES)


@pytest.mark.parametrize("token_type", bedrock.BEARER_TOKEN_TYPES)
def test_bearer_tokens_bedrock_denied_but_bedrock_mantle_allowed(article: Evaluator, token_type: str) -> None:
    context = {"bedrock:BearerTokenType": token_type}
    assert not article.evaluate(Request.build("bedrock:CallWithBearerToken", "*", context)).allowed
    assert article.evaluate(Request.build("bedrock-mantle:CallWithBearerToken", "*", context)).allowed


def test_model_family_deny_also_hits_control_plane_actions(article: Evaluator) -> None:
    """SCP 3 denies `bedrock:*` on model ARNs: reading a blocked model's metadata is denied too."""
    arn = bedrock.model_arn(bedrock.MODEL_FAMILIES["cohere"], "us-east-1")
    assert not article.evaluate(Request.build("bedrock:GetFoundationModel", arn)).allowed


@pytest.mark.parametrize("family", ["deepseek", "cohere", "meta"])
def test_bedrock_mantle_inference_reaches_blocked_families(article: Evaluator, family: str) -> None:
    """The article controls model ARNs of bedrock:InvokeModel only; bedrock-mantle:CreateInference
    names the model in a condition key, so every family stays reachable there."""
    route = routes.mantle_route(bedrock.MODEL_FAMILIES[family])
    assert _route_allowed(article, route)
