"""Each lint rule: a policy it must flag and a close one it must leave alone."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from bedrock_gov.catalog.limits import CURRENT, LEGACY
from bedrock_gov.lint import Finding
from bedrock_gov.lint.rules.arns import spelled_out
from bedrock_gov.lint.rules.redundancy import pattern_covers
from bedrock_gov.policy import Severity

LintTexts = Callable[..., list[Finding]]


def scp(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=2)


def deny(action: object, resource: object = "*", **extra: object) -> dict[str, object]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def rules(findings: list[Finding]) -> list[str]:
    return sorted(finding.rule for finding in findings)


SCOPED = {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}}
CREATE = "iam:CreateServiceSpecificCredential"
BOTH_BEARERS = ["bedrock:CallWithBearerToken", "bedrock-mantle:CallWithBearerToken"]
NO_MANTLE = {"Effect": "Deny", "Action": "bedrock-mantle:CreateInference", "Resource": "*"}
"""Closes the bedrock-mantle inference route, for tests about other rules."""


def _notresource(resources: list[str], **extra: object) -> dict[str, object]:
    return {
        "Effect": "Deny",
        "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        "NotResource": resources,
        **extra,
    }


def test_bearer_token_missing(lint_texts: LintTexts) -> None:
    assert rules(lint_texts(P=scp(deny(CREATE, Condition=SCOPED)))) == ["bearer-token-deny-missing"]
    assert rules(lint_texts(P=scp(deny(CREATE, Condition=SCOPED), deny(BOTH_BEARERS)))) == []


def test_bearer_token_long_term_only_is_a_choice_but_mantle_must_match(lint_texts: LintTexts) -> None:
    long_term = {"StringEquals": {"bedrock:BearerTokenType": "LONG_TERM"}}
    findings = lint_texts(
        P=scp(deny(CREATE, Condition=SCOPED), deny("bedrock:CallWithBearerToken", Condition=long_term))
    )
    assert rules(findings) == ["mantle-bearer-token-not-denied"]
    assert "LONG_TERM keys still work" in findings[0].message


def test_max_age_creation_limit_is_not_a_creation_block(lint_texts: LintTexts) -> None:
    age = {**SCOPED, "NumericGreaterThan": {"iam:ServiceSpecificCredentialAgeDays": "30"}}
    assert rules(lint_texts(P=scp(deny(CREATE, Condition=age)))) == []


def test_mantle_denied_in_another_policy_counts(lint_texts: LintTexts) -> None:
    findings = lint_texts(
        A=scp(deny(CREATE, Condition=SCOPED), deny("bedrock:CallWithBearerToken")),
        B=scp(deny("bedrock-mantle:CallWithBearerToken")),
    )
    assert rules(findings) == []


def test_unscoped_credential_deny(lint_texts: LintTexts) -> None:
    findings = lint_texts(P=scp(deny(CREATE), deny(BOTH_BEARERS)))
    assert rules(findings) == ["credential-deny-unscoped"]
    assert findings[0].severity is Severity.WARNING and "codecommit.amazonaws.com" in findings[0].message


def test_unknown_actions(lint_texts: LintTexts) -> None:
    findings = lint_texts(
        P=scp(deny(["bedrock:InvokeModels", "bedrock:InvokeModel"]), deny("nosuchservice:Do"), deny("s3:Zzz*")),
        Q=scp({"Effect": "Allow", "Action": "bedrock:InvokeModels", "Resource": "*"}),
    )
    assert [(f.rule, f.severity, f.pointer) for f in findings if f.rule == "unknown-action"] == [
        ("unknown-action", Severity.ERROR, "/Statement/0/Action/0"),
        ("unknown-action", Severity.ERROR, "/Statement/1/Action"),
        ("unknown-action", Severity.ERROR, "/Statement/2/Action"),
        ("unknown-action", Severity.WARNING, "/Statement/0/Action"),
    ]
    assert "bedrock:InvokeModel" in findings[0].fix


def test_converse_without_invoke_model_is_an_error(lint_texts: LintTexts) -> None:
    findings = lint_texts(P=scp(deny("bedrock:Converse")))
    converse = [f for f in findings if f.rule == "converse-not-an-action"]
    assert len(converse) == 1 and converse[0].severity is Severity.ERROR
    assert "Replace 'bedrock:Converse' with 'bedrock:InvokeModel'" in converse[0].fix
    assert "dead-statement" in rules(findings)


def test_notresource_with_profiles_and_regionless_models_is_clean(lint_texts: LintTexts) -> None:
    good = _notresource(
        [
            "arn:aws:bedrock:*::foundation-model/anthropic.*",
            "arn:aws:bedrock:*:*:inference-profile/us.anthropic.*",
            "arn:aws:bedrock:*:*:inference-profile/global.anthropic.*",
        ]
    )
    assert rules(lint_texts(P=scp(good, NO_MANTLE))) == []


def test_notresource_pinned_to_one_region_breaks_the_allowed_profile(lint_texts: LintTexts) -> None:
    pinned = _notresource(
        [
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*",
            "arn:aws:bedrock:*:*:inference-profile/us.anthropic.*",
        ]
    )
    findings = lint_texts(P=scp(pinned, NO_MANTLE))
    assert rules(findings) == ["notresource-breaks-cris"]
    assert "through the us profile(s)" in findings[0].message
    assert "foundation-model/anthropic.*" in findings[0].fix


def test_region_deny_without_destinations_or_unspecified(lint_texts: LintTexts) -> None:
    regions = deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}})
    findings = lint_texts(P=scp(regions))
    assert rules(findings) == ["region-deny-breaks-cris"]
    assert "us-east-2" in findings[0].fix and "unspecified" in findings[0].fix
    complete = deny(
        "*",
        Condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-east-2", "us-west-2", "unspecified"]}},
    )
    assert rules(lint_texts(P=scp(complete))) == []


def test_explicit_profile_deny_is_deliberate(lint_texts: LintTexts) -> None:
    geo = deny(
        ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], "arn:aws:bedrock:*:*:inference-profile/eu.*"
    )
    assert rules(lint_texts(P=scp(geo))) == []


def test_model_version_pinned(lint_texts: LintTexts) -> None:
    pinned = deny(
        ["bedrock:InvokeModel*"],
        [
            "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:*::foundation-model/meta.*",
        ],
    )
    findings = lint_texts(P=scp(pinned, NO_MANTLE))
    assert rules(findings) == ["model-version-pinned"]
    assert findings[0].pointer == "/Statement/0/Resource/0"
    assert "arn:aws:bedrock:*::foundation-model/anthropic.*" in findings[0].fix
    assert "escape the deny" in findings[0].message


def test_deny_all_bedrock_on_models(lint_texts: LintTexts) -> None:
    families = ["arn:aws:bedrock:*::foundation-model/deepseek.*"]
    findings = lint_texts(A=scp(deny("bedrock:*", families), NO_MANTLE))
    assert rules(findings) == ["deny-all-bedrock-on-models"]
    assert "bedrock:GetFoundationModel" in findings[0].message or "bedrock:CountTokens" in findings[0].message
    invoke_only = deny(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], families)
    assert rules(lint_texts(B=scp(invoke_only, NO_MANTLE))) == []


def test_arn_upper_case_and_ambiguous_wildcards(lint_texts: LintTexts) -> None:
    findings = lint_texts(
        P=scp(
            deny("bedrock:InvokeModel*", "arn:AWS:bedrock:US-EAST-1::foundation-model/meta.*"),
            deny("bedrock:InvokeModel*", "arn:aws:bedrock:*:foundation-model/cohere.*"),
            deny("bedrock:InvokeModel*", "arn:aws:bedrock:*::foundation-model/Meta.*"),
            NO_MANTLE,
        )
    )
    assert rules(findings) == ["arn-ambiguous-wildcard", "arn-uppercase-segment"]
    upper = next(f for f in findings if f.rule == "arn-uppercase-segment")
    assert "partition, Region" in upper.message and "arn:aws:bedrock:us-east-1::foundation-model/meta.*" in upper.fix


def test_arn_condition_values_need_six_components(lint_texts: LintTexts) -> None:
    short = "arn:aws:bedrock:*:inference-profile/*.deepseek.*"
    findings = lint_texts(
        P=scp(
            deny("bedrock:InvokeModel", Condition={"ArnLike": {"bedrock:InferenceProfileArn": short}}),
            deny("bedrock:InvokeModel", Condition={"ArnNotEquals": {"aws:SourceArn": "arn:aws:s3:::bucket"}}),
            deny("bedrock:InvokeModel", Condition={"StringLike": {"bedrock:InferenceProfileArn": short}}),
            NO_MANTLE,
        )
    )
    short_values = [f for f in findings if f.rule == "arn-condition-components"]
    assert len(short_values) == 1 and short_values[0].severity is Severity.ERROR
    assert "arn:aws:bedrock:*:*:inference-profile/*.deepseek.*" in short_values[0].fix
    assert short_values[0].pointer == "/Statement/0/Condition/ArnLike/bedrock:InferenceProfileArn"


def test_spelled_out() -> None:
    assert spelled_out("arn:aws:bedrock:*:foundation-model/x") == "arn:aws:bedrock:*:*:foundation-model/x"
    assert spelled_out("arn:aws:bedrock:*") == "arn:aws:bedrock:*:*:*"
    assert spelled_out("arn:aws:bedrock:*::foundation-model/x:1") is None
    assert spelled_out("arn:aws:s3:::bucket") is None


def test_size_limits(lint_texts: LintTexts) -> None:
    resources = [f"arn:aws:s3:::bucket-{i:04d}/*" for i in range(200)]
    text = scp(deny("s3:GetObject", resources))
    assert LEGACY.max_characters < len(text) <= CURRENT.max_characters
    assert rules(lint_texts(CURRENT, P=text)) == ["scp-over-legacy-limit"]
    findings = lint_texts(LEGACY, P=text)
    assert rules(findings) == ["scp-too-large"] and "over" in findings[0].message
    big = scp(deny("s3:GetObject", [f"arn:aws:s3:::bucket-{i:04d}/*" for i in range(300)]))
    assert "minified it is" in lint_texts(CURRENT, P=big)[0].message


def test_too_many_attachments(lint_texts: LintTexts) -> None:
    policies = {
        f"P{i}": scp(deny(f"s3:{action}"))
        for i, action in enumerate(["GetObject", "PutObject", "ListBucket", "DeleteObject", "GetBucketPolicy"])
    }
    assert rules(lint_texts(LEGACY, **policies)) == []
    policies["P5"] = scp(deny("s3:DeleteBucket"))
    findings = lint_texts(LEGACY, **policies)
    assert rules(findings) == ["too-many-attachments"] and "6 SCPs" in findings[0].message
    assert rules(lint_texts(CURRENT, **policies)) == []


def test_dead_statements(lint_texts: LintTexts) -> None:
    mantle_key_on_bedrock = deny(
        "bedrock:CallWithBearerToken", Condition={"StringEquals": {"bedrock-mantle:BearerTokenType": "LONG_TERM"}}
    )
    contradiction = deny(
        "s3:GetObject",
        Condition={"Null": {"aws:PrincipalTag/team": "true"}, "StringEquals": {"aws:PrincipalTag/team": "x"}},
    )
    everything_excluded = {"Effect": "Deny", "Action": "s3:GetObject", "NotResource": "*"}
    findings = [
        f
        for f in lint_texts(P=scp(mantle_key_on_bedrock, contradiction, everything_excluded))
        if f.rule == "dead-statement"
    ]
    assert [f.pointer for f in findings] == ["/Statement/1", "/Statement/2"]
    # a key of another service: condition-key-wrong-service says so (an error: the Deny is inert)
    wrong = [f for f in lint_texts(P=scp(mantle_key_on_bedrock)) if f.rule == "condition-key-wrong-service"]
    assert [f.severity for f in wrong] == [Severity.ERROR]
    if_exists = deny(
        "bedrock:CallWithBearerToken", Condition={"StringEqualsIfExists": {"bedrock-mantle:BearerTokenType": "X"}}
    )
    assert "dead-statement" not in rules(lint_texts(Q=scp(if_exists)))
    # ec2:SourceInstanceARN rides on requests to other services (credentials of an instance role)
    cross_service = deny("s3:GetObject", Condition={"StringEquals": {"ec2:SourceInstanceARN": "arn:aws:ec2:*"}})
    assert not {"dead-statement", "condition-key-wrong-service"} & set(rules(lint_texts(R=scp(cross_service))))


def test_shadowed_statements(lint_texts: LintTexts) -> None:
    broad = deny("bedrock:Invoke*", "arn:aws:bedrock:*::foundation-model/*")
    narrow = deny("bedrock:InvokeModel", "arn:aws:bedrock:*::foundation-model/deepseek.*")
    conditioned = deny("bedrock:InvokeModel", "*", Condition={"StringEquals": {"aws:PrincipalTag/x": "y"}})
    findings = [f for f in lint_texts(P=scp(narrow, broad, conditioned)) if f.rule == "shadowed-statement"]
    assert [f.pointer for f in findings] == ["/Statement/0"]
    assert "covered by P/Statement[1]" in findings[0].message


def test_identical_statements_report_the_later(lint_texts: LintTexts) -> None:
    statement = deny(BOTH_BEARERS)
    findings = lint_texts(A=scp(statement), B=scp(statement))
    assert [(f.rule, f.source.endswith("B.json")) for f in findings] == [("shadowed-statement", True)]


@pytest.mark.parametrize(
    ("wide", "narrow", "expected"),
    [
        ("arn:aws:bedrock:*:*:foundation-model/*", "arn:aws:bedrock:*:*:foundation-model/anthropic.*", True),
        ("arn:aws:bedrock:us-east-1:*:foundation-model/*", "arn:aws:bedrock:*:*:foundation-model/a.*", False),
        ("arn:aws:bedrock:*::foundation-model/a.*", "arn:aws:bedrock:*::foundation-model/a.b-v1:0", True),
        ("arn:aws:bedrock:*::foundation-model/a?", "arn:aws:bedrock:*::foundation-model/a*", False),
        ("arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::bob/*", False),
    ],
)
def test_pattern_covers(wide: str, narrow: str, expected: bool) -> None:
    assert pattern_covers(wide, narrow, arn=True) is expected


def test_action_pattern_covers_is_case_insensitive() -> None:
    assert pattern_covers("BEDROCK:invoke*", "bedrock:InvokeModel", arn=False)
    assert not pattern_covers("bedrock:Get*", "bedrock:InvokeModel", arn=False)


def test_conditions_the_checks_cannot_know_are_said_so(lint_texts: LintTexts) -> None:
    tagged = _notresource(
        ["arn:aws:bedrock:*::foundation-model/anthropic.*"],
        Condition={"StringEquals": {"aws:PrincipalTag/team": "ml"}},
    )
    findings = lint_texts(P=scp(tagged))
    assert [(f.rule, f.severity, f.pointer) for f in findings] == [
        ("behaviour-check-incomplete", Severity.NOTE, "/Statement/0/Condition")
    ]
    assert "aws:PrincipalTag/team" in findings[0].message
    modelled = deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "unspecified"]}})
    unrelated = deny("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalTag/team": "ml"}})
    assert "behaviour-check-incomplete" not in rules(lint_texts(Q=scp(modelled, unrelated)))


def test_region_deny_for_an_eu_organization_checks_routes_from_eu(lint_texts: LintTexts) -> None:
    eu = ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"]
    only_eu = deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": eu}})
    findings = lint_texts(P=scp(only_eu))
    assert rules(findings) == ["region-deny-breaks-cris"]
    assert "through the global profile(s)" in findings[0].message and "unspecified" in findings[0].fix
    assert (
        rules(
            lint_texts(Q=scp(deny("*", Condition={"StringNotEquals": {"aws:RequestedRegion": [*eu, "unspecified"]}})))
        )
        == []
    )


def test_profiles_denied_by_name_elsewhere_are_deliberate(lint_texts: LintTexts) -> None:
    models_only = _notresource(["arn:aws:bedrock:*::foundation-model/anthropic.*"])
    no_cris = deny(
        ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], "arn:aws:bedrock:*:*:inference-profile/*"
    )
    assert rules(lint_texts(P=scp(models_only, no_cris, NO_MANTLE))) == []
    assert rules(lint_texts(Q=scp(models_only, NO_MANTLE))) == ["notresource-breaks-cris"]


def test_model_control_that_leaves_mantle_open(lint_texts: LintTexts) -> None:
    allow_list = _notresource(["arn:aws:bedrock:*::foundation-model/anthropic.*"])
    findings = lint_texts(P=scp(allow_list))
    assert rules(findings) == ["mantle-inference-ungoverned", "notresource-breaks-cris"]
    mantle = next(f for f in findings if f.rule == "mantle-inference-ungoverned")
    assert "deepseek" in mantle.message and '["anthropic.*"]' in mantle.fix and "StringNotLike" in mantle.fix
    governed = deny(
        "bedrock-mantle:CreateInference", Condition={"StringNotLike": {"bedrock-mantle:Model": "anthropic.*"}}
    )
    assert "mantle-inference-ungoverned" not in rules(lint_texts(Q=scp(allow_list, governed)))
    block_list = deny("bedrock:InvokeModel*", "arn:aws:bedrock:*::foundation-model/deepseek.*")
    findings = lint_texts(R=scp(block_list))
    assert rules(findings) == ["mantle-inference-ungoverned"]
    assert '"StringLike": {"bedrock-mantle:Model": ["deepseek.*"]}' in findings[0].fix  # a block-list stays one
    blocked_on_mantle = deny(
        "bedrock-mantle:CreateInference", Condition={"StringLike": {"bedrock-mantle:Model": "deepseek.*"}}
    )
    assert rules(lint_texts(S=scp(block_list, blocked_on_mantle))) == []
