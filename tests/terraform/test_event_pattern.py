"""The module's EventBridge pattern, read from its HCL, matches AWS Config's "Config Rules Compliance
Change" event for a NON_COMPLIANT result of each of the module's rules, and nothing else.

Matching is moto's EventBridge pattern engine; the fixture is the event shape of the AWS Config
developer guide ("Example AWS Config rule compliance change event"), filled in per rule.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hcl_model import MODULE, ROOT, is_meta_key, label, load
from moto.events.models import EventPattern

SAMPLE = json.loads((Path(__file__).parent / "fixtures" / "config-rules-compliance-change.json").read_text())
CONFIG = load(MODULE)


def local(name: str) -> Any:
    for parsed in CONFIG.files.values():
        for block in parsed.get("locals", []):
            if name in block:
                return block[name]
    raise KeyError(name)


def variable_default(name: str) -> Any:
    for parsed in CONFIG.files.values():
        for block in parsed.get("variable", []):
            if f'"{name}"' in block:
                return label(block[f'"{name}"']["default"])
    raise KeyError(name)


def rule_names() -> list[str]:
    """`local.all_rule_names` with the module's defaults: the managed rule and every custom rule (as rules.json names them)."""
    managed = label(local("managed_rule_name")).replace("${var.name_prefix}", variable_default("name_prefix"))
    return [managed, *sorted(label(key) for key in local("rule_permissions") if not is_meta_key(key))]


def plain(value: Any) -> Any:
    """The HCL object as JSON, `${local.all_rule_names}` resolved."""
    if isinstance(value, dict):
        return {label(key): plain(item) for key, item in value.items() if not is_meta_key(key)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if value == "${local.all_rule_names}":
        return rule_names()
    assert isinstance(value, str) and value.startswith('"'), f"unresolved expression {value!r}"
    return label(value)


PATTERN = EventPattern.load(json.dumps(plain(local("event_pattern"))))


def event(rule: str, compliance: str = "NON_COMPLIANT", account: str = "123456789012") -> dict[str, Any]:
    sample = copy.deepcopy(SAMPLE)
    sample["account"] = sample["detail"]["awsAccountId"] = account
    sample["detail"]["configRuleName"] = rule
    sample["detail"]["newEvaluationResult"]["evaluationResultIdentifier"]["evaluationResultQualifier"][
        "configRuleName"
    ] = rule
    sample["detail"]["newEvaluationResult"]["complianceType"] = compliance
    return sample


def test_the_module_rules_are_the_documented_rules() -> None:
    documented = re.findall(r"^\| `(bedrock-[a-z-]+)` \|", (ROOT / "docs" / "rules.md").read_text(), re.MULTILINE)
    assert sorted(documented) == rule_names()[1:]
    assert rule_names()[0] == "bedrock-gov-cloudtrail-enabled"


@pytest.mark.parametrize("rule", rule_names())
def test_a_noncompliant_result_of_each_rule_matches(rule: str) -> None:
    assert PATTERN.matches_event(event(rule))
    assert PATTERN.matches_event(event(rule, account="444455556666"))  # forwarded from a member account


@pytest.mark.parametrize("rule", rule_names())
@pytest.mark.parametrize("compliance", ["COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA"])
def test_other_results_do_not_match(rule: str, compliance: str) -> None:
    assert not PATTERN.matches_event(event(rule, compliance))


def test_other_rules_and_other_events_do_not_match() -> None:
    assert not PATTERN.matches_event(event("s3-bucket-public-read-prohibited"))
    other_type = event(rule_names()[1])
    other_type["detail-type"] = "Config Configuration Item Change"
    assert not PATTERN.matches_event(other_type)
