"""What issue 5 says the prover must show on the article's SCPs and on correct SCPs for its intent."""

from __future__ import annotations

import re

import pytest

from bedrock_gov.intent import Intent
from bedrock_gov.policy import Level
from bedrock_gov.prove import PropertyResult, Prover, Status, prove_all


@pytest.fixture(scope="module")
def article_results(article_levels: list[Level], article_intent: Intent) -> dict[str, PropertyResult]:
    return {result.id: result for result in prove_all(Prover(article_levels), article_intent)}


@pytest.fixture(scope="module")
def correct_results(correct_levels: list[Level], article_intent: Intent) -> dict[str, PropertyResult]:
    return {result.id: result for result in prove_all(Prover(correct_levels), article_intent)}


def test_article_blocks_inference_but_not_mantle_nor_other_model_use(
    article_results: dict[str, PropertyResult],
) -> None:
    """The article's model SCPs hold for inference on the cross-Region profiles; the bedrock-mantle
    endpoint, which names the model only in `bedrock-mantle:Model`, stays open to every unapproved
    family, and so do the model-consuming actions that are not inference (batch, customization,
    ...: the article denies only InvokeModel*)."""
    p1 = article_results["P1"]
    assert p1.status is Status.VIOLATED
    statuses = {check.name: check.status for check in p1.checks}
    assert statuses.pop("bedrock-mantle inference") is Status.VIOLATED
    assert statuses.pop("direct foundation-model call") is Status.VIOLATED
    profiles = [status for name, status in statuses.items() if name.endswith("cross-Region profile")]
    assert len(profiles) == 7 and set(profiles) == {Status.PROVED}
    direct = next(check for check in p1.checks if check.name == "direct foundation-model call")
    (request,) = direct.requests
    assert not request.action.startswith("bedrock:InvokeModel")
    assert request.resource.startswith("arn:aws:bedrock:") and ":foundation-model/" in request.resource
    assert direct.decisions[0].allowed
    mantle = next(check for check in p1.checks if check.name == "bedrock-mantle inference")
    (request,) = mantle.requests
    assert request.action == "bedrock-mantle:CreateInference"
    assert request.resource.startswith("arn:aws:bedrock-mantle:") and ":project/" in request.resource
    model = request.context["bedrock-mantle:model"][0]
    assert model.split(".", 1)[0] not in ("anthropic", "amazon")
    assert mantle.decisions[0].allowed


def test_article_overblocks_anthropic_on_the_us_profile(article_results: dict[str, PropertyResult]) -> None:
    p2 = article_results["P2"]
    assert p2.status is Status.VIOLATED
    check = next(check for check in p2.checks if check.name == "anthropic us profile")
    assert check.status is Status.VIOLATED
    profile_leg = check.requests[0]
    assert profile_leg.resource == (
        "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0"
    )
    assert not check.decisions[0].allowed
    assert check.decisions[0].statement is not None
    assert check.decisions[0].statement.sid == "DenyUnapprovedBedrockModels"
    assert all(decision.allowed for decision in check.decisions[1:])
    direct = next(check for check in p2.checks if check.name == "anthropic direct")
    assert direct.status is Status.PROVED


def test_article_leaves_bedrock_mantle_bearer_tokens_open(article_results: dict[str, PropertyResult]) -> None:
    p4 = article_results["P4"]
    assert p4.status is Status.VIOLATED
    violated = [check for check in p4.checks if check.status is Status.VIOLATED]
    assert violated
    assert {check.requests[0].action for check in violated} == {"bedrock-mantle:CallWithBearerToken"}
    assert all(check.decisions[0].allowed for check in violated)
    assert article_results["P3"].status is Status.PROVED


def test_correct_scps_prove_everything(correct_results: dict[str, PropertyResult]) -> None:
    assert {key: result.status for key, result in correct_results.items()} == dict.fromkeys(
        ("P1", "P2", "P3", "P4"), Status.PROVED
    )


def test_counterexamples_are_recognisable(article_results: dict[str, PropertyResult]) -> None:
    for result in article_results.values():
        for check in result.checks:
            assert check.status is not Status.ERROR, check.detail
            for request in check.requests:
                assert ":::" not in request.resource.replace("bedrock:::foundation-model", "")
                if ".anthropic." in request.resource:
                    assert re.search(r"/(us|eu|apac|jp|au|ca|global)\.anthropic\.claude-", request.resource)


def test_no_intent_means_no_family_checks(article_levels: list[Level]) -> None:
    results = {result.id: result for result in prove_all(Prover(article_levels), Intent())}
    assert results["P1"].checks == [] and results["P1"].notes
    assert results["P2"].checks == [] and results["P2"].notes
