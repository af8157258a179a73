"""The full lint over a fixed corpus reports exactly the findings stored in golden/findings.json,
recorded before the rules were indexed for speed (issue 15), so an optimisation that changes any
finding fails here. The corpus: the benchmark's generator at small sizes with several seeds, the
article's SCPs, the oracle's conditional SCP set, and seeded random sets over a vocabulary that
trips every SCP rule.

A deliberate change of findings regenerates the file:
`PYTHONPATH=src .venv/bin/python tests/lint/test_lint_golden.py` (then review the diff).
"""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType

from bedrock_gov.catalog.limits import CURRENT
from bedrock_gov.lint import PolicyFile, PolicyLevel, lint, lint_inputs
from bedrock_gov.lint.registry import all_rules
from bedrock_gov.lint.rules import guardrails
from bedrock_gov.policy import parse_policy
from bedrock_gov.policy.jsontext import read_json
from bedrock_gov.policy_files import read_groups

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden") / "findings.json"
ARTICLE = ROOT / "src/bedrock_gov/examples/article"
ORACLE = ROOT / "tests/oracle/conditional"

ACTIONS = [
    "*",
    "bedrock:*",
    "bedrock:Invoke*",
    "bedrock:InvokeModel",
    "bedrock:InvokeModel*",
    "bedrock:InvokeModelWithResponseStream",
    "bedrock:Converse",
    "bedrock:ConverseStream",
    "bedrock:InvokeModels",
    "bedrock:CallWithBearerToken",
    "bedrock:GetFoundationModel",
    "bedrock:Get*",
    "bedrock-mantle:*",
    "bedrock-mantle:CreateInference",
    "bedrock-mantle:CallWithBearerToken",
    "iam:CreateServiceSpecificCredential",
    "iam:*",
    "iam:CreateUser",
    "s3:GetObject",
    "s3:*",
    "s3:Delete*",
]
RESOURCES = [
    "*",
    "arn:aws:bedrock:*::foundation-model/*",
    "arn:aws:bedrock:*::foundation-model/anthropic.*",
    "arn:aws:bedrock:*::foundation-model/deepseek.*",
    "arn:aws:bedrock:*:*:foundation-model/deepseek.r1-v1:0",
    "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0",
    "arn:aws:bedrock:*:*:inference-profile/us.*",
    "arn:aws:bedrock:*:*:inference-profile/*",
    "arn:aws:bedrock:*:foundation-model/x",
    "arn:AWS:bedrock:us-east-1::foundation-model/meta.*",
    "arn:aws:bedrock:us-east-1:${aws:PrincipalAccount}:application-inference-profile/*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket/key",
]
CONDITIONS: list[dict[str, object]] = [
    {},
    {},
    {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}},
    {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
    {"StringEquals": {"iam:ServiceSpecificCredentialServiceName": "bedrock.amazonaws.com"}},
    {"StringEquals": {"bedrock:BearerTokenType": "LONG_TERM"}},
    {"StringEquals": {"bedrock-mantle:BearerTokenType": "SHORT_TERM"}},
    {"Null": {"aws:PrincipalTag/team": "true"}, "StringLike": {"aws:PrincipalTag/team": "a*"}},
    {"StringNotEqualsIfExists": {"aws:ResourceTag/team": "ml"}},
    {"StringEquals": {"s3:prefix": "x"}},
    {"StringEquals": {"aws:NoSuchKey": "x"}},
    {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/aws-service-role/*"}},
    {"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/AWSServiceRoleFor*"}},
    {"StringEquals": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:inference-profile/us.*"}},
    {"Bool": {"aws:ViaAWSService": "false"}},
    {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}},
    {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::role/x"}},
]


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lint_benchmark", ROOT / "benchmarks/lint.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pick(rng: random.Random, choices: list[str]) -> str | list[str]:
    picked = rng.sample(choices, rng.randint(1, 3))
    return picked[0] if len(picked) == 1 and rng.random() < 0.5 else picked


def _random_statement(rng: random.Random, number: int) -> dict[str, object]:
    statement: dict[str, object] = {"Sid": f"R{number}", "Effect": "Deny" if rng.random() < 0.8 else "Allow"}
    statement["NotAction" if rng.random() < 0.1 else "Action"] = _pick(rng, ACTIONS)
    statement["NotResource" if rng.random() < 0.15 else "Resource"] = _pick(rng, RESOURCES)
    condition = rng.choice(CONDITIONS)
    if condition:
        statement["Condition"] = condition
    return statement


def _random_level(seed: int, name: str, files: int, first_file_statements: int) -> PolicyLevel:
    """`files` SCPs of 1 to 6 statements; the first one holds `first_file_statements` if not 0."""
    rng = random.Random(seed)
    parsed = []
    for number in range(files):
        count = first_file_statements if number == 0 and first_file_statements else rng.randint(1, 6)
        statements = [_random_statement(rng, number * 100 + index) for index in range(count)]
        text = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=1)
        policy = parse_policy(text, f"{name}-{number}", limits=None, check_actions=False)
        parsed.append(PolicyFile(f"{name}-{number}.json", policy, read_json(text)))
    return PolicyLevel(name, tuple(parsed), is_directory=True)


def _from_paths(*paths: Path) -> list[PolicyLevel]:
    loaded = lint_inputs(read_groups(list(paths)))
    assert not loaded.problems, loaded.problems
    return loaded.levels


def corpus() -> dict[str, list[PolicyLevel]]:
    benchmark = _benchmark()
    sets: dict[str, list[PolicyLevel]] = {
        f"benchmark-{size}-seed{seed}": [benchmark.policy_level(size, seed)]
        for size, seed in ((200, 1), (400, 2), (400, 3), (800, 7))
    }
    sets["article"] = _from_paths(ARTICLE / "root", ARTICLE / "ai-workloads-ou", ARTICLE / "account")
    sets["oracle-conditional"] = _from_paths(*(ORACLE / name for name in ("root", "ai-ou", "team-ou", "account")))
    for seed in range(6):
        # the second level's first file is over the legacy SCP size limit, the third's over the current one
        levels = [
            _random_level(seed * 100 + depth, f"L{depth}", 4, (0, 20, 70)[depth]) for depth in range(1 + seed % 3)
        ]
        sets[f"random-seed{seed}"] = levels
    return sets


def current_findings() -> dict[str, list[dict[str, object]]]:
    """Each corpus set's findings as JSON, with sources relative to the repository."""
    found: dict[str, list[dict[str, object]]] = {}
    for name, levels in corpus().items():
        rows = []
        for finding in lint(levels, CURRENT):
            row = finding.to_json()
            row["source"] = str(row["source"]).replace(f"{ROOT}/", "")
            rows.append(row)
        found[name] = rows
    return found


def test_findings_match_the_golden_output() -> None:
    golden = json.loads(GOLDEN.read_text())
    current = current_findings()
    assert current.keys() == golden.keys()
    for name, rows in golden.items():
        assert current[name] == rows, name


def test_the_corpus_trips_every_scp_rule() -> None:
    """The golden file guards a rule only if the rule fires on the corpus (Bedrock policies aside)."""
    golden = json.loads(GOLDEN.read_text())
    fired = {row["rule"] for rows in golden.values() for row in rows}
    scp_rules = {rule.id for rule in all_rules()} - {rule.id for rule in guardrails.RULES}
    assert scp_rules <= fired


if __name__ == "__main__":
    GOLDEN.parent.mkdir(exist_ok=True)
    sets = current_findings()
    lines = ",\n".join(
        f"{json.dumps(name)}: [\n" + ",\n".join(json.dumps(row, sort_keys=True) for row in rows) + "\n]"
        for name, rows in sorted(sets.items())
    )
    GOLDEN.write_text("{\n" + lines + "\n}\n")
