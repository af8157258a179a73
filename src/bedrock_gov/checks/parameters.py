"""Reading AWS Config rule parameters, which arrive as a JSON object whose values are usually strings.

Unknown keys are an error: a misspelt parameter silently ignored would weaken a control unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bedrock_gov.checks.model import ParameterError

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def reject_unknown(raw: Mapping[str, object], known: Iterable[str]) -> None:
    """Raise if `raw` holds a key outside `known`, naming the keys that are accepted."""
    allowed = set(known)
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        accepted = ", ".join(sorted(allowed)) or "none"
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; accepted: {accepted}")


def text(raw: Mapping[str, object], key: str, default: str) -> str:
    """A non-empty string parameter, surrounding whitespace removed."""
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ParameterError(f"{key} must be a non-empty string")
    return value.strip()


def flag(raw: Mapping[str, object], key: str, default: bool) -> bool:
    """A boolean parameter given as a JSON boolean or as "true"/"false" (any case)."""
    value = raw.get(key, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ParameterError(f"{key} must be true or false")


def optional_days(raw: Mapping[str, object], key: str, maximum: int) -> int | None:
    """A whole number of days from 0 to `maximum`, given as a number or a string; absent or "" is None."""
    value = raw.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ParameterError(f"{key} must be a whole number of days")
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ParameterError(f"{key} must be a whole number of days") from None
    if not isinstance(value, int) or not 0 <= value <= maximum:
        raise ParameterError(f"{key} must be a whole number of days from 0 to {maximum}")
    return value


def choices(raw: Mapping[str, object], key: str, allowed: Iterable[str]) -> frozenset[str]:
    """A comma-separated list (or JSON list) of values out of `allowed`, matched case-insensitively."""
    canonical = {choice.lower(): choice for choice in allowed}
    value = raw.get(key, "")
    if isinstance(value, str):
        items = [item.strip() for item in value.split(",") if item.strip()]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value if item.strip()]
    else:
        raise ParameterError(f"{key} must be a comma-separated list of {', '.join(sorted(canonical.values()))}")
    picked: set[str] = set()
    for item in items:
        if item.lower() not in canonical:
            raise ParameterError(f"{key}: {item!r} is not one of {', '.join(sorted(canonical.values()))}")
        picked.add(canonical[item.lower()])
    return frozenset(picked)
