"""AWS Organizations SCP quotas. AWS raised them on 2026-05-15; both sets are still in use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LimitSetName = Literal["current", "legacy"]


@dataclass(frozen=True)
class ScpLimits:
    name: LimitSetName
    max_characters: int
    """Characters per SCP document; every character counts, whitespace included."""
    max_attached: int
    """SCPs attached directly to one root, OU or account (inherited ones don't count)."""
    description: str


CURRENT = ScpLimits("current", 10_240, 10, "since 2026-05-15: 10,240 characters, 10 SCPs per target")
LEGACY = ScpLimits("legacy", 5_120, 5, "before 2026-05-15: 5,120 characters, 5 SCPs per target")

LIMIT_SETS: dict[str, ScpLimits] = {"current": CURRENT, "legacy": LEGACY}


def limits_named(name: str) -> ScpLimits:
    """The limit set called `name` ("current" or "legacy")."""
    try:
        return LIMIT_SETS[name]
    except KeyError:
        raise ValueError(f"unknown SCP limit set {name!r}; expected one of: current, legacy") from None
