"""Reading `governance.yaml` into an `Intent`: the only place the intent touches files and YAML."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from bedrock_gov.bounded_read import BoundedReadError, YamlDocument, load_yaml, read_text
from bedrock_gov.intent.model import Intent


class IntentError(ValueError):
    """The intent file is invalid; the message names each field, its line and what is allowed."""


def load_intent(path: Path) -> Intent:
    try:
        document = load_yaml(read_text(path), str(path))
    except BoundedReadError as error:
        raise IntentError(str(error)) from None
    return parse_intent(document.data, str(path), document)


def parse_intent(raw: object, source: str = "governance.yaml", document: YamlDocument | None = None) -> Intent:
    """The intent in `raw`; an empty document is refused, since an intent that says nothing would
    render SCPs that control nothing."""
    if raw is None or raw == {}:
        raise IntentError(
            f"{source}: the intent is empty; say at least which model families are approved or blocked "
            "(models.approved_families / models.blocked_families), or how API keys are governed (api_keys.mode)"
        )
    try:
        return Intent.model_validate(raw)
    except ValidationError as error:
        lines = [f"{source}: {error.error_count()} problem(s):"]
        for problem in error.errors():
            location = tuple(str(part) if isinstance(part, str) else part for part in problem["loc"])
            where = ".".join(str(part) for part in location) or "(top level)"
            position = document.position(location) if document else None
            at = f" (line {position[0]}, column {position[1]})" if position else ""
            lines.append(f"  {where}{at}: {problem['msg']}")
        raise IntentError("\n".join(lines)) from None


def intent_json_schema() -> str:
    """The JSON Schema editors use to autocomplete and check governance.yaml."""
    return json.dumps(Intent.model_json_schema(), indent=2, sort_keys=True) + "\n"
