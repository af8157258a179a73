"""Lint time against policy-set size: 800, 3,200 and 8,000 statements (issue "A CLI that starts fast":
800 took 7 s and 3,200 took 64 s, quadratic). The set is one target of SCPs of 20 statements each, a
seeded mix of what organizations write: Denies on Bedrock models by family and profile, Region and
principal conditions, API-key and unrelated-service Denies, and one FullAWSAccess. Each size is
linted in-process (`lint.lint` on parsed files, parsing not counted) and its best of `--repeat` runs
printed with the time per statement, so a near-linear linter shows a flat last column.

    .venv/bin/python benchmarks/lint.py [--sizes 800 3200 8000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
import time

from bedrock_gov.catalog.bedrock import GEO_PROFILES, MODEL_FAMILIES
from bedrock_gov.catalog.iam import FULL_AWS_ACCESS_DOCUMENT
from bedrock_gov.catalog.limits import CURRENT
from bedrock_gov.lint import PolicyFile, PolicyLevel, lint
from bedrock_gov.policy import parse_policy
from bedrock_gov.policy.jsontext import read_json

PER_FILE = 20
SERVICES = ("s3", "ec2", "iam", "kms", "lambda", "dynamodb", "sqs", "sns", "logs", "cloudtrail")


def _statement(rng: random.Random, number: int) -> dict[str, object]:
    family = rng.choice(sorted(MODEL_FAMILIES))
    kind = rng.randrange(6)
    sid = f"S{number}"
    if kind == 0:
        resource = f"arn:aws:bedrock:*::foundation-model/{family}.*"
        return {"Sid": sid, "Effect": "Deny", "Action": "bedrock:InvokeModel*", "Resource": resource}
    if kind == 1:
        geo = rng.choice(sorted(GEO_PROFILES))
        resource = f"arn:aws:bedrock:*:*:inference-profile/{geo}.{family}.*"
        return {"Sid": sid, "Effect": "Deny", "Action": "bedrock:InvokeModel*", "Resource": resource}
    if kind == 2:
        team = f"team{rng.randrange(50)}"
        condition = {"StringNotEquals": {"aws:PrincipalTag/team": team}}
        resource = f"arn:aws:s3:::bucket-{number}/*"
        return {"Sid": sid, "Effect": "Deny", "Action": "s3:*", "Resource": resource, "Condition": condition}
    if kind == 3:
        service = rng.choice(SERVICES)
        return {"Sid": sid, "Effect": "Deny", "Action": f"{service}:Delete*", "Resource": "*"}
    if kind == 4:
        condition = {"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/admin-{number}"}}
        return {"Sid": sid, "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*", "Condition": condition}
    regions = sorted({rng.choice(regions) for regions in GEO_PROFILES.values()})
    condition = {"StringNotEquals": {"aws:RequestedRegion": [*regions, "unspecified"]}}
    service = rng.choice(SERVICES)
    return {"Sid": sid, "Effect": "Deny", "Action": f"{service}:Create*", "Resource": "*", "Condition": condition}


def policy_level(size: int, seed: int = 7) -> PolicyLevel:
    """One target holding `size` statements in files of PER_FILE, plus FullAWSAccess."""
    rng = random.Random(seed)
    texts = [FULL_AWS_ACCESS_DOCUMENT]
    for start in range(0, size, PER_FILE):
        statements = [_statement(rng, number) for number in range(start, min(start + PER_FILE, size))]
        texts.append(json.dumps({"Version": "2012-10-17", "Statement": statements}))
    files = tuple(
        PolicyFile(f"P{index}.json", parse_policy(text, f"P{index}"), read_json(text))
        for index, text in enumerate(texts)
    )
    return PolicyLevel("target", files, is_directory=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[800, 3_200, 8_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("command:", shlex.join([sys.executable, *sys.argv]))
    print(f"{'statements':>10}  {'findings':>8}  {'best (s)':>9}  {'ms/statement':>12}")
    for size in args.sizes:
        level = policy_level(size)
        best, findings = float("inf"), 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            findings = len(lint([level], CURRENT))
            best = min(best, time.perf_counter() - started)
        print(f"{size:>10,}  {findings:>8,}  {best:>9.2f}  {1000 * best / size:>12.3f}")


if __name__ == "__main__":
    main()
