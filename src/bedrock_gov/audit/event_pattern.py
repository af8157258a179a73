"""Does an EventBridge event pattern match an event? The documented matching for the filters our
alert rules use; any other filter makes the answer undecided rather than guessed.

Matching (EventBridge guide, "Event patterns"): every field the pattern names must match; a list
of values matches if any matches (an array in the event matches if any element does); `$or`
matches if any branch does. Filters read: exact values, prefix, suffix, equals-ignore-case,
wildcard, anything-but (values or a prefix), exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

MISSING = object()


class Undecided(ValueError):
    """The pattern uses a filter we do not read, or names a field whose value we do not know."""


def matches(pattern_text: str, event: Mapping[str, Any], unknown_fields: frozenset[str] = frozenset()) -> bool:
    """Whether the event matches; `unknown_fields` (dotted paths) are present in real events, but
    their values are unknown here: a pattern that tests them is undecided (raises `Undecided`)."""
    try:
        pattern = json.loads(pattern_text)
    except (json.JSONDecodeError, RecursionError):
        raise Undecided("the event pattern is not JSON") from None
    if not isinstance(pattern, dict):
        raise Undecided("the event pattern is not a JSON object")
    return _object(pattern, event, "", unknown_fields)


def _object(pattern: Mapping[str, Any], event: Any, path: str, unknown: frozenset[str]) -> bool:
    for key, expected in pattern.items():
        if key == "$or":
            if not isinstance(expected, list) or not all(isinstance(branch, dict) for branch in expected):
                raise Undecided("$or must be a list of patterns")
            if not any(_object(branch, event, path, unknown) for branch in expected):
                return False
            continue
        field = f"{path}.{key}" if path else key
        value = event.get(key, MISSING) if isinstance(event, Mapping) else MISSING
        if value is MISSING and field in unknown:
            raise Undecided(f"the pattern tests {field}, whose value is not known here")
        if isinstance(expected, dict):
            if value is MISSING or not _object(expected, value, field, unknown):
                return False
        elif isinstance(expected, list):
            if not _values(expected, value, field):
                return False
        else:
            raise Undecided(f"{field}: a pattern value must be a list or an object")
    return True


def _values(expected: list[Any], value: Any, field: str) -> bool:
    candidates = value if isinstance(value, list) else [value]
    return any(_one(matcher, candidate, field) for matcher in expected for candidate in candidates)


def _one(matcher: Any, value: Any, field: str) -> bool:
    if not isinstance(matcher, dict):
        return value is not MISSING and matcher == value
    if len(matcher) != 1:
        raise Undecided(f"{field}: a filter object must have exactly one key")
    ((name, argument),) = matcher.items()
    if name == "exists":
        return (value is not MISSING) == bool(argument)
    if value is MISSING:
        return False
    text = value if isinstance(value, str) else None
    if name == "prefix" and isinstance(argument, str):
        return text is not None and text.startswith(argument)
    if name == "suffix" and isinstance(argument, str):
        return text is not None and text.endswith(argument)
    if name == "equals-ignore-case" and isinstance(argument, str):
        return text is not None and text.lower() == argument.lower()
    if name == "wildcard" and isinstance(argument, str) and "\\" not in argument:
        regex = ".*".join(re.escape(part) for part in argument.split("*"))
        return text is not None and re.fullmatch(regex, text, re.DOTALL) is not None
    if name == "anything-but":
        if isinstance(argument, dict):
            return not _one(argument, value, field)
        excluded = argument if isinstance(argument, list) else [argument]
        return value not in excluded
    raise Undecided(f"{field}: the filter {name!r} is not read by this audit")
