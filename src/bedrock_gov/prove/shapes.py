"""Resource patterns decided piece by piece against the known shape of a call's ARN.

A route's resource is a concatenation of fixed text and a few variables (Region, account, model
family, model name...). Asking z3 whether that concatenation is in the regex of a whole ARN
pattern is what makes large hierarchies slow. Instead, the pattern's steps (see
`patterns.tokens`) are run over the pieces in Python: fixed text advances the pattern exactly, a
variable with finitely many values is tried value by value, and a free variable becomes a small
membership test of that variable alone against the run of steps it must cover. The result is
equivalent to the whole-ARN membership for every resource of the shape (it is the same regular
expression, split at the piece boundaries), and is often plainly true or false, so statements that
cannot apply to the route drop out before z3 sees them.

The alphabet of a free variable is only used to discard tests that no value can pass or that
every value passes; it must hold every character the variable can take under the call's shape
constraints (it may hold more).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

import z3

from bedrock_gov.prove.patterns import Token, text_value, token_regex, tokens

Alphabet = frozenset[str]


@dataclass(frozen=True, eq=False)
class Free:
    """A variable piece: one of `values` (exactly, by the call's shape constraints) when given,
    otherwise any non-empty text over `alphabet`."""

    term: z3.SeqRef
    values: tuple[str, ...] | None = None
    alphabet: Alphabet = frozenset()


Piece = str | Free


@dataclass(frozen=True, eq=False)
class Shape:
    """Under `guard`, the resource is the concatenation of `pieces`."""

    pieces: tuple[Piece, ...]
    guard: z3.BoolRef | None = None


def _accepts(step: Token, char: str) -> bool:
    kind, value = step
    if kind == "lit":
        return value == char
    return value == "any" or char != ":"


@lru_cache(maxsize=1 << 16)
def _closure(steps: tuple[Token, ...], states: frozenset[int]) -> frozenset[int]:
    """States reachable without reading: a `*` may match nothing."""
    out = set(states)
    todo = list(out)
    while todo:
        state = todo.pop()
        if state < len(steps) and steps[state][0] == "star" and state + 1 not in out:
            out.add(state + 1)
            todo.append(state + 1)
    return frozenset(out)


@lru_cache(maxsize=1 << 18)
def _read(steps: tuple[Token, ...], states: frozenset[int], text: str) -> frozenset[int]:
    for char in text:
        moved = set()
        for state in states:
            if state < len(steps) and _accepts(steps[state], char):
                moved.add(state if steps[state][0] == "star" else state + 1)
        states = _closure(steps, frozenset(moved))
        if not states:
            break
    return states


Formula: TypeAlias = "bool | z3.BoolRef"
"""Python's True and False stand for formulas decided while matching."""


def _or(terms: list[Formula]) -> Formula:
    kept = [term for term in terms if term is not False]
    if any(term is True for term in kept):
        return True
    if not kept:
        return False
    return kept[0] if len(kept) == 1 else z3.Or(*kept)


def _and(left: Formula, right: Formula) -> Formula:
    if left is False or right is True:
        return left
    if right is False or left is True:
        return right
    return z3.And(left, right)


@lru_cache(maxsize=65536)
def _decided(run: tuple[Token, ...], alphabet: Alphabet) -> bool | None:
    """Whether every (True) or no (False) non-empty text over `alphabet` matches `run`; None: it depends."""
    if not run:
        return False
    for kind, value in run:
        if kind != "star" and not any(_accepts((kind, value), char) for char in alphabet):
            return False
    stars = [value for kind, value in run if kind == "star"]
    if len(stars) == len(run) and ("any" in stars or ":" not in alphabet):
        return True
    return None


def _span(steps: tuple[Token, ...], start: int, end: int, piece: Free) -> Formula:
    """The variable (never empty), read from state `start`, leaves the pattern in state `end`."""
    run = steps[start:end]
    if end < len(steps) and steps[end][0] == "star":
        run = (*run, steps[end])  # it may also read some of the `*` it stops at
    decided = _decided(run, piece.alphabet)
    if decided is not None:
        return decided
    if all(kind == "lit" for kind, _ in run):
        return piece.term == text_value("".join(value for _, value in run))
    return z3.InRe(piece.term, token_regex(run))


def _matches(steps: tuple[Token, ...], pieces: tuple[Piece, ...]) -> Formula:
    memo: dict[tuple[int, int], Formula] = {}

    def rest(index: int, state: int) -> Formula:
        key = (index, state)
        if key not in memo:
            memo[key] = after(index, _closure(steps, frozenset((state,))))
        return memo[key]

    def after(index: int, states: frozenset[int]) -> Formula:
        if index == len(pieces):
            return len(steps) in states
        piece = pieces[index]
        if isinstance(piece, str):
            return _or([rest(index + 1, state) for state in _read(steps, states, piece)])
        if piece.values is not None:
            groups: dict[frozenset[int], list[str]] = {}
            for value in piece.values:
                groups.setdefault(_read(steps, states, value), []).append(value)
            terms: list[Formula] = []
            for reached, values in groups.items():
                tail = after(index + 1, reached) if reached else False
                if len(groups) == 1 or tail is False:
                    terms.append(tail)  # the shape constraints already make it one of `values`
                else:
                    terms.append(_and(z3.Or(*(piece.term == text_value(value) for value in values)), tail))
            return _or(terms)
        terms = []
        for start in sorted(states):
            for end in range(start, len(steps) + 1):
                tail = rest(index + 1, end)
                if tail is not False:
                    terms.append(_and(_span(steps, start, end, piece), tail))
        return _or(terms)

    return rest(0, 0)


Layout = tuple[str | tuple[tuple[str, ...] | None, Alphabet], ...]
"""A shape without its variables: fixed text, or (values, alphabet) where a variable goes."""


def _layout(shape: Shape) -> Layout:
    return tuple(piece if isinstance(piece, str) else (piece.values, piece.alphabet) for piece in shape.pieces)


def _placeholder(index: int) -> z3.SeqRef:
    return z3.String(f"piece|{index}")


@lru_cache(maxsize=65536)
def _template(pattern: str, layout: Layout) -> Formula:
    """The match over placeholder variables: shapes of one layout differ only in their variables
    (each call makes its own), so the Python work is done once per layout."""
    pieces = tuple(
        part if isinstance(part, str) else Free(_placeholder(index), part[0], part[1])
        for index, part in enumerate(layout)
    )
    return _matches(tokens(pattern, arn=True), pieces)


def matches(pattern: str, shape: Shape) -> z3.BoolRef:
    """The resource of `shape` matches the variable-free ARN `pattern` (exactly, under `guard`)."""
    found = _template(pattern, _layout(shape))
    if not isinstance(found, bool):
        terms = [
            (_placeholder(index), piece.term) for index, piece in enumerate(shape.pieces) if isinstance(piece, Free)
        ]
        found = z3.substitute(found, *terms)
    if shape.guard is not None:
        found = _and(shape.guard, found)
    return z3.BoolVal(found) if isinstance(found, bool) else found
