"""Deploy the intent's SCPs on the emulated organization as a user would (render, create, attach),
and plant the article's mistake: a hand-edited copy whose model Deny spares only the foundation
models, so the inference-profile leg of every cross-Region call is denied."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bedrock_gov.demo.organization import REGIONS, DemoOrganization, Drift
from bedrock_gov.intent import Intent
from bedrock_gov.intent.loader import load_intent
from bedrock_gov.render import render

INTENT_TARGET = "ou-ai-workloads"
"""The placeholder target of examples/governance.yaml, replaced by the emulated OU's id."""
HAND_EDITED_NAME = "BedrockGovernance-hotfix"
HAND_EDITED_RESOURCES = (
    "arn:aws:bedrock:*::foundation-model/anthropic.*",
    "arn:aws:bedrock:*::foundation-model/amazon.*",
)
SCP_TYPE = "SERVICE_CONTROL_POLICY"


@dataclass(frozen=True)
class Deployed:
    intent: Intent
    intent_path: Path
    """The intent with the emulated OU's id as its target (for `bedrock-gov audit --intent`)."""
    policies: dict[str, str]
    """Policy name -> id of every SCP created here."""


def write_intent(example: Path, organization: DemoOrganization, out: Path) -> tuple[Intent, Path]:
    """examples/governance.yaml aimed at the emulated ai-workloads OU, written to `out` and loaded."""
    text = example.read_text(encoding="utf-8").replace(INTENT_TARGET, organization.units["ai-workloads"])
    path = out / "governance.yaml"
    path.write_text(text, encoding="utf-8")
    return load_intent(path), path


def _create(organizations: Any, name: str, text: str) -> str:
    summary = organizations.create_policy(Name=name, Description=name, Type=SCP_TYPE, Content=text)
    return str(summary["Policy"]["PolicySummary"]["Id"])


def _replace_builder_scps(organizations: Any, organization: DemoOrganization) -> None:
    """The builder's own SCP is a stand-in for render's: detach it everywhere and delete it."""
    for policy in organizations.list_policies(Filter=SCP_TYPE)["Policies"]:
        if policy["AwsManaged"] or policy["Name"] == "FullAWSAccess":
            continue
        for target in organizations.list_targets_for_policy(PolicyId=policy["Id"])["Targets"]:
            organizations.detach_policy(PolicyId=policy["Id"], TargetId=target["TargetId"])
        organizations.delete_policy(PolicyId=policy["Id"])


def hand_edited(document_text: str) -> str:
    """The rendered document with its model Deny's NotResource cut down to the foundation models."""
    document = json.loads(document_text)
    for statement in document["Statement"]:
        if "NotResource" in statement and statement.get("Effect") == "Deny":
            statement["NotResource"] = list(HAND_EDITED_RESOURCES)
    return json.dumps(document, separators=(",", ":"))


def deploy_scps(session: Any, organization: DemoOrganization, intent: Intent, intent_path: Path) -> Deployed:
    """Render the intent, create its SCPs and attach them to its targets (FullAWSAccess stays)."""
    organizations = session.client("organizations", region_name=REGIONS[0])
    _replace_builder_scps(organizations, organization)
    policies: dict[str, str] = {}
    for document in render(intent).documents:
        policies[document.name] = _create(organizations, document.name, document.text)
        for target in intent.targets:
            organizations.attach_policy(PolicyId=policies[document.name], TargetId=target)
    return Deployed(intent, intent_path, policies)


def plant_scp_drift(session: Any, organization: DemoOrganization, intent: Intent, account_id: str) -> Drift:
    """Attach to `account_id` a hand-edited copy of the rendered model SCP (the article's mistake)."""
    organizations = session.client("organizations", region_name=REGIONS[0])
    rendered = render(intent).documents[0]
    policy = _create(organizations, HAND_EDITED_NAME, hand_edited(rendered.text))
    organizations.attach_policy(PolicyId=policy, TargetId=account_id)
    drift = Drift("scp_edited_by_hand", account_id, "global", HAND_EDITED_NAME)
    organization.drift.append(drift)
    return drift
