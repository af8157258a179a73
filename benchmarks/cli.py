"""Start-up of the command line, measured as whole processes: the median of N runs of each command.

Targets (issue "A CLI that starts fast"): `bedrock-gov --help` <= 200 ms, `bedrock-gov evaluate`
on one request <= 150 ms.

    .venv/bin/python benchmarks/cli.py
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"
CLI = str(Path(sys.executable).with_name("bedrock-gov"))
CASES: dict[str, tuple[list[str], float]] = {
    "--help": ([CLI, "--help"], 0.200),
    "--version": ([CLI, "--version"], 0.200),
    "evaluate (one request)": (
        [
            CLI,
            "evaluate",
            "--level",
            str(ARTICLE / "root"),
            "--level",
            str(ARTICLE / "ai-workloads-ou"),
            "--level",
            str(ARTICLE / "account"),
            "--action",
            "bedrock:InvokeModel",
            "--resource",
            "arn:aws:bedrock:us-east-1::foundation-model/deepseek.r1-v1:0",
        ],
        0.150,
    ),
    "lint (article OU)": ([CLI, "lint", str(ARTICLE / "ai-workloads-ou")], 1.0),
}


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    for name, (command, target) in CASES.items():
        seconds = median_seconds(command, args.runs)
        verdict = "meets" if seconds <= target else "MISSES"
        print(
            f"{name:24} median {seconds * 1000:6.0f} ms over {args.runs} runs (target <= {target * 1000:.0f} ms: {verdict})"
        )
    print(f"command: cd {shlex.quote(str(Path.cwd()))} && {shlex.join([sys.executable, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
