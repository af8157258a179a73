"""The parser names the rule broken and the place (JSON pointer, line:column) for every error."""

from __future__ import annotations

import json

import pytest

from bedrock_gov.catalog.limits import CURRENT, LEGACY
from bedrock_gov.policy import PolicyParseError, Severity, parse_policy


def _errors(text: str, **kwargs: object) -> list[tuple[str, str, str]]:
    with pytest.raises(PolicyParseError) as caught:
        parse_policy(text, "p", **kwargs)  # type: ignore[arg-type]
    return [(issue.rule, issue.pointer, str(issue.position)) for issue in caught.value.issues]


def _policy(*statements: dict[str, object], **top: object) -> str:
    return json.dumps({"Version": "2012-10-17", **top, "Statement": list(statements)}, indent=2)


ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def test_valid_policy_parses_to_the_model() -> None:
    policy = parse_policy(
        _policy(
            {
                "Sid": "Deny1",
                "Effect": "Deny",
                "NotAction": ["iam:*"],
                "NotResource": "arn:aws:iam::*:role/x",
                "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", 7, True]}},
            }
        ),
        "p",
    )
    (statement,) = policy.statements
    assert statement.sid == "Deny1" and statement.effect == "Deny"
    assert statement.not_action and statement.actions == ("iam:*",)
    assert statement.not_resource and statement.resources == ("arn:aws:iam::*:role/x",)
    (condition,) = statement.conditions
    assert (condition.qualifier, condition.operator, condition.if_exists) == ("ForAnyValue", "StringLike", True)
    assert condition.values == ("a*", "7", "true")


def test_invalid_json_names_line_and_column() -> None:
    assert _errors('{\n  "Version": "2012-10-17",\n  "Statement": [}\n') == [("json-syntax", "/Statement/0", "3:17")]


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}]}'
    assert _errors(text) == [("duplicate-key", "/Statement/0/Effect", "1:61")]


def test_unknown_elements_at_both_levels() -> None:
    rules = _errors(_policy({**ALLOW_ALL, "Actions": "x"}, Extra=1))
    assert ("unknown-element", "/Extra", "3:3") in rules
    assert ("unknown-element", "/Statement/0/Actions", "9:7") in rules


@pytest.mark.parametrize("version", ["2008-10-17", "2012-10-18", 2012])
def test_bad_version(version: object) -> None:
    assert _errors(_policy(ALLOW_ALL, Version=version))[0][:2] == ("bad-version", "/Version")


def test_missing_version() -> None:
    text = json.dumps({"Statement": [ALLOW_ALL]})
    assert _errors(text)[0][:2] == ("bad-version", "")


def test_bad_and_duplicate_sid() -> None:
    rules = _errors(_policy({**ALLOW_ALL, "Sid": "A"}, {**ALLOW_ALL, "Sid": "A"}, {**ALLOW_ALL, "Sid": "bad sid"}))
    assert [rule[:2] for rule in rules] == [("duplicate-sid", "/Statement/1/Sid"), ("bad-sid", "/Statement/2/Sid")]


def test_action_with_notaction() -> None:
    assert _errors(_policy({**ALLOW_ALL, "NotAction": "s3:*"}))[0][:2] == (
        "action-and-notaction",
        "/Statement/0/NotAction",
    )


def test_missing_resource_and_action() -> None:
    rules = _errors(_policy({"Effect": "Deny"}))
    assert [rule[:2] for rule in rules] == [("missing-action", "/Statement/0"), ("missing-resource", "/Statement/0")]


def test_unknown_condition_operator() -> None:
    statement = {**ALLOW_ALL, "Condition": {"StringEqualz": {"aws:x": "y"}, "NullIfExists": {"aws:x": "true"}}}
    rules = _errors(_policy(statement))
    assert [rule[:2] for rule in rules] == [
        ("unknown-condition-operator", "/Statement/0/Condition/StringEqualz"),
        ("unknown-condition-operator", "/Statement/0/Condition/NullIfExists"),
    ]


@pytest.mark.parametrize(
    ("operator", "value"),
    [
        ("NumericLessThan", "ten"),
        ("DateGreaterThan", "yesterday"),
        ("Bool", "yes"),
        ("IpAddress", "10.0.0.300/8"),
        ("StringEquals", {"nested": 1}),
        ("StringEquals", None),
        ("StringEquals", []),
    ],
)
def test_wrong_condition_value_types(operator: str, value: object) -> None:
    rules = _errors(_policy({**ALLOW_ALL, "Condition": {operator: {"aws:key": value}}}))
    assert rules[0][0] == "wrong-value-type"
    assert rules[0][1].startswith(f"/Statement/0/Condition/{operator}/aws:key")


def test_wrong_types_for_action_resource_statement() -> None:
    assert _errors(_policy({**ALLOW_ALL, "Action": 5}))[0][:2] == ("wrong-value-type", "/Statement/0/Action")
    assert _errors(_policy({**ALLOW_ALL, "Resource": []}))[0][:2] == ("wrong-value-type", "/Statement/0/Resource")
    assert _errors(json.dumps({"Version": "2012-10-17", "Statement": "x"}))[0][0] == "wrong-value-type"
    assert _errors(_policy({**ALLOW_ALL, "Action": "InvokeModel"}))[0][:2] == ("bad-action", "/Statement/0/Action")


def test_principal_is_not_allowed_in_an_scp() -> None:
    assert _errors(_policy({**ALLOW_ALL, "Principal": "*"}))[0][:2] == ("principal-in-scp", "/Statement/0/Principal")


def test_every_error_is_reported_in_one_pass() -> None:
    rules = _errors(_policy({"Effect": "Maybe", "Action": "*", "Resource": "*"}, {**ALLOW_ALL, "Principal": "*"}))
    assert {rule[0] for rule in rules} == {"bad-effect", "principal-in-scp"}


def test_size_limit_reports_size_and_limit_for_both_limit_sets() -> None:
    statements = [{**ALLOW_ALL, "Sid": f"S{index}"} for index in range(120)]
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    assert LEGACY.max_characters < len(text) <= CURRENT.max_characters
    parse_policy(text, "p")  # fits the current limit
    with pytest.raises(PolicyParseError) as caught:
        parse_policy(text, "p", limits=LEGACY)
    (issue,) = caught.value.issues
    assert issue.rule == "scp-too-large"
    assert f"{len(text):,}" in issue.message and "5,120" in issue.message


def test_oversize_but_fits_minified_says_so() -> None:
    statements = [{**ALLOW_ALL, "Sid": f"S{index}"} for index in range(60)]
    text = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=8)
    with pytest.raises(PolicyParseError) as caught:
        parse_policy(text, "p", limits=LEGACY)
    assert "minified it is" in caught.value.issues[0].message


def test_unknown_action_warns_with_closest_real_actions() -> None:
    policy = parse_policy(
        _policy({"Effect": "Deny", "Action": ["bedrock:Converse", "bedrock:InvokeModle"], "Resource": "*"}), "p"
    )
    converse, typo = policy.warnings
    assert converse.rule == "unknown-action" and converse.severity is Severity.WARNING
    assert converse.pointer == "/Statement/0/Action/0"
    assert "bedrock:InvokeModel" in converse.message
    assert typo.pointer == "/Statement/0/Action/1" and "bedrock:InvokeModel" in typo.message


def test_wildcard_action_that_matches_nothing_warns() -> None:
    policy = parse_policy(_policy({"Effect": "Deny", "Action": "bedrock:Conv*", "Resource": "*"}), "p")
    assert [warning.rule for warning in policy.warnings] == ["action-matches-nothing"]


def test_known_actions_and_service_wildcards_do_not_warn() -> None:
    statement = {
        "Effect": "Deny",
        "Action": ["bedrock:InvokeModel", "bedrock-mantle:CallWithBearerToken", "bedrock:*", "BEDROCK:invokemodel"],
        "Resource": "*",
    }
    assert parse_policy(_policy(statement), "p").warnings == ()


def test_single_statement_object_is_accepted() -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": ALLOW_ALL})
    assert len(parse_policy(text, "p").statements) == 1


def test_deep_nesting_is_a_parse_error_not_a_crash() -> None:
    assert _errors("[" * 5000)[0][0] == "json-syntax"
