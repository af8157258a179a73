"""The emulator for verify's tests: clients on the moto server that record every call (botocore event
hooks), a deployed "module" (topic, Config rule, sandbox OU), and counters of what a run may leave behind."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).parent))

from doubles import ACCOUNT, REGION, Wrapped

from bedrock_gov.verify.context import NAME_PREFIX, ModelChoice, RunContext, Timing, topic_arn

TOPIC_ARN = topic_arn("aws", REGION, ACCOUNT)
FAST = Timing(timeout=5.0, first_wait=0.01, max_wait=0.05)


@dataclass
class Emulator:
    endpoint: str
    calls: list[str] = field(default_factory=list)
    overrides: dict[str, dict[str, Callable[..., Any]]] = field(default_factory=dict)
    made: dict[str, Any] = field(default_factory=dict)

    def real(self, service: str) -> Any:
        """A client on moto that records its calls."""
        client = self.quiet(service)

        def record(model: Any, **_: Any) -> None:
            self.calls.append(f"{model.service_model.service_name} {model.name}")

        client.meta.events.register("before-call.*.*", record)
        return client

    def quiet(self, service: str) -> Any:
        """A client on moto that records nothing (for the doubles' own calls)."""
        return boto3.client(
            service, region_name=REGION, endpoint_url=self.endpoint, config=Config(retries={"max_attempts": 1})
        )

    def clients(self, service: str) -> Any:
        """The factory verify gets: moto, with the doubles installed for `service` if any."""
        if service not in self.made:
            real = self.real(service)
            overrides = self.overrides.get(service)
            self.made[service] = Wrapped(real, overrides, self.calls) if overrides else real
        return self.made[service]

    def run_context(self, run_id: str = "rtest0001", timing: Timing = FAST) -> RunContext:
        return RunContext(
            run_id=run_id,
            account=ACCOUNT,
            region=REGION,
            partition="aws",
            clients=self.clients,
            timing=timing,
            alert_topic_arn=TOPIC_ARN,
            models=ModelChoice("deepseek.r1-v1:0", "amazon.nova-pro-v1:0", "us.amazon.nova-pro-v1:0"),
        )


def deploy_module(clients: Callable[[str], Any]) -> str:
    """What the Terraform module leaves that verify reads: the alert topic, the Config rule, and an
    organization with the caller's account two levels under the sandbox OU; the sandbox OU's id."""
    clients("sns").create_topic(Name="bedrock-gov-alerts")
    clients("config").put_config_rule(
        ConfigRule={
            "ConfigRuleName": "bedrock-agent-vpc-required",
            "Source": {"Owner": "AWS", "SourceIdentifier": "LAMBDA_INSIDE_VPC"},
        }
    )
    organizations = clients("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    sandbox = organizations.create_organizational_unit(ParentId=root, Name="sandbox")["OrganizationalUnit"]["Id"]
    inner = organizations.create_organizational_unit(ParentId=sandbox, Name="team")["OrganizationalUnit"]["Id"]
    organizations.move_account(AccountId=ACCOUNT, SourceParentId=root, DestinationParentId=inner)
    return str(sandbox)


def leftovers(clients: Callable[[str], Any]) -> dict[str, list[str]]:
    """Everything on the emulator a verify run could have made (by name prefix or topic endpoint)."""
    iam, sqs = clients("iam"), clients("sqs")
    queues = sqs.list_queues(QueueNamePrefix=NAME_PREFIX).get("QueueUrls", [])
    subscriptions = clients("sns").list_subscriptions_by_topic(TopicArn=TOPIC_ARN)["Subscriptions"]
    found = {
        "users": [u["UserName"] for u in iam.list_users()["Users"]],
        "roles": [r["RoleName"] for r in iam.list_roles()["Roles"]],
        "functions": [f["FunctionName"] for f in clients("lambda").list_functions()["Functions"]],
        "queues": queues,
        "subscriptions": [s["Endpoint"] for s in subscriptions if s["Protocol"] == "sqs"],
    }
    return {kind: sorted(name for name in names if NAME_PREFIX in name) for kind, names in found.items()}


NOTHING = {"users": [], "roles": [], "functions": [], "queues": [], "subscriptions": []}
