"""Prover timings: per property and whole suite, on the article's SCPs, on correct (rendered) SCPs,
and on a synthetic hierarchy of 3 levels x 10 SCPs x 20 statements, plus growth with statements.

    /work/main/.venv/bin/python benchmarks/prove.py [TIMEOUT_MS]   (from the repository root)

The "rendered" set is `render`'s output for `examples/governance.yaml` (the article's intent),
attached under FullAWSAccess. Times are wall-clock seconds of the solver work (parsing excluded).
The synthetic hierarchy is also run with each of the two solving paths alone (see docs/prove.md):
z3 on the whole query ("direct z3 only", the prover before the abstraction) and the abstraction
("abstraction only").
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bedrock_gov.intent.loader import load_intent  # noqa: E402
from bedrock_gov.policy import Level, parse_policy  # noqa: E402
from bedrock_gov.policy_files import load_levels  # noqa: E402
from bedrock_gov.prove import Prover, Status, prove_all  # noqa: E402
from bedrock_gov.prove.solve import DIRECT_TIMEOUT_MS  # noqa: E402
from bedrock_gov.render import render  # noqa: E402

ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"
INTENT = ROOT / "examples" / "governance.yaml"
FAMILIES = ("anthropic", "amazon", "deepseek", "cohere", "meta", "mistral", "openai", "qwen", "writer", "luma")
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "*")
ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModel*", "bedrock:*", "bedrock:Get*", "bedrock:List*",
           "bedrock:CreateModelCustomizationJob", "s3:*", "ec2:RunInstances", "iam:CreateServiceSpecificCredential",
           "bedrock:CallWithBearerToken", "bedrock-mantle:*", "sagemaker:*")  # fmt: skip


def _levels(base: Path) -> list[Level]:
    return load_levels([base / "root", base / "ai-workloads-ou", base / "account"]).levels


def _rendered() -> list[Level]:
    """The article's levels with render's SCPs in place of the article's three."""
    root, ou, account = _levels(ARTICLE)
    full_access = tuple(policy for policy in ou.policies if policy.name == "FullAWSAccess")
    documents = tuple(parse_policy(document.text, document.name) for document in render(load_intent(INTENT)).documents)
    return [root, Level(ou.name, full_access + documents), account]


def _statement(rng: random.Random, index: int) -> dict[str, object]:
    family, region = rng.choice(FAMILIES), rng.choice(REGIONS)
    kind = rng.randrange(6)
    statement: dict[str, object] = {
        "Sid": f"S{index}",
        "Effect": "Deny",
        "Action": rng.sample(ACTIONS, rng.randint(1, 3)),
    }
    if kind == 0:
        statement["Resource"] = [f"arn:aws:bedrock:{region}::foundation-model/{family}.*"]
    elif kind == 1:
        statement["Resource"] = [f"arn:aws:bedrock:{region}:*:inference-profile/*.{family}.*"]
    elif kind == 2:
        statement["NotResource"] = [f"arn:aws:bedrock:*::foundation-model/{rng.choice(FAMILIES)}.*",
                                    f"arn:aws:bedrock:*:*:inference-profile/us.{rng.choice(FAMILIES)}.*"]  # fmt: skip
        statement["Condition"] = {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/Admin{index}"}}
    elif kind == 3:
        statement["Resource"] = "*"
        statement["Condition"] = {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2", "unspecified"]},
                                  "StringNotLike": {"aws:PrincipalTag/team": f"team{index % 7}*"}}  # fmt: skip
    elif kind == 4:
        statement["Resource"] = [f"arn:aws:bedrock:*:*:application-inference-profile/{index:04d}*"]
        statement["Condition"] = {"Null": {"aws:ResourceTag/approved": "true"}}
    else:
        statement["Effect"] = "Allow"
        statement["Resource"] = [f"arn:aws:bedrock:{region}:*:*"]
    return statement


def synthetic(levels: int, policies: int, statements: int, seed: int = 5) -> list[Level]:
    """A hierarchy where every level also has FullAWSAccess (one of its `policies` SCPs)."""
    rng = random.Random(seed)
    out = []
    for level in range(levels):
        docs = []
        for number in range(policies):
            body = [_statement(rng, level * 10_000 + number * 100 + item) for item in range(statements)]
            if number == 0:
                body[0] = {"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}
            text = json.dumps({"Version": "2012-10-17", "Statement": body})
            docs.append(parse_policy(text, f"L{level}P{number}", limits=None))
        out.append(Level(f"level{level}", tuple(docs)))
    return out


def run(name: str, levels: list[Level], timeout_ms: int, direct_ms: int = DIRECT_TIMEOUT_MS) -> dict[str, object]:
    intent = load_intent(INTENT)
    started = time.perf_counter()
    results = prove_all(Prover(levels, timeout_ms=timeout_ms, direct_ms=direct_ms), intent)
    total = time.perf_counter() - started
    checks = [check for result in results for check in result.checks]
    row = {
        "hierarchy": name,
        "timeout_ms": timeout_ms,
        "statements": sum(len(p.statements) for level in levels for p in level.policies),
        "suite_s": round(total, 3),
        "checks": len(checks),
        "median_check_ms": round(statistics.median(check.seconds for check in checks) * 1000, 1),
        "max_check_ms": round(max(check.seconds for check in checks) * 1000, 1),
        "unknown": sum(check.status is Status.UNKNOWN for check in checks),
        "errors": sum(check.status is Status.ERROR for check in checks),
        "properties": {r.id: f"{r.status.value} {r.seconds * 1000:.0f} ms" for r in results},
    }
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    timeout_ms = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    Prover(_levels(ARTICLE))  # warm the action database and z3 before timing
    run("article", _levels(ARTICLE), timeout_ms)
    run("rendered", _rendered(), timeout_ms)
    run("synthetic 3x10x20", synthetic(3, 10, 20), timeout_ms)
    run("synthetic 3x10x20, direct z3 only", synthetic(3, 10, 20), timeout_ms, direct_ms=timeout_ms)
    run("synthetic 3x10x20, abstraction only", synthetic(3, 10, 20), timeout_ms, direct_ms=0)
    for statements in (1, 2, 5, 10, 20):
        run(f"growth 3x10x{statements}", synthetic(3, 10, statements, seed=11), timeout_ms)


if __name__ == "__main__":
    main()
