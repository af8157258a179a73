"""One test per AWS rule in shared/reference/aws-facts.md; each test's docstring names the rule."""

from __future__ import annotations

import json

from bedrock_gov.policy import Evaluator, Level, Request, parse_policy

MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"
FULL_ACCESS = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def _policy(name: str, *statements: dict[str, object]) -> object:
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(statements)}), name)


def _evaluator(*levels: list[dict[str, object]]) -> Evaluator:
    built = []
    for index, statements in enumerate(levels):
        built.append(Level(f"level{index}", (_policy(f"scp{index}", *statements),)))  # type: ignore[arg-type]
    return Evaluator(built)


def _allowed(evaluator: Evaluator, action: str, resource: str = "*", **kwargs: object) -> bool:
    return evaluator.evaluate(Request.build(action, resource, **kwargs)).allowed  # type: ignore[arg-type]


def _deny(**fields: object) -> list[dict[str, object]]:
    return [FULL_ACCESS, {"Effect": "Deny", **fields}]


# --- Service control policies -------------------------------------------------------------


def test_scope_management_account_is_not_restricted() -> None:
    """SCP evaluation: SCPs do not restrict the management account."""
    evaluator = _evaluator(_deny(Action="*", Resource="*"))
    decision = evaluator.evaluate(Request.build("bedrock:InvokeModel", MODEL, account_is_management=True))
    assert decision.allowed and decision.reason == "management_account"


def test_scope_service_linked_roles_are_not_restricted() -> None:
    """SCP evaluation: SCPs do not restrict service-linked roles (AWSServiceRoleFor*)."""
    evaluator = _evaluator(_deny(Action="*", Resource="*"))
    role = "arn:aws:iam::111122223333:role/aws-service-role/bedrock.amazonaws.com/AWSServiceRoleForAmazonBedrock"
    assert _allowed(evaluator, "bedrock:InvokeModel", MODEL, principal_arn=role)
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL, principal_arn="arn:aws:iam::111122223333:role/Dev")


def test_hierarchy_every_level_needs_an_allow() -> None:
    """SCP evaluation: at every level, at least one attached SCP must Allow the request."""
    evaluator = _evaluator([FULL_ACCESS], [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}], [FULL_ACCESS])
    decision = evaluator.evaluate(Request.build("bedrock:InvokeModel", MODEL))
    assert not decision.allowed and decision.reason == "no_allow" and decision.level == 1
    assert _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::bucket/key")


def test_hierarchy_explicit_deny_anywhere_wins() -> None:
    """SCP evaluation: an explicit Deny in any SCP on the path wins over Allows at every level."""
    evaluator = _evaluator([FULL_ACCESS], [FULL_ACCESS], _deny(Action="bedrock:InvokeModel", Resource="*"))
    decision = evaluator.evaluate(Request.build("bedrock:InvokeModel", MODEL))
    assert not decision.allowed and decision.reason == "explicit_deny"
    assert decision.statement is not None and decision.statement.level == 2 and decision.statement.index == 1


def test_language_allow_with_resource_arns_and_conditions() -> None:
    """SCPs now support full IAM language: resource ARNs and conditions in Allow statements."""
    evaluator = _evaluator(
        [
            {
                "Effect": "Allow",
                "Action": "bedrock:Invoke*",
                "Resource": "arn:aws:bedrock:*::foundation-model/anthropic.*",
                "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}},
            }
        ]
    )
    assert _allowed(evaluator, "bedrock:InvokeModel", MODEL, context={"aws:RequestedRegion": "us-east-1"})
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL, context={"aws:RequestedRegion": "eu-west-1"})
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL.replace("anthropic", "meta"))


# --- Matching -----------------------------------------------------------------------------


def test_action_matching_is_case_insensitive_with_star_and_question_mark() -> None:
    """Matching: actions are case-insensitive; `*` any run of characters, `?` one character."""
    evaluator = _evaluator(_deny(Action=["BEDROCK:invoke?odel*"], Resource="*"))
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL)
    assert not _allowed(evaluator, "bedrock:InvokeModelWithResponseStream", MODEL)
    assert _allowed(evaluator, "bedrock:InvokeAgent", MODEL)


def test_arn_wildcards_stay_within_a_segment() -> None:
    """Matching: wildcards act within a colon-separated segment (`?` never matches a colon)."""
    evaluator = _evaluator(_deny(Action="*", Resource="arn:aws:bedrock:us-?ast-1:?:foundation-model/*"))
    assert _allowed(evaluator, "bedrock:InvokeModel", MODEL)  # the account segment is empty, not one character
    assert not _allowed(evaluator, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1:1:foundation-model/x")


def test_arn_trailing_star_runs_past_later_colons() -> None:
    """Matching: a `*` that ends a segment may run on past later colons."""
    evaluator = _evaluator(_deny(Action="*", Resource="arn:aws:bedrock:*"))
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL)
    assert _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::bucket/key")


def test_arn_resource_segment_may_hold_colons() -> None:
    """Matching: the last segment of an ARN (the resource) may contain colons (model versions `:0`)."""
    evaluator = _evaluator(_deny(Action="*", Resource="arn:aws:bedrock:*::foundation-model/anthropic.*"))
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL)


def test_arn_matching_is_case_sensitive() -> None:
    """Matching: AWS documents ARN matching as case-sensitive."""
    evaluator = _evaluator(_deny(Action="*", Resource="arn:aws:bedrock:*::foundation-model/Anthropic.*"))
    assert _allowed(evaluator, "bedrock:InvokeModel", MODEL)


def test_arn_empty_account_pattern_is_valid() -> None:
    """Matching: `arn:aws:bedrock:*::foundation-model/x` (empty account) is a valid pattern."""
    evaluator = _evaluator(_deny(Action="*", Resource="arn:aws:bedrock:*::foundation-model/deepseek.r1-v1:0"))
    assert not _allowed(
        evaluator, "bedrock:InvokeModel", "arn:aws:bedrock:us-west-2::foundation-model/deepseek.r1-v1:0"
    )


def test_notaction_and_notresource_apply_to_everything_else() -> None:
    """Matching: NotAction / NotResource: the statement applies to everything except what is listed."""
    evaluator = _evaluator(
        [
            *_deny(NotAction=["bedrock:*"], Resource="*"),
            {"Effect": "Deny", "Action": "bedrock:*", "NotResource": "arn:aws:bedrock:*::foundation-model/anthropic.*"},
        ]
    )
    assert not _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::b/k")
    assert _allowed(evaluator, "bedrock:InvokeModel", MODEL)
    assert not _allowed(evaluator, "bedrock:InvokeModel", MODEL.replace("anthropic", "meta"))


def test_policy_variables_in_resource() -> None:
    """Policy variables: `${aws:PrincipalAccount}` resolves from the request; an unresolved variable in
    Resource matches nothing."""
    evaluator = _evaluator(
        [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:bedrock:*:${aws:PrincipalAccount}:*"}]
    )
    arn = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.x"
    assert _allowed(evaluator, "bedrock:InvokeModel", arn, context={"aws:PrincipalAccount": "111122223333"})
    assert not _allowed(evaluator, "bedrock:InvokeModel", arn, context={"aws:PrincipalAccount": "444455556666"})
    assert not _allowed(evaluator, "bedrock:InvokeModel", arn)


def test_policy_variable_default_and_escapes() -> None:
    """Policy variables: `${key, 'default'}` supplies a default; `${*}` is a literal star, not a wildcard."""
    evaluator = _evaluator(
        [
            {
                "Effect": "Allow",
                "Action": "*",
                "Resource": ["arn:aws:s3:::${aws:PrincipalTag/team, 'shared'}/*", "arn:aws:s3:::lit${*}/*"],
            }
        ]
    )
    assert _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::shared/k")
    assert _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::red/k", context={"aws:PrincipalTag/team": "red"})
    assert _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::lit*/k")
    assert not _allowed(evaluator, "s3:GetObject", "arn:aws:s3:::literal/k")


def test_variable_values_are_literal_not_wildcards() -> None:
    """Policy variables: a substituted value is taken literally (a `*` in a tag value is not a wildcard)."""
    evaluator = _evaluator([{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::${aws:PrincipalTag/b}"}])
    assert not _allowed(evaluator, "s3:ListBucket", "arn:aws:s3:::anything", context={"aws:PrincipalTag/b": "*"})


# --- Conditions -----------------------------------------------------------------------------


def _deny_if(condition: dict[str, object]) -> Evaluator:
    return _evaluator(_deny(Action="*", Resource="*", Condition=condition))


def _denied(evaluator: Evaluator, context: dict[str, object]) -> bool:
    return not _allowed(evaluator, "bedrock:InvokeModel", MODEL, context=context)


def test_conditions_operators_and_keys_are_anded() -> None:
    """Conditions: several operators in a block, and several keys under one operator: all must hold."""
    evaluator = _deny_if({"StringEquals": {"a:k1": "x", "a:k2": "y"}, "Bool": {"a:b": "true"}})
    assert _denied(evaluator, {"a:k1": "x", "a:k2": "y", "a:b": "true"})
    assert not _denied(evaluator, {"a:k1": "x", "a:k2": "y", "a:b": "false"})
    assert not _denied(evaluator, {"a:k1": "x", "a:k2": "z", "a:b": "true"})


def test_conditions_values_are_ored_and_negated_operators_nor() -> None:
    """Conditions: several values for one key: any may match (OR); for negated operators none may (NOR)."""
    positive = _deny_if({"StringEquals": {"a:k": ["x", "y"]}})
    negated = _deny_if({"StringNotEquals": {"a:k": ["x", "y"]}})
    assert _denied(positive, {"a:k": "y"}) and not _denied(positive, {"a:k": "z"})
    assert not _denied(negated, {"a:k": "y"}) and _denied(negated, {"a:k": "z"})


def test_conditions_absent_key_semantics() -> None:
    """Conditions: key absent: positive operators false, negated true, IfExists true, Null:true true."""
    assert not _denied(_deny_if({"StringEquals": {"a:k": "x"}}), {})
    assert _denied(_deny_if({"StringNotEquals": {"a:k": "x"}}), {})
    assert _denied(_deny_if({"ArnNotLike": {"a:k": "arn:aws:iam::*:role/x"}}), {})
    assert _denied(_deny_if({"StringEqualsIfExists": {"a:k": "x"}}), {})
    assert _denied(_deny_if({"Null": {"a:k": "true"}}), {})
    assert not _denied(_deny_if({"Null": {"a:k": "false"}}), {})
    assert _denied(_deny_if({"Null": {"a:k": "false"}}), {"a:k": "v"})


def test_conditions_ifexists_applies_the_operator_when_present() -> None:
    """Conditions: `...IfExists` is the plain operator when the key is present."""
    evaluator = _deny_if({"NumericGreaterThanIfExists": {"a:n": "10"}})
    assert _denied(evaluator, {"a:n": "11"}) and not _denied(evaluator, {"a:n": "10"})


def test_multivalued_forallvalues_and_foranyvalue() -> None:
    """Multivalued context keys: ForAllValues true when every request value matches (and when the key
    is absent or empty); ForAnyValue false when the key is absent or empty."""
    all_values = _deny_if({"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}})
    any_value = _deny_if({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}})
    assert _denied(all_values, {"aws:TagKeys": ["a", "b"]}) and not _denied(all_values, {"aws:TagKeys": ["a", "c"]})
    assert _denied(all_values, {}) and _denied(all_values, {"aws:TagKeys": []})
    assert _denied(any_value, {"aws:TagKeys": ["c", "b"]}) and not _denied(any_value, {"aws:TagKeys": ["c"]})
    assert not _denied(any_value, {}) and not _denied(any_value, {"aws:TagKeys": []})


def test_key_names_case_insensitive_values_case_sensitive() -> None:
    """Conditions: key names are case-insensitive, values case-sensitive unless the operator says otherwise."""
    exact = _deny_if({"StringEquals": {"AWS:RequestedRegion": "us-east-1"}})
    folded = _deny_if({"StringEqualsIgnoreCase": {"aws:requestedregion": "US-EAST-1"}})
    assert _denied(exact, {"aws:requestedREGION": "us-east-1"})
    assert not _denied(exact, {"aws:RequestedRegion": "US-EAST-1"})
    assert _denied(folded, {"aws:RequestedRegion": "us-east-1"})


def test_operator_families() -> None:
    """Conditions: String, Numeric, Date, Bool, Binary, IpAddress and Arn operators compare as AWS documents."""
    assert _denied(_deny_if({"StringLike": {"a:k": "team-*"}}), {"a:k": "team-red"})
    assert _denied(_deny_if({"NumericLessThanEquals": {"a:n": "3600"}}), {"a:n": "3600"})
    assert _denied(
        _deny_if({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}),
        {"aws:CurrentTime": "2026-11-30T10:00:00Z"},
    )
    assert not _denied(
        _deny_if({"DateLessThan": {"aws:CurrentTime": "2026-01-01"}}), {"aws:CurrentTime": "2026-11-30T10:00:00Z"}
    )
    assert _denied(_deny_if({"Bool": {"aws:SecureTransport": "false"}}), {"aws:SecureTransport": "false"})
    assert _denied(_deny_if({"BinaryEquals": {"a:b": "QmluYXJ5"}}), {"a:b": "QmluYXJ5"})
    assert _denied(_deny_if({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), {"aws:SourceIp": "10.1.2.3"})
    assert not _denied(_deny_if({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), {"aws:SourceIp": "10.1.2.3"})
    arn_like = _deny_if({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin*"}})
    assert _denied(arn_like, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/AdminTeam"})
    assert not _denied(arn_like, {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/Dev"})


def test_unresolved_variable_with_negated_operator_matches() -> None:
    """Policy variables with no value: negated operators match them, so a Deny built on them applies
    (iam-simulate treats such a variable as a plain non-match; we follow the documentation)."""
    evaluator = _deny_if({"StringNotEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}})
    assert _denied(evaluator, {"aws:ResourceTag/team": "red"})
    assert not _denied(evaluator, {"aws:ResourceTag/team": "red", "aws:PrincipalTag/team": "red"})


# --- Amazon Bedrock ---------------------------------------------------------------------------


def test_converse_is_not_an_action() -> None:
    """Bedrock: Converse is authorized as bedrock:InvokeModel; listing bedrock:Converse denies nothing."""
    evaluator = _evaluator(_deny(Action=["bedrock:Converse", "bedrock:ConverseStream"], Resource="*"))
    assert _allowed(evaluator, "bedrock:InvokeModel", MODEL)
    assert _allowed(evaluator, "bedrock:InvokeModelWithResponseStream", MODEL)


def test_both_bearer_token_actions_must_be_denied() -> None:
    """Bedrock API keys: use is bedrock:CallWithBearerToken and bedrock-mantle:CallWithBearerToken."""
    evaluator = _evaluator(_deny(Action="bedrock:CallWithBearerToken", Resource="*"))
    assert not _allowed(evaluator, "bedrock:CallWithBearerToken")
    assert _allowed(evaluator, "bedrock-mantle:CallWithBearerToken")
