"""Custom properties: "requests matching pattern X are always denied / sometimes allowed".

A property file (YAML, read by the CLI) holds a list of properties:

    properties:
      - name: no DeepSeek anywhere
        expect: always_denied            # or sometimes_allowed
        actions: ["bedrock:InvokeModel*"]
        resource: "arn:aws:bedrock:*::foundation-model/deepseek.*"
        context:                          # optional: key -> allowed values (wildcards), or null = absent
          aws:RequestedRegion: ["us-east-1", "eu-*"]

Actions are wildcard patterns over AWS's published action names; the resource is an ARN wildcard
pattern; a listed key must be present with a value matching one of its patterns (case-sensitive,
as StringLike), or be absent when given `null`. Keys not listed are free. A resource pattern that
starts with `arn:` ranges over well-formed ARNs only (`arn:partition:service:region:account:rest`,
the rest `type/id` with colons only in the ID), so that a `*` running past colons cannot produce a witness no
real resource has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import z3

from bedrock_gov.catalog.actions import actions_matching
from bedrock_gov.prove.outcomes import PropertyResult, Status, Verdict
from bedrock_gov.prove.patterns import ANY_CHAR, PRINTABLE, any_of, has_variable, text_value
from bedrock_gov.prove.prover import Prover

Expect = Literal["always_denied", "sometimes_allowed"]
_SEGMENT = z3.Star(z3.Union(z3.Range("a", "z"), z3.Range("0", "9"), z3.Re("-")))
_VISIBLE = z3.Range("!", "~")
_NO_COLON = z3.Intersect(_VISIBLE, z3.Complement(z3.Re(":")))
_NO_SLASH = z3.Intersect(_VISIBLE, z3.Complement(z3.Re("/")))
_REST = z3.Intersect(
    z3.Union(z3.Concat(z3.Star(_NO_COLON), z3.Re("/"), z3.Star(_NO_SLASH)), z3.Plus(_NO_COLON)),
    z3.Complement(z3.Concat(z3.Star(ANY_CHAR), z3.Re("::"), z3.Star(ANY_CHAR))),
)
"""The resource part: `type/id`, colons only in the ID (`model-v1:0`), or a plain name."""
WELL_FORMED_ARN = z3.Concat(z3.Re("arn:"), *(item for _ in range(4) for item in (_SEGMENT, z3.Re(":"))), _REST)


class PropertyFileError(ValueError):
    """A custom property is malformed; the message says which one and why, `path` where in the file
    (`("properties", 0, "expect")`), for the reader to give its line and column."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class CustomProperty:
    name: str
    expect: Expect
    actions: tuple[str, ...]
    resource: str
    context: Mapping[str, tuple[str, ...] | None]


def _strings(value: object, where: str, path: tuple[str | int, ...]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) and item for item in items):
        raise PropertyFileError(f"{where}: expected a string or a non-empty list of strings", path)
    return tuple(items)


def parse_properties(raw: object) -> list[CustomProperty]:
    """The `properties:` list of a property file, validated."""
    if not isinstance(raw, dict) or not isinstance(raw.get("properties"), list):
        raise PropertyFileError("a property file holds `properties:`, a list of properties")
    out: list[CustomProperty] = []
    for index, item in enumerate(raw["properties"]):
        where, at = f"properties[{index}]", ("properties", index)
        if not isinstance(item, dict):
            raise PropertyFileError(f"{where}: expected a mapping", at)
        unknown = sorted(set(item) - {"name", "expect", "actions", "resource", "context"})
        if unknown:
            raise PropertyFileError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}", (*at, unknown[0]))
        expect = item.get("expect")
        if expect not in ("always_denied", "sometimes_allowed"):
            raise PropertyFileError(f"{where}.expect: always_denied or sometimes_allowed", (*at, "expect"))
        resource = item.get("resource", "*")
        if not isinstance(resource, str) or not resource or has_variable(resource):
            message = f"{where}.resource: a wildcard ARN pattern without policy variables"
            raise PropertyFileError(message, (*at, "resource"))
        context_raw = item.get("context") or {}
        if not isinstance(context_raw, dict):
            message = f"{where}.context: a mapping of key -> values (or null for absent)"
            raise PropertyFileError(message, (*at, "context"))
        context = {
            str(key).lower(): None
            if values is None
            else _strings(values, f"{where}.context.{key}", (*at, "context", key))
            for key, values in context_raw.items()
        }
        name = item.get("name")
        actions = _strings(item.get("actions"), f"{where}.actions", (*at, "actions"))
        if not _actions(actions):
            message = f"{where}.actions: no published AWS action matches {', '.join(actions)}"
            raise PropertyFileError(message, (*at, "actions"))
        out.append(
            CustomProperty(
                name=str(name) if name else where,
                expect=expect,
                actions=actions,
                resource=resource,
                context=context,
            )
        )
    return out


def _actions(patterns: tuple[str, ...]) -> tuple[str, ...]:
    names = [name for pattern in patterns for name in actions_matching(pattern)]
    return tuple(dict.fromkeys(names))


def prove_custom(prover: Prover, prop: CustomProperty) -> PropertyResult:
    result = PropertyResult(prop.name, f"requests matching the pattern are {prop.expect.replace('_', ' ')}")
    builder = prover.builder(_actions(prop.actions), tuple(prop.context))
    resource = builder.string("resource")
    region = builder.string("region")
    builder.call.preferences.append([z3.InRe(region, z3.Star(PRINTABLE))])
    leg = builder.leg(resource, region)
    extra = [z3.InRe(resource, any_of((prop.resource,), arn=True))]
    if prop.resource.startswith("arn:"):
        extra.append(z3.InRe(resource, WELL_FORMED_ARN))
    for key, values in prop.context.items():
        sym = leg.context[key]
        if values is None:
            extra.append(z3.Not(sym.present()))
        else:
            extra += [sym.present(), sym.values_in(any_of(values, arn=False))]
    if "aws:requestedregion" not in prop.context:
        builder.call.preferences.append([region == text_value("us-east-1")])
    if prop.expect == "always_denied":
        found = Verdict(Status.VIOLATED, "a matching request is allowed")
        none = Verdict(Status.PROVED, "every matching request is denied")
    else:
        found = Verdict(Status.PROVED, "a matching request is allowed (witness below)")
        none = Verdict(Status.VIOLATED, "no matching request is allowed")
    result.checks.append(prover.check(prop.name, builder.call, "allowed", found, none, extra))
    return result
