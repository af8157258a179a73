"""Benchmark the org-wide collector: wall time and API calls per account on the emulator
(per-account path), and the aggregator path's call count (botocore Stubber, AWS's response shapes).

Run from the repository root:

    .venv/bin/python benchmarks/collect.py [--accounts 50,200] [--workers 8]

Each size builds a fresh emulated organization (moto server in-process, two Regions, the demo
baseline and drift in every account), then times one `collect` of it. Calls per account must stay
constant as accounts grow: the per-account path makes the same calls in every account, plus a
few for the organization; the aggregator path makes O(1) calls per resource type for the whole
organization (plus one per page).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "collect")]

import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402
from test_aggregator import AGGREGATOR, stubbed_aggregator  # noqa: E402

from bedrock_gov.collect.org import CallLog, CollectOptions, collect_snapshot  # noqa: E402
from bedrock_gov.collect.org.aggregator import read_aggregator  # noqa: E402
from bedrock_gov.demo.organization import REGIONS, build_organization  # noqa: E402


def per_account(endpoint: str, accounts: int, workers: int) -> tuple[float, float, int, int]:
    """(build seconds, collect seconds, API calls, member accounts collected)."""
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")).read()
    started = time.perf_counter()
    build_organization(boto3.Session(), members=accounts)
    built = time.perf_counter() - started
    log = CallLog()
    started = time.perf_counter()
    snapshot = collect_snapshot(CollectOptions(regions=REGIONS, workers=workers), call_log=log)
    took = time.perf_counter() - started
    collected = sum(1 for account in snapshot["accounts"] if account["collection"]["status"] == "collected")
    return built, took, log.total, collected


def aggregator_calls(accounts: int) -> int:
    """Calls the aggregator path makes for `accounts` x 2 Regions (one function and one rule
    verdict in each), answered by botocore's Stubber with AWS's documented response shapes."""
    config, stubber = stubbed_aggregator(accounts, REGIONS)
    log = CallLog()
    log.attach(config.meta.events)
    with stubber:
        read_aggregator(lambda service: config, AGGREGATOR)
    return log.total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", default="50,200", help="comma-separated organization sizes")
    parser.add_argument("--workers", type=int, default=8)
    arguments = parser.parse_args()
    logging.disable(logging.CRITICAL)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION=REGIONS[0],
        AWS_ENDPOINT_URL=endpoint,
    )
    print(
        f"command: .venv/bin/python benchmarks/collect.py --accounts {arguments.accounts} --workers {arguments.workers}"
    )
    print(
        f"{'accounts':>8} {'regions':>7} {'build s':>8} {'collect s':>9} {'API calls':>9} {'calls/account':>13} {'aggregator calls':>16}"
    )
    try:
        for accounts in (int(size) for size in arguments.accounts.split(",")):
            with contextlib.redirect_stderr(io.StringIO()):  # moto prints a traceback for each call it lacks
                built, took, calls, collected = per_account(endpoint, accounts, arguments.workers)
            print(
                f"{accounts:>8} {len(REGIONS):>7} {built:>8.1f} {took:>9.1f} {calls:>9} {calls / collected:>13.1f}"
                f" {aggregator_calls(accounts):>16}"
            )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
