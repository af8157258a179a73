"""Wildcard matching for actions, ARNs and strings, with policy variables.

Semantics (see shared aws-facts "Matching" and "Policy variables"):
- actions: case-insensitive; `*` any run of characters, `?` one character;
- ARNs in the Resource element: case-sensitive; a wildcard inside a colon-separated segment stays
  in that segment, a `*` that ends a segment may run on past later colons, and the last (resource)
  segment may hold colons;
- ARNs in ARN condition operators (`components=True`): each of the six colon-delimited components
  is compared apart (IAM guide, "Condition operators", ARN): no wildcard crosses a colon before
  the resource component, and a value with fewer than six components matches nothing;
- `${key}` / `${key, 'default'}` take the request's value literally; `${*}` `${?}` `${$}` are the
  literal characters. A variable with no value makes that pattern match nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

Context = Mapping[str, tuple[str, ...]]
"""Request context: lower-cased key -> its values (one for single-valued keys)."""

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPED_CHARACTERS = {"*": "*", "?": "?", "$": "$"}


@dataclass(frozen=True)
class Variable:
    key: str
    """Lower-cased context key."""
    default: str | None = None


Part = str | Variable
"""A template part: pattern text (wildcards active) or a variable (its value is literal)."""


@lru_cache(maxsize=4096)
def template_parts(text: str) -> tuple[tuple[Part, ...], bool]:
    """Split `text` into pattern text and variables; the flag says whether any variable occurs."""
    if "${" not in text:
        return (text,), False
    parts: list[Part] = []
    position = 0
    has_variables = False
    for match in _VARIABLE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        body = match.group(1).strip()
        if body in _ESCAPED_CHARACTERS:
            parts.append(Variable("", _ESCAPED_CHARACTERS[body]))
        else:
            key, _, default = body.partition(",")
            default_text = default.strip()
            quoted = len(default_text) >= 2 and default_text[0] == default_text[-1] == "'"
            parts.append(Variable(key.strip().lower(), default_text[1:-1] if quoted else None))
            has_variables = True
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return tuple(parts), has_variables


def resolve(parts: tuple[Part, ...], context: Context) -> list[tuple[str, bool]] | None:
    """Substitute variables: (text, is_literal) pieces, or None when a variable has no value."""
    pieces: list[tuple[str, bool]] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append((part, False))
            continue
        if not part.key:
            pieces.append((part.default or "", True))
            continue
        values = context.get(part.key)
        if values is not None and len(values) == 1:
            pieces.append((values[0], True))
        elif part.default is not None:
            pieces.append((part.default, True))
        else:
            return None
    return pieces


ARN_COMPONENTS = 6
NEVER = "(?!)"
"""A regex that matches nothing: an ARN condition value with fewer than six components."""


def _glob_regex(pieces: list[tuple[str, bool]], arn: bool, components: bool = False) -> str:
    """Regex text for a pattern. In ARN mode, wildcards respect colon-separated segments; with
    `components`, strictly (ARN condition operators), else as the Resource element reads them."""
    chars = [(char, literal) for piece, literal in pieces for char in piece]
    if components and sum(char == ":" for char, _ in chars) < ARN_COMPONENTS - 1:
        return NEVER
    out: list[str] = []
    colons = 0
    for index, (char, literal) in enumerate(chars):
        in_last_segment = colons >= ARN_COMPONENTS - 1
        if literal or char not in "*?":
            colons += char == ":"
            out.append(re.escape(char))
        elif char == "*":
            ends_segment = not components and (index + 1 == len(chars) or chars[index + 1][0] == ":")
            out.append(".*" if not arn or in_last_segment or ends_segment else "[^:]*")
        else:
            out.append("." if not arn or in_last_segment else "[^:]")
    return "".join(out)


@lru_cache(maxsize=65536)
def compile_pattern(text: str, arn: bool, ignore_case: bool) -> re.Pattern[str]:
    """Compile a variable-free wildcard pattern (in ARN mode when `arn`)."""
    return re.compile(_glob_regex([(text, False)], arn), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@lru_cache(maxsize=65536)
def _compile_pieces(pieces: tuple[tuple[str, bool], ...], arn: bool, components: bool) -> re.Pattern[str]:
    return re.compile(_glob_regex(list(pieces), arn, components), re.DOTALL)


class PatternSet:
    """A list of wildcard patterns (Resource, NotResource, or Like condition values) matched as one.

    Variable-free patterns are combined into a single regex; patterns with variables are resolved
    against each request.
    """

    def __init__(
        self, patterns: tuple[str, ...], *, arn: bool, ignore_case: bool = False, components: bool = False
    ) -> None:
        self.arn = arn
        self.components = components
        # A lone "*" stands for anything in Resource and in StringLike; an ARN condition value
        # needs six components, so there it matches nothing (iam-simulate reads it the same way).
        self.match_all = "*" in patterns and not components
        static: list[str] = []
        self.dynamic: list[tuple[Part, ...]] = []
        for pattern in patterns:
            parts, has_variables = template_parts(pattern)
            if has_variables:
                self.dynamic.append(parts)
            else:
                resolved = resolve(parts, {})
                static.append(_glob_regex(resolved or [], arn, components))
        flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
        self.static = re.compile("|".join(f"(?:{regex})" for regex in static), flags) if static else None

    def matches(self, value: str, context: Context) -> bool:
        if self.match_all:
            return True
        if self.static is not None and self.static.fullmatch(value):
            return True
        for parts in self.dynamic:
            pieces = resolve(parts, context)
            if pieces is not None and _compile_pieces(tuple(pieces), self.arn, self.components).fullmatch(value):
                return True
        return False


def action_matches(pattern: str, action: str) -> bool:
    """Whether an Action/NotAction entry covers `action` (case-insensitive)."""
    return compile_pattern(pattern, False, True).fullmatch(action) is not None


def resolve_text(text: str, context: Context) -> str | None:
    """A condition value with its variables substituted (no wildcards); None if one is unresolved."""
    parts, has_variables = template_parts(text)
    if not has_variables and len(parts) == 1 and isinstance(parts[0], str):
        return text
    pieces = resolve(parts, context)
    return None if pieces is None else "".join(piece for piece, _ in pieces)
