"""An organization scanned by bedrock-gov (collect + audit, the whole organization in one run) and by
Prowler (one run per account with --role, as an organization needs), on the same emulated
organization, in the same run: wall time, peak memory, and what each finds for the shared controls.

The emulated organization is the demo's (moto in server mode, real HTTP): 3 member accounts x 2
Regions with planted drift. Prowler is installed by this benchmark in its own virtual environment
(benchmarks/.prowler-venv, never a project dependency); `--skip-prowler` runs ours alone.

    .venv/bin/python benchmarks/org_scan.py [--accounts 3] [--prowler-version 5.46.*]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout's code, not an installed one

import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

from bedrock_gov.demo.organization import MEMBER_ROLE, REGIONS, build_organization  # noqa: E402

PROWLER_VENV = ROOT / "benchmarks" / ".prowler-venv"
PROWLER_SERVICES = ("bedrock", "awslambda", "config")
SHARED = {
    # Prowler check id -> our control id, for the controls both tools have.
    "bedrock_model_invocation_logging_enabled": "bedrock-model-invocation-logging-enabled",
    "bedrock_agent_guardrail_enabled": "bedrock-agent-guardrail-required",
    "config_recorder_all_regions_enabled": "config-recorder-recording",
    "bedrock_agent_role_least_privilege": "bedrock-agent-role-least-privilege",
    "bedrock_vpc_endpoints_configured": "bedrock-vpc-endpoints-configured",
}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Wall seconds and peak resident memory (KiB, from GNU time) of one process."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return seconds, peak, done


SDK_CLIENTS = (
    "sts", "organizations", "config", "cloudtrail", "lambda", "events", "sns", "kms", "bedrock", "bedrock-agent",
    "iam", "ec2",
)  # fmt: skip
"""The boto3 clients a collector needs (docs/collector-policy.json's services, STS, bedrock-agent)."""


def _floor(code: str, env: dict[str, str]) -> int:
    """Peak memory (KiB) of a process that only loads what one of ours cannot do without."""
    return timed([sys.executable, "-c", code], {**env, "PYTHONPATH": str(ROOT / "src")})[1]


def ensure_prowler(version: str) -> Path:
    prowler = PROWLER_VENV / "bin" / "prowler"
    if not prowler.exists():
        print(f"installing prowler {version} into {PROWLER_VENV} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PROWLER_VENV)], check=True)
        subprocess.run([str(PROWLER_VENV / "bin" / "pip"), "install", "-q", f"prowler=={version}"], check=True)
    return prowler


def ours(env: dict[str, str], out: Path) -> tuple[float, int, dict[str, set[str]]]:
    cli = str(Path(sys.executable).with_name("bedrock-gov"))
    out.mkdir(parents=True, exist_ok=True)
    snapshot = out / "snapshot.json"
    regions = ",".join(REGIONS)
    t1, m1, collected = timed([cli, "collect", "--out", str(snapshot), "--regions", regions], env)
    intent = str(ROOT / "examples" / "governance.yaml")
    t2, m2, audited = timed(
        [cli, "audit", "--snapshot", str(snapshot), "--intent", intent, "--format", "json", "--out", str(out)], env
    )
    if not (out / "audit.json").exists():
        raise SystemExit(f"audit failed ({audited.returncode}): {audited.stderr[-2000:]} / {collected.stderr[-2000:]}")
    sdk = _floor(
        f"import boto3; s = boto3.Session(region_name='us-east-1'); [s.client(n) for n in {SDK_CLIENTS!r}]", env
    )
    prover = _floor("import z3, bedrock_gov.prove; z3.Solver().check(z3.Int('x') > 1)", env)
    print(
        f"  collect: {t1:.1f} s, peak {m1 / 1024:.0f} MB (floor: the AWS SDK with the collector's {len(SDK_CLIENTS)} clients, {sdk / 1024:.0f} MB)"
    )
    print(
        f"  audit:   {t2:.1f} s, peak {m2 / 1024:.0f} MB (floor: z3 and the prover loaded, one check solved, {prover / 1024:.0f} MB)"
    )
    failed: dict[str, set[str]] = {}
    for finding in json.loads((out / "audit.json").read_text())["findings"]:
        if finding["status"] == "FAIL":
            failed.setdefault(finding["check_id"], set()).add(f"{finding['account_id']}/{finding['region']}")
    return t1 + t2, max(m1, m2), failed


def prowler(
    prowler_bin: Path, accounts: list[str], env: dict[str, str], out: Path
) -> tuple[float, int, dict[str, set[str]]]:
    total, peak = 0.0, 0
    failed: dict[str, set[str]] = {}
    for account in accounts:
        target = out / account
        command = [
            str(prowler_bin), "aws", "--role", f"arn:aws:iam::{account}:role/{MEMBER_ROLE}",
            "-f", *REGIONS, "--services", *PROWLER_SERVICES,
            "--output-formats", "json-ocsf", "--output-directory", str(target), "--no-banner", "--ignore-exit-code-3",
        ]  # fmt: skip
        seconds, memory, done = timed(command, env)
        total, peak = total + seconds, max(peak, memory)
        reports = list(target.glob("*.ocsf.json"))
        if not reports:
            print(f"prowler on {account}: no report ({done.returncode}): {done.stderr[-800:]}")
            continue
        for finding in json.loads(reports[0].read_text()):
            check = finding.get("metadata", {}).get("event_code", "")
            if finding.get("status_code") == "FAIL" and check in SHARED:
                region = finding.get("cloud", {}).get("region", "")
                failed.setdefault(SHARED[check], set()).add(f"{account}/{region}")
    return total, peak, failed


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)  # the emulator's tracebacks for APIs it lacks
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--accounts", type=int, default=3)
    parser.add_argument("--prowler-version", default="5.46.*")
    parser.add_argument("--skip-prowler", action="store_true")
    args = parser.parse_args()

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGIONS[0],
    }
    env.pop("AWS_PROFILE", None)
    os.environ.update({key: env[key] for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")})
    try:
        started = time.perf_counter()
        built = build_organization(boto3.Session(region_name=REGIONS[0]), members=args.accounts)
        print(f"emulated organization: {args.accounts} member accounts x {len(REGIONS)} Regions, built in "
              f"{time.perf_counter() - started:.1f} s; planted: {sorted({d.kind for d in built.drift})}")  # fmt: skip
        with tempfile.TemporaryDirectory() as work:
            our_time, our_memory, our_failed = ours(env, Path(work) / "ours")
            print(f"bedrock-gov collect + audit, whole organization: {our_time:.1f} s, peak {our_memory / 1024:.0f} MB")
            if args.skip_prowler:
                return 0
            binary = ensure_prowler(args.prowler_version)
            accounts = list(built.accounts.values())
            their_time, their_memory, their_failed = prowler(binary, accounts, env, Path(work) / "prowler")
            print(
                f"prowler, one run per account ({len(accounts)} runs): {their_time:.1f} s, peak {their_memory / 1024:.0f} MB"
            )
            print(
                f"speed: {their_time / our_time:.1f}x faster (goal >= 10x); memory: {their_memory / max(our_memory, 1):.1f}x less (goal >= 10x)"
            )
            for control in sorted(set(SHARED.values())):
                mine, theirs = our_failed.get(control, set()), their_failed.get(control, set())
                missed = sorted(theirs - mine)
                print(
                    f"  {control}: ours FAIL in {len(mine)}, prowler FAIL in {len(theirs)}; prowler-only: {missed or 'none'}"
                )
    finally:
        server.stop()
    print(f"command: cd {shlex.quote(str(Path.cwd()))} && {shlex.join([sys.executable, *sys.argv])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
