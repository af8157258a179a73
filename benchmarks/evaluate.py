"""Decisions per second: our SCP evaluator against iam-simulate's engine, same requests, same run.

20,000 realistic requests (a seeded mix of direct, geographic and global CRIS legs, opaque routes,
API-key creation, bearer-token calls and unrelated actions; `tests/oracle/workload.py`) against the
article's SCPs plus FullAWSAccess. Both run pinned to one core. Ours, in process: the
`Evaluator.evaluate` loop with a fresh evaluator each run (compiling and planning included),
requests built beforehand. Ours, whole process: `bedrock-gov evaluate --requests FILE` on the same
requests as JSON lines, timed from start to exit (start-up, policy reading, JSON in and out).
iam-simulate: `runUnsafeSimulation` per request, timed inside node (no process start, no JSON).
Each side reports its best run. Targets: at least 5x iam-simulate (in process and whole process),
and at least 97,000/s (PMapper).

`--scale 100000,1000000` also streams that many requests (the workload repeated) through the
command, output to /dev/null, and reports wall time and peak RSS (GNU time's %M): memory stays
flat because requests are read and answers written one at a time.

    .venv/bin/python benchmarks/evaluate.py [--scale 100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "oracle")]  # this checkout's code, not an installed one

from iam_simulate import OUTCOME_OF_REASON, RawRequest, missing_reason, outcome, run_batch  # noqa: E402
from workload import ARTICLE_DIR, ARTICLE_LEVELS, article_levels, generate  # noqa: E402

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


def cli_command(requests: Path) -> list[str]:
    levels = [argument for name in ARTICLE_LEVELS for argument in ("--level", str(ARTICLE_DIR / name))]
    return [sys.executable, "-m", "bedrock_gov", "evaluate", *levels, "--requests", str(requests)]


def child_environment() -> dict[str, str]:
    """This checkout's code first, as for the in-process run."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}


def write_requests(path: Path, raw: Sequence[RawRequest], count: int) -> None:
    """`count` JSON lines: the workload, repeated as often as needed."""
    lines = [json.dumps(item.to_json(), separators=(",", ":")) + "\n" for item in raw]
    with path.open("w", encoding="utf-8") as handle:
        for start in range(0, count, len(lines)):
            handle.writelines(lines[: count - start])


def whole_process_rate(requests: Path, count: int, runs: int) -> tuple[float, list[str]]:
    """Best wall time of `bedrock-gov evaluate --requests` as a process; its outcomes, in order."""
    best = float("inf")
    with tempfile.TemporaryFile() as output:
        for _ in range(runs):
            output.seek(0)
            output.truncate()
            started = time.perf_counter()
            subprocess.run(
                cli_command(requests), stdout=output, stderr=subprocess.DEVNULL, env=child_environment(), check=True
            )
            best = min(best, time.perf_counter() - started)
        output.seek(0)
        outcomes = [OUTCOME_OF_REASON[json.loads(line)["reason"]] for line in output]
    return count / best, outcomes


def streamed(requests: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, GNU time's %M) of one run, output to /dev/null."""
    with tempfile.NamedTemporaryFile("r") as report:
        command = ["/usr/bin/time", "-o", report.name, "-f", "%e %M", *cli_command(requests)]
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_environment(), check=True
        )
        seconds, peak = report.read().split()
    return float(seconds), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7, help="runs of our evaluator; the best counts")
    parser.add_argument("--oracle-runs", type=int, default=3, help="passes inside node; the best counts")
    parser.add_argument("--process-runs", type=int, default=5, help="runs of the whole command; the best counts")
    parser.add_argument("--scale", default="", help="comma-separated request counts to stream, e.g. 100000,1000000")
    args = parser.parse_args()

    pinning = pin_to_one_core()
    levels = article_levels()
    raw = generate(args.seed, args.requests)
    requests = [item.to_request() for item in raw]
    ours, our_outcomes = our_rate(levels, requests, args.runs)
    print(f"requests: {len(requests):,} (seed {args.seed}) against the article's SCPs + FullAWSAccess; {pinning}")
    print(f"bedrock-gov Evaluator.evaluate: {ours:12,.0f} decisions/s (best of {args.runs})")
    workdir = tempfile.TemporaryDirectory()
    requests_file = Path(workdir.name) / "requests.jsonl"
    write_requests(requests_file, raw, len(raw))
    process, process_outcomes = whole_process_rate(requests_file, len(raw), args.process_runs)
    print(
        f"bedrock-gov evaluate --requests (whole process): {process:10,.0f} decisions/s "
        f"({len(raw) / process:.2f} s, best of {args.process_runs})"
    )

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
        differ = sum(a != b for a, b in zip(process_outcomes, result.outcomes, strict=True))
        print(
            f"ratio, whole process vs iam-simulate in node: {process / theirs:.1f}x (target >= {RATIO_TARGET:.0f}x); "
            f"decisions that differ: {differ}"
        )
    for count in [int(item) for item in args.scale.split(",") if item]:
        write_requests(requests_file, raw, count)
        seconds, peak = streamed(requests_file)
        print(
            f"stream of {count:,} requests: {seconds:.1f} s ({count / seconds:,.0f}/s), peak RSS {peak / 1024:.1f} MiB"
        )
    workdir.cleanup()
    verdict = "meets" if ours >= PMAPPER_RATE else "MISSES"
    print(f"PMapper's SCP matcher: ~{PMAPPER_RATE:,}/s here; bedrock-gov {verdict} it")
    command = shlex.join([sys.executable, *sys.argv])
    print(f"command: cd {shlex.quote(str(Path.cwd()))} && {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
