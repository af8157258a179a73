"""Wildcard patterns as z3 regular expressions: the prover's own reading of the matching rules.

Same semantics as the evaluator's matcher (shared aws-facts "Matching"), written independently so
that each checks the other: actions compare case-insensitively (both sides lower-cased), `*` is
any run of characters and `?` one character; in ARN mode a wildcard stays inside its
colon-separated segment unless it is a `*` that ends a segment (the Resource element's reading),
and the sixth segment (the resource) may hold colons. ARN condition values (`components`) are
stricter: each of the six colon-delimited components is compared apart, so no wildcard before
the resource component crosses a colon, and a value with fewer than six components matches
nothing (IAM guide, "Condition operators", ARN). `${*}`, `${?}` and `${$}` are literal
characters; any other `${...}` is a policy variable, which the prover does not encode (the
caller makes it opaque).
"""

from __future__ import annotations

import re
from functools import lru_cache

import z3

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = {"*", "?", "$"}
_Z3_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}")
_LITERAL = "\x00"
"""Marks the next character as literal (an escaped wildcard)."""

RE_SORT = z3.ReSort(z3.StringSort())
ANY_CHAR = z3.AllChar(RE_SORT)
NOT_COLON = z3.Intersect(ANY_CHAR, z3.Complement(z3.Re(":")))
PRINTABLE = z3.Range(" ", "~")
"""Printable ASCII: the alphabet counterexamples are preferably drawn from."""
ASCII = z3.Range("\x00", "\x7f")


def text_value(text: str) -> z3.SeqRef:
    """A z3 string holding exactly `text` (z3 would read `\\u{..}` in it as an escape)."""
    return z3.StringVal(text.replace("\\", "\\u{5c}"))


def from_model(value: z3.SeqRef) -> str:
    """The Python text of a string value from a model (z3 prints unprintables as `\\u{..}`)."""
    return _Z3_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value.as_string())


def has_variable(text: str) -> bool:
    """Whether `text` holds a policy variable (escapes such as `${*}` are not variables)."""
    return any(match.group(1).strip() not in _ESCAPES for match in _VARIABLE.finditer(text))


def _unescape(text: str) -> str:
    """Replace `${*}`-style escapes by a literal-marked character (only call without variables)."""
    return _VARIABLE.sub(lambda match: _LITERAL + match.group(1).strip(), text)


def _literal(text: str, ignore_case: bool) -> z3.ReRef:
    if not ignore_case:
        return z3.Re(text_value(text))
    pieces = [
        z3.Union(z3.Re(text_value(char.lower())), z3.Re(text_value(char.upper())))
        if char.lower() != char.upper()
        else z3.Re(text_value(char))
        for char in text
    ]
    return _concat(pieces)


def _concat(pieces: list[z3.ReRef]) -> z3.ReRef:
    if not pieces:
        return z3.Re(z3.StringVal(""))
    if len(pieces) == 1:
        return pieces[0]
    return z3.Concat(*pieces)


Token = tuple[str, str]
"""One step of a wildcard pattern: ("lit", char), ("one", "any" | "segment") for `?`, or
("star", "any" | "segment") for `*`; "segment" means the wildcard stays inside its ARN segment."""


ARN_COMPONENTS = 6


@lru_cache(maxsize=16384)
def tokens(pattern: str, arn: bool, components: bool = False) -> tuple[Token, ...]:
    """The steps of a variable-free wildcard pattern (ARN segment rules when `arn`; with
    `components`, an ARN condition value's)."""
    text = _unescape(pattern) if "${" in pattern else pattern
    out: list[Token] = []
    colons = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == _LITERAL:
            out.append(("lit", text[index + 1]))
            index += 2
            continue
        whole_run = not arn or colons >= ARN_COMPONENTS - 1
        if char == "*":
            ends_segment = not components and (index + 1 == len(text) or text[index + 1] == ":")
            out.append(("star", "any" if whole_run or ends_segment else "segment"))
        elif char == "?":
            out.append(("one", "any" if whole_run else "segment"))
        else:
            if char == ":":
                colons += 1
            out.append(("lit", char))
        index += 1
    return tuple(out)


def token_regex(steps: tuple[Token, ...], ignore_case: bool = False) -> z3.ReRef:
    """The z3 regex of a run of steps."""
    pieces: list[z3.ReRef] = []
    literal: list[str] = []
    for kind, value in steps:
        if kind == "lit":
            literal.append(value)
            continue
        if literal:
            pieces.append(_literal("".join(literal), ignore_case))
            literal.clear()
        char = ANY_CHAR if value == "any" else NOT_COLON
        pieces.append(z3.Star(char) if kind == "star" else char)
    if literal:
        pieces.append(_literal("".join(literal), ignore_case))
    return _concat(pieces)


@lru_cache(maxsize=16384)
def glob(pattern: str, arn: bool, ignore_case: bool = False, components: bool = False) -> z3.ReRef:
    """The z3 regex of a variable-free wildcard pattern (see `tokens`)."""
    steps = tokens(pattern, arn, components)
    if components and steps.count(("lit", ":")) < ARN_COMPONENTS - 1:
        return z3.Empty(RE_SORT)  # fewer than six components: never matches
    return token_regex(steps, ignore_case)


def any_of(patterns: tuple[str, ...], arn: bool, ignore_case: bool = False, components: bool = False) -> z3.ReRef:
    """One regex for a list of variable-free patterns (any may match)."""
    regexes = [glob(pattern, arn, ignore_case, components) for pattern in patterns]
    if len(regexes) == 1:
        return regexes[0]
    return z3.Union(*regexes)


def literal_any_case(value: str) -> z3.ReRef:
    """A regex matching `value` in any letter case (for ASCII values)."""
    return _literal(value, True)


def concrete_match(regex: z3.ReRef, value: str) -> bool:
    """Decide a regex on a concrete string with z3 itself (used to prune statements by action)."""
    return bool(z3.is_true(z3.simplify(z3.InRe(text_value(value), regex))))
