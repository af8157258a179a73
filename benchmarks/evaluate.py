"""Decisions per second: our SCP evaluator against iam-simulate's engine, same requests, same run.

20,000 realistic requests (a seeded mix of direct, geographic and global CRIS legs, opaque routes,
API-key creation, bearer-token calls and unrelated actions; `tests/oracle/workload.py`) against the
article's SCPs plus FullAWSAccess. Both run pinned to one core. Ours: the `Evaluator.evaluate` loop
with a fresh evaluator each run (compiling and planning included), requests built beforehand.
iam-simulate: `runUnsafeSimulation` per request, timed inside node (no process start, no JSON).
Each side reports its best run. Targets: at least 5x iam-simulate, and at least 97,000/s (PMapper).

    .venv/bin/python benchmarks/evaluate.py
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "oracle")]  # this checkout's code, not an installed one

from iam_simulate import missing_reason, outcome, run_batch  # noqa: E402
from workload import article_levels, generate  # noqa: E402

from bedrock_gov.policy import Evaluator, Level, Request  # noqa: E402

PMAPPER_RATE = 97_000
RATIO_TARGET = 5.0


def pin_to_one_core() -> str:
    """Run this process, and the node process it starts, on a single CPU."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def our_rate(levels: list[Level], requests: list[Request], runs: int) -> tuple[float, list[str]]:
    best = float("inf")
    outcomes: list[str] = []
    for _ in range(runs):
        started = time.perf_counter()
        evaluate = Evaluator(levels).evaluate
        decisions = [evaluate(request) for request in requests]
        best = min(best, time.perf_counter() - started)
        outcomes = [outcome(decision) for decision in decisions]
    return len(requests) / best, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7, help="runs of our evaluator; the best counts")
    parser.add_argument("--oracle-runs", type=int, default=3, help="passes inside node; the best counts")
    args = parser.parse_args()

    pinning = pin_to_one_core()
    levels = article_levels()
    raw = generate(args.seed, args.requests)
    requests = [item.to_request() for item in raw]
    ours, our_outcomes = our_rate(levels, requests, args.runs)
    print(f"requests: {len(requests):,} (seed {args.seed}) against the article's SCPs + FullAWSAccess; {pinning}")
    print(f"bedrock-gov Evaluator.evaluate: {ours:12,.0f} decisions/s (best of {args.runs})")

    missing = missing_reason()
    if missing is not None:
        print(f"iam-simulate: not run ({missing})")
    else:
        result = run_batch([(levels, raw)], repeat=args.oracle_runs)[0]
        theirs = len(raw) / result.seconds
        differ = sum(a != b for a, b in zip(our_outcomes, result.outcomes, strict=True))
        print(
            f"iam-simulate runUnsafeSimulation: {theirs:10,.0f} decisions/s (best of {args.oracle_runs}, timed in node)"
        )
        print(f"ratio: {ours / theirs:.1f}x (target >= {RATIO_TARGET:.0f}x); decisions that differ: {differ}")
    verdict = "meets" if ours >= PMAPPER_RATE else "MISSES"
    print(f"PMapper's SCP matcher: ~{PMAPPER_RATE:,}/s here; bedrock-gov {verdict} it")
    command = shlex.join([sys.executable, *sys.argv])
    print(f"command: cd {shlex.quote(str(Path.cwd()))} && {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
