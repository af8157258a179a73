"""Whatever valid SCPs it is given, the linter finishes and every finding is well-formed."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bedrock_gov.catalog.limits import CURRENT
from bedrock_gov.lint import PolicyFile, PolicyLevel, lint, rule_infos
from bedrock_gov.policy import parse_policy
from bedrock_gov.policy.jsontext import read_json
from strategies import statement_dicts

ACTIONS = [
    "*",
    "bedrock:*",
    "bedrock:InvokeModel",
    "bedrock:Converse",
    "bedrock:InvokeModels",
    "bedrock:CallWithBearerToken",
    "bedrock-mantle:CallWithBearerToken",
    "iam:CreateServiceSpecificCredential",
    "iam:*",
    "s3:GetObject",
]
RESOURCES = [
    "*",
    "arn:aws:bedrock:*::foundation-model/anthropic.*",
    "arn:aws:bedrock:*:*:foundation-model/deepseek.r1-v1:0",
    "arn:aws:bedrock:*:*:inference-profile/us.*",
    "arn:aws:bedrock:*:foundation-model/x",
    "arn:AWS:bedrock:us-east-1::foundation-model/meta.*",
    "arn:aws:bedrock:us-east-1:${aws:PrincipalAccount}:application-inference-profile/*",
]
CONDITIONS = [
    {},
    {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}},
    {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}},
    {"StringEquals": {"bedrock:BearerTokenType": "LONG_TERM"}},
    {"Null": {"aws:PrincipalTag/team": "true"}, "StringLike": {"aws:PrincipalTag/team": "a*"}},
    {"StringNotEqualsIfExists": {"aws:ResourceTag/team": "ml"}},
]

statements = statement_dicts(ACTIONS, RESOURCES, CONDITIONS, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(statements, min_size=1, max_size=4), min_size=1, max_size=3))
def test_lint_is_total_on_valid_policies(documents: list[list[dict[str, object]]]) -> None:
    files = []
    for number, document in enumerate(documents):
        text = json.dumps({"Version": "2012-10-17", "Statement": document}, indent=1)
        policy = parse_policy(text, f"P{number}", limits=None, check_actions=False)
        files.append(PolicyFile(f"P{number}.json", policy, read_json(text)))
    findings = lint([PolicyLevel("target", tuple(files), is_directory=True)], CURRENT)
    known = {rule.id for rule in rule_infos()}
    for finding in findings:
        assert finding.rule in known and finding.message and finding.fix
        assert finding.position.line >= 1
        assert finding.pointer == "" or finding.pointer.startswith("/Statement")
