"""Every call that consumes a model is governed, not only inference; a family the catalog does not
know yet can be approved; "unapproved" means every family not approved (issue: no wrong answer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bedrock_gov.catalog.actions import actions_matching
from bedrock_gov.catalog.bedrock import INVOKE_ACTIONS, MODEL_FAMILIES, UNKNOWN_FAMILY_EXAMPLE, model_id_for
from bedrock_gov.catalog.model_use import (
    covering_patterns,
    exclusion_reason,
    mantle_model_actions,
    model_consuming_actions,
    model_resource_actions,
    model_types_of,
)
from bedrock_gov.intent.loader import IntentError, load_intent, parse_intent
from bedrock_gov.policy import Evaluator, Level, Policy, Request, parse_policy
from bedrock_gov.policy.routes import (
    direct_route,
    geo_profile_route,
    global_profile_route,
    mantle_route,
    model_use_route,
    model_use_routes,
    subject_requests,
)
from bedrock_gov.render import RenderSelfCheckError, render
from bedrock_gov.render.selfcheck import full_access, self_check
from bedrock_gov.render.suite import request_suite

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples/governance.yaml"
DEEPSEEK = MODEL_FAMILIES["deepseek"]
ANTHROPIC = MODEL_FAMILIES["anthropic"]


def _evaluator(policies: list[Policy]) -> Evaluator:
    return Evaluator([Level("root", (full_access(),)), Level("ou", (full_access(), *policies))])


def _rendered(intent_path: Path = EXAMPLE) -> Evaluator:
    result = render(load_intent(intent_path))
    return _evaluator([parse_policy(d.text, d.name) for d in result.documents])


def test_the_set_comes_from_the_iam_database_and_holds_the_issue_examples() -> None:
    consuming = set(model_consuming_actions())
    for action in (
        *INVOKE_ACTIONS,
        "bedrock:CreateModelInvocationJob",
        "bedrock:CreateProvisionedModelThroughput",
        "bedrock:CreateModelCustomizationJob",
        "bedrock:CreateModelEvaluationJob",
        "bedrock:CreateEvaluationJob",
    ):
        assert action in consuming, action
    for action in ("bedrock:GetFoundationModel", "bedrock:GetInferenceProfile", "bedrock:TagResource"):
        assert action not in consuming and exclusion_reason(action), action
    assert "bedrock:ListFoundationModels" not in model_resource_actions()  # no model resource type at all
    assert set(mantle_model_actions()) == {"bedrock-mantle:CreateInference", "bedrock-mantle:CreateFineTuningJob"}
    # every action with a model resource type is either consuming or excluded for a stated reason
    for action in model_resource_actions():
        assert (action in consuming) is (exclusion_reason(action) is None)


def test_docs_justify_every_exclusion() -> None:
    docs = (ROOT / "docs/render.md").read_text()
    excluded = [action for action in model_resource_actions() if exclusion_reason(action)]
    assert excluded
    for action in excluded:
        assert f"`{action}`" in docs, f"docs/render.md does not list the excluded {action}"
    for action in model_consuming_actions():
        assert f"`{action}`" in docs, f"docs/render.md does not list the model-consuming {action}"


@given(st.sets(st.sampled_from(model_resource_actions()), min_size=1))
def test_covering_patterns_cover_exactly_the_set(actions: set[str]) -> None:
    ordered = tuple(sorted(actions))
    covered = {match.lower() for pattern in covering_patterns(ordered) for match in actions_matching(pattern)}
    assert covered == {action.lower() for action in actions}


@pytest.mark.parametrize(
    "action",
    [
        "bedrock:CreateModelInvocationJob",
        "bedrock:CreateProvisionedModelThroughput",
        "bedrock:CreateModelCustomizationJob",
    ],
)
def test_issue_examples_are_denied_on_an_unapproved_model_and_allowed_on_an_approved_one(action: str) -> None:
    """All three were allowed on deepseek by the example intent's SCPs before."""
    evaluator = _rendered()
    denied = model_use_route(action, "foundation-model", DEEPSEEK)
    assert not evaluator.evaluate(denied.legs[0]).allowed
    approved = model_use_route(action, "foundation-model", ANTHROPIC)
    assert evaluator.evaluate(approved.legs[0]).allowed
    for request in subject_requests(action):  # the job itself is no model: the model leg decides
        assert evaluator.evaluate(request).allowed, request.resource


def test_batch_inference_of_every_unapproved_family_on_every_model_shape_is_denied() -> None:
    evaluator = _rendered()
    for family in sorted({*MODEL_FAMILIES, UNKNOWN_FAMILY_EXAMPLE}):
        approved = family in ("anthropic", "amazon")
        for action in model_consuming_actions():
            for route in model_use_routes(model_id_for(family), action):
                profile = route.legs[0].resource.rsplit("/", 1)[1].split(".", 1)[0]
                expected = approved and (route.kind == "direct" or profile in ("us", "global"))
                assert evaluator.evaluate(route.legs[0]).allowed is expected, (action, route.description)
            for kind in model_types_of(action):
                if kind not in ("foundation-model", "inference-profile"):  # opaque: the example denies them all
                    assert not evaluator.evaluate(model_use_route(action, kind, "").legs[0]).allowed


def test_mantle_fine_tuning_is_governed_like_inference() -> None:
    evaluator = _rendered()
    for action in mantle_model_actions():
        assert not evaluator.evaluate(mantle_route(DEEPSEEK, action=action).legs[0]).allowed
        assert evaluator.evaluate(mantle_route(ANTHROPIC, action=action).legs[0]).allowed


def test_self_check_rejects_an_invocation_only_allow_list() -> None:
    """The pre-write check would have caught the old render: it denied only InvokeModel*."""
    intent = load_intent(EXAMPLE)
    text = render(intent).documents[0].text
    actions = re.search(r'"Sid":"DenyUnapprovedModels","Effect":"Deny","Action":(\[[^]]*\])', text)
    assert actions is not None
    old = text.replace(actions[1], '["bedrock:InvokeModel","bedrock:InvokeModelWithResponseStream"]')
    with pytest.raises(RenderSelfCheckError) as raised:
        self_check(intent, [parse_policy(old, "old")])
    failures = "\n".join(raised.value.failures)
    assert "bedrock:CreateModelInvocationJob" in failures and "deepseek" in failures


def test_the_example_still_fits_the_legacy_limit() -> None:
    from bedrock_gov.catalog.limits import LEGACY

    result = render(load_intent(EXAMPLE), LEGACY)
    assert len(result.documents) == 1 and result.documents[0].size <= 5_120


# -- families the catalog does not know -------------------------------------------------------


def test_an_unknown_family_can_be_approved_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(
        "models:\n  approved_families: [anthropic, google]\ncross_region:\n  allowed_profiles: [us, global]\n"
    )
    result = render(load_intent(path))
    assert "family 'google' is not in the catalog; approving it anyway" in result.warnings
    evaluator = _evaluator([parse_policy(d.text, d.name) for d in result.documents])
    google = model_id_for("google")
    for route in (
        direct_route(google),
        geo_profile_route(google, "us"),
        global_profile_route(google),
        mantle_route(google),
    ):
        assert all(evaluator.evaluate(leg).allowed for leg in route.legs), route.description
    for leg in model_use_route("bedrock:CreateModelInvocationJob", "foundation-model", google).legs:
        assert evaluator.evaluate(leg).allowed
    zeta = model_id_for(UNKNOWN_FAMILY_EXAMPLE)
    assert not evaluator.evaluate(direct_route(zeta).legs[0]).allowed
    assert not evaluator.evaluate(mantle_route(zeta).legs[0]).allowed


def test_a_typo_in_a_family_is_warned_about_with_the_closest_name() -> None:
    intent = parse_intent({"models": {"blocked_families": ["deepsek"]}})
    warnings = intent.models.warnings()
    assert any("'deepsek'" in w and "did you mean 'deepseek'" in w for w in warnings)
    assert any("block-list" in w and "every provider AWS adds later stays open" in w for w in warnings)


@pytest.mark.parametrize("family", ["*", "anthropic.*", "Anthropic", "an?hropic", "deep seek", "", "1ai", "a.b"])
def test_a_family_that_is_not_a_provider_name_is_refused(family: str) -> None:
    """A wildcard or dot in a family would widen the allow-list's patterns."""
    with pytest.raises(IntentError, match="approved_families"):
        parse_intent({"models": {"approved_families": [family]}})


def test_the_suite_checks_an_unknown_family_on_every_route_and_action() -> None:
    suite = request_suite(load_intent(EXAMPLE))
    zeta = [e for e in suite if f"{UNKNOWN_FAMILY_EXAMPLE}." in e.description]
    assert zeta and not any(e.allowed for e in zeta)
    described = "\n".join(e.description for e in zeta)
    for action in (*model_consuming_actions(), *mantle_model_actions()):
        if action in mantle_model_actions() or "foundation-model" in model_types_of(action):
            assert action in described, action
    for kind in ("direct", "geo-profile", "global-profile"):
        assert f" {kind} " in described


def test_render_cli_prints_the_warnings(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bedrock_gov.cli import app

    path = tmp_path / "g.yaml"
    path.write_text("models:\n  blocked_families: [deepseek]\n")
    result = CliRunner().invoke(app, ["render", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "warning: models has a block-list and no approved_families" in result.output


def test_a_request_on_an_unknown_model_shape_is_still_a_request() -> None:
    """Guard for the route builders the prover's P1 will use: every leg names its action."""
    for action in model_consuming_actions():
        for route in model_use_routes(ANTHROPIC, action):
            assert all(isinstance(leg, Request) and leg.action == action for leg in route.legs)
