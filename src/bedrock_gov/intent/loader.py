"""Reading `governance.yaml` into an `Intent`: the only place the intent touches files and YAML."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from bedrock_gov.intent.model import Intent


class IntentError(ValueError):
    """The intent file is invalid; the message names each field and what is allowed."""


def load_intent(path: Path) -> Intent:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise IntentError(f"{path}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        raise IntentError(f"{path}: not valid YAML: {error}") from None
    return parse_intent(raw if raw is not None else {}, str(path))


def parse_intent(raw: object, source: str = "governance.yaml") -> Intent:
    try:
        return Intent.model_validate(raw)
    except ValidationError as error:
        lines = [f"{source}: {error.error_count()} problem(s):"]
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "(top level)"
            lines.append(f"  {where}: {problem['msg']}")
        raise IntentError("\n".join(lines)) from None


def intent_json_schema() -> str:
    """The JSON Schema editors use to autocomplete and check governance.yaml."""
    return json.dumps(Intent.model_json_schema(), indent=2, sort_keys=True) + "\n"
