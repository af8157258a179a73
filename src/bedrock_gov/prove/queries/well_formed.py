"""Requests AWS would send for one action: a resource of the action's documented ARN formats, in
the request's Region (or `*` for an action without resource types), and context values a person
can read. A diff first finds any request that differs, then asks again within these shapes for
the action it found, so that what it shows could really happen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import z3

from bedrock_gov.catalog.actions import resource_arn_formats, resource_types_by_action
from bedrock_gov.catalog.bedrock import GEO_PROFILES, GLOBAL_PROFILE
from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.prove.calls import ACCOUNT, FAMILY, LEG_KEYS, MODEL_NAME
from bedrock_gov.prove.symbolize import SymKey

_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
_ALNUM = z3.Union(z3.Range("a", "z"), z3.Range("A", "Z"), z3.Range("0", "9"))
RESOURCE_NAME = z3.Concat(_ALNUM, z3.Star(z3.Union(_ALNUM, z3.Re("-"), z3.Re("_"), z3.Re("."))))
"""What fills a format's `${ResourceId}`, `${BucketName}` and the like: a name a person can read."""
MODEL_ID = z3.Concat(FAMILY, z3.Re("."), MODEL_NAME)
PROFILE_ID = z3.Concat(z3.Option(z3.Union(*(z3.Re(f"{geo}.") for geo in (*GEO_PROFILES, GLOBAL_PROFILE)))), MODEL_ID)
_NAMED_BY_MODEL = {("bedrock", "foundation-model"): MODEL_ID, ("bedrock", "inference-profile"): PROFILE_ID}
"""Resource types whose `${ResourceId}` is a model ID in Bedrock's grammar (see `calls`)."""
READABLE_VALUE = z3.Concat(_ALNUM, z3.Star(z3.Union(_ALNUM, *(z3.Re(char) for char in "-_.:/@+=,"))))
"""A context value preferably looks like this (z3 left alone picks values such as `!0!`)."""
READABLE_ROLE = z3.Concat(
    z3.Re(f"arn:aws:iam::{EXAMPLE_ACCOUNT}:role/"), z3.Range("a", "z"), z3.Star(z3.Union(_ALNUM, z3.Re("-")))
)


def _format_regex(service: str, kind: str, arn_format: str, region: str, account: z3.ReRef) -> z3.ReRef:
    parts: list[z3.ReRef] = []
    position = 0
    for match in _PLACEHOLDER.finditer(arn_format):
        if match.start() > position:
            parts.append(z3.Re(arn_format[position : match.start()]))
        placeholder = match.group(1)
        if placeholder == "Partition":
            parts.append(z3.Re("aws"))
        elif placeholder == "Region":
            parts.append(z3.Re(region))
        elif placeholder == "Account":
            parts.append(account)
        else:
            parts.append(_NAMED_BY_MODEL.get((service, kind), RESOURCE_NAME))
        position = match.end()
    if position < len(arn_format):
        parts.append(z3.Re(arn_format[position:]))
    return z3.Concat(*parts) if len(parts) > 1 else parts[0]


def documented_resources(action: str, region: str, account: z3.ReRef = ACCOUNT) -> z3.ReRef | None:
    """The resources `action` is authorized on when requested in `region`: its documented ARN
    formats (`*` if it has no resource type); None when the catalog lacks a format it needs."""
    types = resource_types_by_action().get(action.lower())
    if types is None:
        return None
    if not types:
        return z3.Re("*")
    service = action.split(":", 1)[0].lower()
    formats = resource_arn_formats(service)
    if any(kind not in formats for kind in types):
        return None
    return z3.Union(*(_format_regex(service, kind, formats[kind], region, account) for kind in types))


@dataclass(frozen=True)
class Shaped:
    """Requests of one action in one of `regions`: the resources each Region allows, and the
    resource preferably shown (in the example account, in the first Region)."""

    regions: tuple[str, ...]
    resources: tuple[tuple[str, z3.ReRef], ...]
    example: z3.ReRef

    @classmethod
    def of(cls, action: str, regions: tuple[str, ...]) -> Shaped | None:
        """None when the catalog does not know the action's resource formats."""
        example = documented_resources(action, regions[0], z3.Re(EXAMPLE_ACCOUNT))
        if example is None:
            return None
        resources = []
        for region in regions:
            resource = documented_resources(action, region)
            if resource is None:
                return None
            resources.append((region, resource))
        return cls(regions, tuple(resources), example)


def readable_values(context: Mapping[str, SymKey]) -> list[z3.BoolRef]:
    """Every value slot of the caller's keys reads like a name (the principal: a role of the
    example account with such a name); one preference, since each costs the solver a check."""
    return [
        z3.InRe(slot, READABLE_ROLE if key == "aws:principalarn" else READABLE_VALUE)
        for key, sym in sorted(context.items())
        if key not in LEG_KEYS
        for slot in sym.slots
    ]
