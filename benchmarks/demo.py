"""Benchmark `bedrock-gov demo`: the wall time of one full run (emulator start to reports), which
must stay under 60 seconds on a 2-core machine.

Run from the repository root:

    .venv/bin/python benchmarks/demo.py [--accounts 6]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=6)
    accounts = parser.parse_args().accounts
    with tempfile.TemporaryDirectory() as out:
        command = [str(ROOT / ".venv" / "bin" / "bedrock-gov"), "demo", "--out", out, "--accounts", str(accounts)]
        started = time.perf_counter()
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        took = time.perf_counter() - started
    print(f"$ bedrock-gov demo --out <tmp> --accounts {accounts}")
    print(f"exit {finished.returncode}, wall time {took:.1f} s (budget {BUDGET_SECONDS:.0f} s)")
    if finished.returncode != 0:
        print(finished.stdout[-2000:], finished.stderr[-2000:], file=sys.stderr)
    return 0 if finished.returncode == 0 and took < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
