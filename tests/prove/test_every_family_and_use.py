"""P1 over every model family (not only the catalog's) and every model-consuming action; every
counterexample a request that could happen (shared aws-facts "Model IDs", "Amazon Bedrock")."""

from __future__ import annotations

import re

from test_soundness import hierarchy

from bedrock_gov.catalog.bedrock import MODEL_FAMILIES, UNSPECIFIED_REGION
from bedrock_gov.catalog.model_use import model_consuming_actions
from bedrock_gov.intent import CrossRegion, Intent, Models
from bedrock_gov.prove import PropertyResult, Prover, Status
from bedrock_gov.prove.calls import REGIONS
from bedrock_gov.prove.outcomes import ProofCheck
from bedrock_gov.prove.queries.properties import p1_no_route, p2_no_overblocking, prove_all

ANTHROPIC_ONLY = Intent(models=Models(approved_families=["anthropic"]))
UNAPPROVED = sorted(family for family in MODEL_FAMILIES if family != "anthropic")
MODEL_ID = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*(:[a-z0-9]+){0,2}")
"""Bedrock's model-ID grammar: `<family>.<model>-<version>[:n]`, no dot in the model part."""


def _block_list(actions: str | list[str] = "bedrock:*") -> dict[str, object]:
    """A Deny naming each unapproved family the catalog knows, on foundation models and profiles."""
    resources = [f"arn:aws:bedrock:*::foundation-model/{family}.*" for family in UNAPPROVED]
    resources += [f"arn:aws:bedrock:*:*:inference-profile/*.{family}.*" for family in UNAPPROVED]
    return {"Effect": "Deny", "Action": actions, "Resource": resources}


MANTLE_BLOCK_LIST = {
    "Effect": "Deny",
    "Action": "bedrock-mantle:*",
    "Resource": "*",
    "Condition": {"StringLike": {"bedrock-mantle:Model": [f"{family}.*" for family in UNAPPROVED]}},
}


def _check(result: PropertyResult, name: str) -> ProofCheck:
    return next(check for check in result.checks if check.name == name)


def _model_of(check: ProofCheck) -> str:
    request = check.requests[0]
    mantle = request.context.get("bedrock-mantle:model")
    return mantle[0] if mantle else request.resource.rsplit("/", 1)[1]


def test_a_block_list_of_the_catalogs_families_leaves_new_providers_open() -> None:
    # Every unapproved family the catalog knows is denied, yet `google.gemma-3-27b-it` (a provider
    # the catalog has never heard of) is not: with an allow-list intent, P1 is violated.
    result = p1_no_route(Prover(hierarchy(_block_list(), MANTLE_BLOCK_LIST)), ANTHROPIC_ONLY)
    assert result.status is Status.VIOLATED
    for name in ("direct foundation-model call", "us cross-Region profile", "bedrock-mantle inference"):
        check = _check(result, name)
        assert check.status is Status.VIOLATED, name
        family = _model_of(check).split(".", 1)[0]
        assert family not in MODEL_FAMILIES, family  # an invented, well-formed family
        assert re.fullmatch(r"[a-z][a-z0-9-]*", family)
        assert all(decision.allowed for decision in check.decisions)


def test_an_allow_list_closes_every_family() -> None:
    deny = {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "NotResource": [
            "arn:aws:bedrock:*::foundation-model/anthropic.*",
            "arn:aws:bedrock:*:*:inference-profile/*.anthropic.*",
        ],
    }
    mantle = {
        "Effect": "Deny",
        "Action": "bedrock-mantle:*",
        "Resource": "*",
        "Condition": {"StringNotLike": {"bedrock-mantle:Model": "anthropic.*"}},
    }
    assert p1_no_route(Prover(hierarchy(deny, mantle)), ANTHROPIC_ONLY).status is Status.PROVED


def test_a_block_list_intent_checks_only_its_families() -> None:
    intent = Intent(models=Models(blocked_families=["deepseek", "zeta"]))
    deny = {
        "Effect": "Deny",
        "Action": ["bedrock:*", "bedrock-mantle:*"],
        "Resource": "*",
        "Condition": {"StringLike": {"bedrock-mantle:Model": ["deepseek.*", "zeta.*"]}},
    }
    models = {
        "Effect": "Deny",
        "Action": "bedrock:*",
        "Resource": [
            f"arn:aws:bedrock:*{middle}{family}.*"
            for family in ("deepseek", "zeta")
            for middle in ("::foundation-model/", ":*:inference-profile/*.")
        ],
    }
    result = p1_no_route(Prover(hierarchy(deny, models)), intent)
    named = [check for check in result.checks if not check.name.endswith(" route")]
    assert {check.status for check in named} == {Status.PROVED}


def test_batch_on_an_unapproved_model_is_a_route() -> None:
    # Inference is denied for every family but anthropic; CreateModelInvocationJob (batch) is not.
    others = [action for action in model_consuming_actions() if action != "bedrock:CreateModelInvocationJob"]
    deny = {"Effect": "Deny", "Action": others, "NotResource": "arn:aws:bedrock:*::foundation-model/anthropic.*"}
    direct = _check(p1_no_route(Prover(hierarchy(deny)), ANTHROPIC_ONLY), "direct foundation-model call")
    assert direct.status is Status.VIOLATED
    (request,) = direct.requests
    assert request.action == "bedrock:CreateModelInvocationJob"
    assert ":foundation-model/" in request.resource and "anthropic" not in request.resource


def test_every_model_consuming_action_denied_closes_the_direct_route() -> None:
    deny = {
        "Effect": "Deny",
        "Action": list(model_consuming_actions()),
        "NotResource": "arn:aws:bedrock:*::foundation-model/anthropic.*",
    }
    direct = _check(p1_no_route(Prover(hierarchy(deny)), ANTHROPIC_ONLY), "direct foundation-model call")
    assert direct.status is Status.PROVED


def test_a_model_named_by_a_profile_without_inference_is_a_route() -> None:
    # CreatePromptRouter / CreateInferenceProfile take a system profile: denying only inference
    # leaves them open.
    deny = {"Effect": "Deny", "Action": "bedrock:InvokeModel*", "NotResource": "arn:aws:bedrock:*anthropic.*"}
    check = _check(p1_no_route(Prover(hierarchy(deny)), ANTHROPIC_ONLY), "inference profile used without inference")
    assert check.status is Status.VIOLATED
    (request,) = check.requests
    assert request.action in ("bedrock:CreatePromptRouter", "bedrock:CreateInferenceProfile")
    geo, model = request.resource.split("inference-profile/", 1)[1].split(".", 1)
    assert geo in ("us", "eu", "apac", "jp", "au", "ca", "global") and MODEL_ID.fullmatch(model)


def test_an_unapproved_family_hidden_in_the_model_part_is_no_false_alarm() -> None:
    # A Deny on any profile ID holding `.twelvelabs.` does not touch a real Anthropic ID: model IDs
    # have no dot after the family, so `us.anthropic.a.twelvelabs.x` is no request that can happen.
    deny = {"Effect": "Deny", "Action": "bedrock:*", "Resource": "arn:aws:bedrock:*:*:inference-profile/*.twelvelabs.*"}
    intent = Intent(models=Models(approved_families=["anthropic"]), cross_region=CrossRegion(allowed_profiles=["us"]))
    result = p2_no_overblocking(Prover(hierarchy(deny)), intent)
    assert _check(result, "anthropic us profile").status is Status.PROVED


def test_only_aws_regions_count() -> None:
    # deepseek is denied in every AWS Region: no Region-shaped invention (`-`, `a`) may reopen it.
    deny = {
        "Effect": "Deny",
        "Action": ["bedrock:*", "bedrock-mantle:*"],
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:RequestedRegion": [*REGIONS, UNSPECIFIED_REGION]}},
    }
    deepseek = Intent(models=Models(blocked_families=["deepseek"]))
    result = p1_no_route(Prover(hierarchy(deny)), deepseek)
    assert {check.status for check in result.checks} == {Status.PROVED}


def test_a_region_restricted_profile_is_not_flagged_outside_its_regions() -> None:
    # The us profile routes among us-east-1, us-east-2 and us-west-2 only: an SCP that allows just
    # those Regions leaves every leg of an Anthropic call on it allowed.
    deny = {
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-east-2", "us-west-2"]}},
    }
    intent = Intent(models=Models(approved_families=["anthropic"]), cross_region=CrossRegion(allowed_profiles=["us"]))
    assert _check(p2_no_overblocking(Prover(hierarchy(deny)), intent), "anthropic us profile").status is Status.PROVED


def test_every_counterexample_is_a_request_that_could_happen() -> None:
    intent = Intent(models=Models(approved_families=["anthropic"]), cross_region=CrossRegion(allowed_profiles=["us"]))
    for result in prove_all(Prover(hierarchy(_block_list("bedrock:InvokeModel")), timeout_ms=20_000), intent):
        for check in result.checks:
            assert check.status is not Status.ERROR, check.detail
            for request in check.requests:
                for region in request.context.get("aws:requestedregion", ()):
                    assert region in (*REGIONS, UNSPECIFIED_REGION), region
                model = (
                    request.resource.split("foundation-model/", 1)[-1]
                    if "foundation-model/" in request.resource
                    else None
                )
                if model is not None:
                    assert MODEL_ID.fullmatch(model), model
                if ":inference-profile/" in request.resource:
                    assert MODEL_ID.fullmatch(request.resource.split(":inference-profile/", 1)[1].split(".", 1)[1])
