"""AWS Organizations Bedrock policies (`BEDROCK_POLICY`): the document that enforces a guardrail
on every inference call in a target, written by render and read by lint.

Shape (Organizations guide, "Amazon Bedrock policy syntax and examples"):
`{"bedrock": {"guardrail_inference": {"<region>": {"<config id>": {"identifier": {"@@assign":
"<guardrail ARN>:<version>"}, "input_tags": {"@@assign": "honor" | "ignore"}}}}}}`.
Reading checks the shape only (a document of another shape is not a Bedrock policy); whether each
identifier is usable is the linter's question (`bedrock_gov.lint.rules.guardrails`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bedrock_gov.catalog.bedrock import GUARDRAIL_VERSION_ARN
from bedrock_gov.policy.jsontext import Document, JsonTextError, JsonValue, pointer_token, read_json
from bedrock_gov.policy.model import Issue, Severity
from bedrock_gov.policy.parser import PolicyParseError

BEDROCK_POLICY_FILE = "BedrockPolicy.json"
"""The file render writes the Bedrock policy to, beside the SCPs (SCP readers skip it)."""
BEDROCK_POLICY_NAME = "BedrockGuardrailEnforcement"
CONFIG_ID = "bedrock_gov"
"""The configuration key render uses under each Region."""
_ASSIGN = "@@assign"


@dataclass(frozen=True)
class GuardrailIdentifier:
    partition: str
    region: str
    account: str
    guardrail_id: str
    version: str


def parse_guardrail_identifier(text: str) -> GuardrailIdentifier | None:
    """A numbered guardrail version ARN, or None (a bare ARN, `:DRAFT`, anything else)."""
    match = re.fullmatch(GUARDRAIL_VERSION_ARN, text)
    return GuardrailIdentifier(*match.groups()) if match else None


@dataclass(frozen=True)
class GuardrailAssignment:
    """One `<region>.<config id>` entry: the identifier and input_tags assigned, and where they are."""

    region: str
    config_id: str
    identifier: str
    identifier_pointer: str
    input_tags: str | None
    input_tags_pointer: str


@dataclass(frozen=True)
class BedrockPolicy:
    name: str
    text: str
    assignments: tuple[GuardrailAssignment, ...]


def is_bedrock_policy(value: JsonValue) -> bool:
    """Whether a JSON document is a Bedrock policy rather than an IAM policy."""
    return isinstance(value, dict) and "bedrock" in value and "Statement" not in value


def bedrock_policy_text(guardrails: Mapping[str, str], input_tags: str) -> str:
    """The minified Bedrock policy assigning each Region's guardrail, Regions in sorted order."""
    regions = {
        region: {CONFIG_ID: {"identifier": {_ASSIGN: guardrails[region]}, "input_tags": {_ASSIGN: input_tags}}}
        for region in sorted(guardrails)
    }
    return json.dumps({"bedrock": {"guardrail_inference": regions}}, separators=(",", ":"))


def _object(value: JsonValue, pointer: str, what: str, problems: list[tuple[str, str]]) -> dict[str, JsonValue]:
    if isinstance(value, dict):
        return value
    problems.append((f"{what} must be a JSON object", pointer))
    return {}


def _assigned(entry: dict[str, JsonValue], key: str, pointer: str, problems: list[tuple[str, str]]) -> str | None:
    where = f"{pointer}/{key}"
    operators = _object(entry[key], where, f"'{key}'", problems)
    value = operators.get(_ASSIGN)
    if not isinstance(value, str):
        problems.append((f"'{key}' needs a string under '{_ASSIGN}'", where))
        return None
    return value


def parse_bedrock_policy(text: str, name: str) -> tuple[BedrockPolicy, Document]:
    """Read a Bedrock policy's guardrail assignments; `PolicyParseError` names each shape problem."""
    try:
        document = read_json(text)
    except JsonTextError as error:
        raise PolicyParseError([Issue(error.rule, error.message, error.pointer, error.position, source=name)]) from None
    problems: list[tuple[str, str]] = []
    root = _object(document.value, "", "a Bedrock policy", problems)
    bedrock = _object(root.get("bedrock"), "/bedrock", "'bedrock'", problems)
    inference = _object(
        bedrock.get("guardrail_inference"), "/bedrock/guardrail_inference", "'guardrail_inference'", problems
    )
    assignments: list[GuardrailAssignment] = []
    for region, configs in inference.items():
        region_pointer = f"/bedrock/guardrail_inference/{pointer_token(region)}"
        for config_id, raw in _object(configs, region_pointer, f"'{region}'", problems).items():
            pointer = f"{region_pointer}/{pointer_token(config_id)}"
            entry = _object(raw, pointer, f"'{config_id}'", problems)
            if "identifier" not in entry:
                problems.append(("a guardrail configuration needs 'identifier'", pointer))
                continue
            identifier = _assigned(entry, "identifier", pointer, problems)
            tags = _assigned(entry, "input_tags", pointer, problems) if "input_tags" in entry else None
            if identifier is not None:
                assignments.append(
                    GuardrailAssignment(
                        region, config_id, identifier, f"{pointer}/identifier", tags, f"{pointer}/input_tags"
                    )
                )
    if problems:
        issues = [
            Issue("bad-bedrock-policy", message, where, document.position(where), Severity.ERROR, name)
            for message, where in problems
        ]
        raise PolicyParseError(issues)
    return BedrockPolicy(name, text, tuple(assignments)), document
