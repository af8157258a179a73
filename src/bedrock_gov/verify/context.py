"""A verify run: its id and tag, the account and Region it runs in, its clients and its time limits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from bedrock_gov.collect.aws_calls import ClientFactory

TAG_KEY = "bedrock-gov:verify"
"""Every resource a run creates carries `TAG_KEY = <run id>`; cleanup and sweep touch nothing else."""
NAME_PREFIX = "bedrock-gov-verify-"
"""Every resource name starts with this, then the run id."""
AGENT_TAG = ("BedrockAgent", "true")
"""The tag `bedrock-agent-vpc-required` judges by (its default `tagKey` / `tagValue`)."""

CONFIG_RULE = "bedrock-agent-vpc-required"
ALERT_TOPIC = "bedrock-gov-alerts"
EVENT_RULE = "bedrock-gov-noncompliant"
"""Names the Terraform module gives (terraform/modules/bedrock-governance/README.md, "Names")."""


def new_run_id() -> str:
    return "r" + secrets.token_hex(4)


@dataclass(frozen=True)
class Timing:
    """How long to wait for AWS (Config, delivery) and how polling backs off."""

    timeout: float = 600.0
    first_wait: float = 2.0
    max_wait: float = 30.0


@dataclass(frozen=True)
class ModelChoice:
    """Model IDs the SCP test calls: one that must be denied, one that must not be, and the approved
    model's cross-Region inference profile (None where the Region belongs to no geography)."""

    unapproved: str
    approved: str
    approved_profile: str | None


@dataclass(frozen=True)
class RunContext:
    run_id: str
    account: str
    region: str
    partition: str
    clients: ClientFactory
    timing: Timing
    alert_topic_arn: str
    models: ModelChoice

    @property
    def tags(self) -> dict[str, str]:
        return {TAG_KEY: self.run_id}

    def name(self, what: str) -> str:
        return f"{NAME_PREFIX}{self.run_id}-{what}"


def topic_arn(partition: str, region: str, account: str) -> str:
    return f"arn:{partition}:sns:{region}:{account}:{ALERT_TOPIC}"
