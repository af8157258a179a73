"""Render: correct by construction, verified, deterministic; round trip over the whole catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_gov.catalog.bedrock import GEO_PROFILES, GLOBAL_PROFILE, MODEL_FAMILIES, model_id_for
from bedrock_gov.catalog.limits import LEGACY
from bedrock_gov.catalog.model_use import model_consuming_actions, model_types_of
from bedrock_gov.intent import PROFILES, Intent
from bedrock_gov.intent.loader import load_intent, parse_intent
from bedrock_gov.lint import PolicyFile, PolicyLevel, lint
from bedrock_gov.policy import Evaluator, Level, Policy, Request, parse_policy
from bedrock_gov.policy.jsontext import read_json
from bedrock_gov.policy.routes import (
    direct_route,
    geo_profile_route,
    global_profile_route,
    mantle_route,
    model_use_route,
    opaque_routes,
)
from bedrock_gov.render import RenderSelfCheckError, render
from bedrock_gov.render.selfcheck import full_access, self_check

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_OU = ROOT / "src/bedrock_gov/examples/article/ai-workloads-ou"
EXAMPLE = ROOT / "examples/governance.yaml"


def _evaluator(policies: list[Policy]) -> Evaluator:
    return Evaluator([Level("root", (full_access(),)), Level("ou", (full_access(), *policies))])


def _rendered_policies(intent: Intent) -> list[Policy]:
    return [parse_policy(document.text, document.name) for document in render(intent).documents]


def _route_allowed(evaluator: Evaluator, legs: tuple[Request, ...]) -> bool:
    return all(evaluator.evaluate(leg).allowed for leg in legs)


def test_article_intent_round_trip_every_family_and_route() -> None:
    """Written independently of the request suite: the article's intent, route by route."""
    evaluator = _evaluator(_rendered_policies(load_intent(EXAMPLE)))
    for family, model_id in MODEL_FAMILIES.items():
        approved = family in ("anthropic", "amazon")
        assert _route_allowed(evaluator, direct_route(model_id).legs) is approved, family
        for geo in GEO_PROFILES:
            route = geo_profile_route(model_id, geo)
            assert _route_allowed(evaluator, route.legs) is (approved and geo == "us"), (family, geo)
        route = global_profile_route(model_id)
        assert _route_allowed(evaluator, route.legs) is approved, family
        if approved:  # every leg of an approved global route, the region-less one included
            assert all(evaluator.evaluate(leg).allowed for leg in route.legs)
        assert _route_allowed(evaluator, mantle_route(model_id).legs) is approved, (family, "mantle")
    for route in opaque_routes():
        assert not _route_allowed(evaluator, route.legs), route.kind
    for action in ("bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"):
        assert not evaluator.evaluate(Request.build(action, "*")).allowed
    codecommit = Request.build(
        "iam:CreateServiceSpecificCredential",
        "arn:aws:iam::111122223333:user/dev",
        {"iam:ServiceSpecificCredentialServiceName": "codecommit.amazonaws.com"},
    )
    assert evaluator.evaluate(codecommit).allowed


def test_rendered_policies_never_list_converse_and_deny_both_bearer_actions() -> None:
    text = "".join(document.text for document in render(load_intent(EXAMPLE)).documents)
    assert "Converse" not in text
    assert "bedrock:CallWithBearerToken" in text and "bedrock-mantle:CallWithBearerToken" in text
    assert "bedrock.amazonaws.com" in text


def test_render_is_deterministic_and_minified() -> None:
    intent = load_intent(EXAMPLE)
    first, second = render(intent), render(intent)
    assert [d.text for d in first.documents] == [d.text for d in second.documents]
    assert first.manifest_text() == second.manifest_text()
    for document in first.documents:
        assert document.text == json.dumps(json.loads(document.text), separators=(",", ":"))
        assert document.size == len(document.text)


def test_article_policies_fail_the_article_intent_suite() -> None:
    """The article's own SCPs do not meet its intent: the verifier says where."""
    policies = [parse_policy(path.read_text(), path.stem) for path in sorted(ARTICLE_OU.glob("Deny*.json"))]
    policies += [parse_policy((ARTICLE_OU / "EnforceApprovedBedrockModels.json").read_text(), "Enforce")]
    with pytest.raises(RenderSelfCheckError) as raised:
        self_check(load_intent(EXAMPLE), policies)
    failures = "\n".join(raised.value.failures)
    assert "bedrock-mantle:CallWithBearerToken" in failures
    assert "inference-profile/us.anthropic" in failures
    assert "internal bug" in str(raised.value)


def test_verifier_catches_a_dropped_leg() -> None:
    intent = load_intent(EXAMPLE)
    document = render(intent).documents[0]
    broken = document.text.replace(',"arn:aws:bedrock:*:*:inference-profile/us.anthropic.*"', "")
    assert broken != document.text
    with pytest.raises(RenderSelfCheckError, match=r"us\.anthropic"):
        self_check(intent, [parse_policy(broken, "broken")])


def test_opaque_routes_allow_by_tag() -> None:
    intent = parse_intent(
        {
            "models": {"approved_families": ["anthropic"]},
            "cross_region": {
                "allowed_profiles": ["eu"],
                "provisioned_models": {"mode": "allow_tagged", "tag_key": "team", "tag_value": "ml"},
                "imported_models": {"mode": "allow"},
            },
        }
    )
    evaluator = _evaluator(_rendered_policies(intent))
    routes = {route.kind: route for route in opaque_routes()}
    provisioned = routes["provisioned"].legs[0]
    assert not evaluator.evaluate(provisioned).allowed
    tagged = Request.build(provisioned.action, provisioned.resource, {"aws:ResourceTag/team": "ml"})
    assert evaluator.evaluate(tagged).allowed
    wrong_tag = Request.build(provisioned.action, provisioned.resource, {"aws:ResourceTag/team": "web"})
    assert not evaluator.evaluate(wrong_tag).allowed
    assert evaluator.evaluate(routes["imported"].legs[0]).allowed
    assert not evaluator.evaluate(routes["application-profile"].legs[0]).allowed


@st.composite
def intents(draw: st.DrawFn) -> Intent:
    families = [*sorted(MODEL_FAMILIES), "google", "newco"]  # two the catalog does not know
    approved = draw(st.lists(st.sampled_from(families), unique=True, max_size=4))
    blocked = draw(st.lists(st.sampled_from([f for f in families if f not in approved]), unique=True, max_size=3))
    route = st.sampled_from(
        [{"mode": "deny"}, {"mode": "allow"}, {"mode": "allow_tagged", "tag_key": "team", "tag_value": "ml"}]
    )
    api_keys = draw(
        st.sampled_from(
            [
                {"mode": "deny_all"},
                {"mode": "deny_long_term"},
                {"mode": "allow"},
                {"mode": "max_age", "max_age_days": 30},
            ]
        )
    )
    return parse_intent(
        {
            "models": {"approved_families": approved, "blocked_families": blocked},
            "api_keys": api_keys,
            "cross_region": {
                "allowed_profiles": draw(st.lists(st.sampled_from(PROFILES), unique=True)),
                "application_inference_profiles": draw(route),
                "provisioned_models": draw(route),
                "custom_models": draw(route),
                "imported_models": draw(route),
                "prompt_routers": {"mode": draw(st.sampled_from(["deny", "allow"]))},
                "marketplace_models": {"mode": draw(st.sampled_from(["deny", "allow"]))},
            },
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(intents())
def test_round_trip_any_intent(intent: Intent) -> None:
    """Render verifies every family x route of the catalog; re-check the model routes here too,
    and the rendered set lints clean."""
    result = render(intent)
    assert result.checked_requests > 200
    policies = [parse_policy(d.text, d.name) for d in result.documents]
    files = tuple(PolicyFile(f"{p.name}.json", p, read_json(p.text)) for p in policies)
    assert lint([PolicyLevel("target", files, is_directory=True)], result.limits) == []
    evaluator = _evaluator(policies)
    profiles = set(intent.cross_region.allowed_profiles)
    families = {*MODEL_FAMILIES, *intent.models.approved_families, *intent.models.blocked_families, "zeta"}
    for family in sorted(families):
        model_id = model_id_for(family)
        approved = (not intent.models.approved_families or family in intent.models.approved_families) and (
            family not in intent.models.blocked_families
        )
        assert _route_allowed(evaluator, direct_route(model_id).legs) is approved
        for action in model_consuming_actions():
            if "foundation-model" in model_types_of(action):
                leg = model_use_route(action, "foundation-model", model_id).legs
                assert _route_allowed(evaluator, leg) is approved, (action, family)
        for geo in GEO_PROFILES:
            allowed = _route_allowed(evaluator, geo_profile_route(model_id, geo).legs)
            assert allowed is (approved and geo in profiles)
        allowed = _route_allowed(evaluator, global_profile_route(model_id).legs)
        assert allowed is (approved and GLOBAL_PROFILE in profiles)


def test_both_limit_sets_render_the_article_intent_in_one_document() -> None:
    intent = load_intent(EXAMPLE)
    for limits in (None, LEGACY):
        result = render(intent, limits)
        assert len(result.documents) == 1
        assert result.documents[0].size <= (limits or result.limits).max_characters
