"""Reading loosely typed AWS answers (API responses, Config items) into the record field types.

AWS documents these fields as strings, maps and lists, but Config items may carry nulls where
the API has absent keys; values of any other shape read as absent rather than as a guess.
"""

from __future__ import annotations

from collections.abc import Mapping


def optional_text(value: object) -> str | None:
    """A string value, or None for anything else."""
    return value if isinstance(value, str) else None


def string_map(value: object) -> dict[str, str]:
    """Tags as a plain str -> str dict; anything else (null, a list, non-text values) is dropped."""
    if not isinstance(value, Mapping):
        return {}
    return {str(key): text for key, text in value.items() if isinstance(text, str)}


def strings(value: object) -> list[str]:
    """The text entries of a list (subnet or security group ids); anything else reads as empty."""
    return [entry for entry in value if isinstance(entry, str)] if isinstance(value, list) else []
