"""Benchmark the Config rule handlers: cold import time and evaluations per second.

Run from the repository root:

    .venv/bin/python benchmarks/rules.py [--repeat 7] [--resources 1000]

Cold import: each handler module is imported in a fresh interpreter (`python -X importtime`),
its cumulative import time read from the report; median and worst of `--repeat` runs, once from
the source tree (bytecode cached) and once from the rule's own zip (no bytecode: everything is
compiled at import, as on Lambda). Python's own start-up is not counted.
Evaluations per second: each handler run in-process on in-memory AWS fakes (no network) until it
has produced `--resources` evaluations: one event per evaluation for change-triggered rules,
`--resources` resources per listing for periodic ones (one run per evaluation for the
account-level logging rule).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SOURCE))
config_rules = importlib.import_module("bedrock_gov.config_rules")
RULES: dict[str, str] = config_rules.CONFIG_RULES

NOW = "2026-11-30T00:00:00+00:00"


def cold_import_ms(modules: str, path: Path = SOURCE) -> float:
    """Import `modules` ("a, b") in a fresh interpreter; sum their cumulative `-X importtime`, in ms.

    `path` is the source tree (bytecode cached) or a rule's zip (compiled at import, as in Lambda,
    whose read-only code directory keeps no bytecode cache).
    """
    env = {**os.environ, "PYTHONPATH": str(path), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {modules}"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wanted = {name.strip() for name in modules.split(",")}
    total = 0
    for line in done.stderr.splitlines():
        fields = [field.strip() for field in line.removeprefix("import time:").split("|")]
        if len(fields) == 3 and fields[2] in wanted:
            wanted.discard(fields[2])
            total += int(fields[1])
    if wanted:
        raise RuntimeError(f"no import-time line for {', '.join(sorted(wanted))}")
    return total / 1000


def spread(times: list[float]) -> str:
    return f"{min(times):6.1f} {statistics.median(times):6.1f} {max(times):6.1f}"


class FakeAws:
    """In-memory answers for every read call the rules make, with `count` resources of each kind."""

    class meta:
        """Mirrors botocore's `client.meta`."""

        region_name = "us-east-1"

    def __init__(self, count: int) -> None:
        self.count = count

    def list_functions(self, **_: Any) -> dict[str, Any]:
        return {"Functions": [{"FunctionName": f"fn{i}", "FunctionArn": f"arn:fn{i}"} for i in range(self.count)]}

    def list_tags(self, **_: Any) -> dict[str, Any]:
        return {"Tags": {"BedrockAgent": "true"}}

    def get_model_invocation_logging_configuration(self) -> dict[str, Any]:
        return {"loggingConfig": {"s3Config": {"bucketName": "b"}, "textDataDeliveryEnabled": True}}

    def list_service_specific_credentials(self, **_: Any) -> dict[str, Any]:
        key = {"Status": "Active", "ServiceName": "bedrock.amazonaws.com", "CreateDate": NOW}
        return {
            "ServiceSpecificCredentials": [
                {**key, "UserName": f"u{i}", "ServiceSpecificCredentialId": f"ACCA{i:016d}"} for i in range(self.count)
            ]
        }

    def list_users(self, **_: Any) -> dict[str, Any]:
        return {"Users": [{"UserName": f"u{i}", "UserId": f"AIDA{i:012d}"} for i in range(self.count)]}

    def list_agents(self, **_: Any) -> dict[str, Any]:
        return {"agentSummaries": [{"agentId": f"AGENT{i:05d}"} for i in range(self.count)]}

    def get_compliance_details_by_config_rule(self, **_: Any) -> dict[str, Any]:
        return {"EvaluationResults": []}


def change_event(resource_type: str, configuration: dict[str, Any]) -> dict[str, Any]:
    item = {
        "configurationItemCaptureTime": NOW,
        "configurationItemStatus": "OK",
        "resourceType": resource_type,
        "resourceId": "r1",
        "tags": {"BedrockAgent": "true"},
        "configuration": configuration,
    }
    return {
        "invokingEvent": json.dumps({"configurationItem": item, "messageType": "ConfigurationItemChangeNotification"}),
        "ruleParameters": "{}",
        "resultToken": "token",
        "configRuleName": "bench",
        "accountId": "123456789012",
    }


SCHEDULED = {
    "invokingEvent": json.dumps({"messageType": "ScheduledNotification", "notificationCreationTime": NOW}),
    "ruleParameters": "{}",
    "resultToken": "token",
    "configRuleName": "bench",
    "accountId": "123456789012",
}
CHANGE_EVENTS = {
    "bedrock-agent-vpc-required": change_event("AWS::Lambda::Function", {"vpcConfig": {"subnetIds": ["s"]}}),
    "bedrock-guardrail-prompt-attack-filter": change_event(
        "AWS::Bedrock::Guardrail",
        {"ContentPolicyConfig": {"FiltersConfig": [{"Type": "PROMPT_ATTACK", "InputStrength": "HIGH"}]}},
    ),
}


def evaluations_per_second(rule_name: str, resources: int) -> tuple[str, float]:
    """(trigger measured, evaluations per second) for one handler on in-memory fakes."""
    rule = importlib.import_module(RULES[rule_name]).CONFIG_RULE
    fake = FakeAws(resources)
    recorder = config_rules.RecordingConfigClient(lambda: fake)
    clients = lambda service: recorder if service == "config" else fake  # noqa: E731
    trigger = "change" if rule_name in CHANGE_EVENTS else "periodic"
    event = CHANGE_EVENTS.get(rule_name, SCHEDULED)
    start = time.perf_counter()
    while len(recorder.evaluations) < resources:
        config_rules.run(rule, event, clients=clients)
    elapsed = time.perf_counter() - start
    return trigger, len(recorder.evaluations) / elapsed


STDLIB_USED = "json, logging, datetime, typing, collections.abc"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--resources", type=int, default=1000)
    args = parser.parse_args()
    print(f"command: {' '.join([sys.executable, *sys.argv])}  (python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print("import times in ms as min / median / max of", args.repeat, "fresh interpreters")
    print(
        f"reference  import boto3 (not paid at handler load)        {spread([cold_import_ms('boto3') for _ in range(3)])}"
    )
    floor = [cold_import_ms(STDLIB_USED) for _ in range(args.repeat)]
    print(f"reference  the standard-library modules handlers use      {spread(floor)}")
    print(f"{'rule':42} {'source tree':>20} {'from its zip':>20} {'trigger':>9} {'evaluations/s':>14}")
    with tempfile.TemporaryDirectory() as scratch:
        for rule_name, module in RULES.items():
            archive = config_rules.build_zip(rule_name, Path(scratch))
            tree = [cold_import_ms(module) for _ in range(args.repeat)]
            zipped = [cold_import_ms(module, archive) for _ in range(args.repeat)]
            trigger, rate = evaluations_per_second(rule_name, args.resources)
            print(f"{rule_name:42} {spread(tree):>20} {spread(zipped):>20} {trigger:>9} {rate:>14,.0f}")


if __name__ == "__main__":
    main()
