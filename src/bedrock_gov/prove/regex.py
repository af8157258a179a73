"""A small decision procedure for one string against fixed regular expressions (Brzozowski derivatives).

"Is there a string in R1 and R2 but not in R3?" is the question the prover asks most (see
`refine`), and z3's string solver can take seconds on it when dozens of patterns meet. Here
the z3 regex is read into a small algebra (character ranges, concatenation, union, intersection,
complement, star, bounded loop) whose terms are normalised so that the derivatives of a term are
finitely many up to that normalisation; a breadth-first walk over derivatives, one character per
class of the alphabet the terms distinguish, finds a shortest member or shows there is none.
A term z3 can build but this module does not read raises `Unsupported`; so does a walk that grows
past `MAX_STATES`: the caller then asks z3.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from itertools import pairwise
from typing import Any

import z3

from bedrock_gov.prove.patterns import from_model

MAX_CHAR = 0x2FFFF
"""z3's largest character (its default Unicode alphabet)."""
MAX_STATES = 20_000

Term = tuple[Any, ...]
"""("empty",) | ("eps",) | ("chars", ranges) | ("cat", a, b) | ("alt", frozenset) | ("and", frozenset)
| ("not", a) | ("star", a) | ("loop", a, low, high); ranges are sorted, disjoint (low, high) pairs."""

EMPTY: Term = ("empty",)
EPS: Term = ("eps",)
ALL: Term = ("not", EMPTY)


class Unsupported(Exception):
    """A regex construct (or a search size) this module does not handle."""


def chars(ranges: Iterable[tuple[int, int]]) -> Term:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return ("chars", tuple(merged)) if merged else EMPTY


def cat(left: Term, right: Term) -> Term:
    if left == EMPTY or right == EMPTY:
        return EMPTY
    if left == EPS:
        return right
    if right == EPS:
        return left
    if left[0] == "cat":
        return cat(left[1], cat(left[2], right))
    return ("cat", left, right)


def alt(terms: Iterable[Term]) -> Term:
    flat: set[Term] = set()
    for term in terms:
        flat.update(term[1] if term[0] == "alt" else (term,))
    flat.discard(EMPTY)
    if ALL in flat:
        return ALL
    if not flat:
        return EMPTY
    return next(iter(flat)) if len(flat) == 1 else ("alt", frozenset(flat))


def both(terms: Iterable[Term]) -> Term:
    flat: set[Term] = set()
    for term in terms:
        flat.update(term[1] if term[0] == "and" else (term,))
    if EMPTY in flat:
        return EMPTY
    flat.discard(ALL)
    if not flat:
        return ALL
    return next(iter(flat)) if len(flat) == 1 else ("and", frozenset(flat))


def negate(term: Term) -> Term:
    return term[1] if term[0] == "not" else ("not", term)


def star(term: Term) -> Term:
    if term in (EMPTY, EPS):
        return EPS
    return term if term[0] == "star" else ("star", term)


def loop(term: Term, low: int, high: int) -> Term:
    if high < low:
        return EMPTY
    if high == 0:
        return EPS
    return ("loop", term, low, high)


@lru_cache(maxsize=1 << 16)
def nullable(term: Term) -> bool:
    kind = term[0]
    if kind in ("eps", "star"):
        return True
    if kind in ("empty", "chars"):
        return False
    if kind == "cat":
        return nullable(term[1]) and nullable(term[2])
    if kind == "alt":
        return any(nullable(part) for part in term[1])
    if kind == "and":
        return all(nullable(part) for part in term[1])
    if kind == "not":
        return not nullable(term[1])
    return term[2] == 0 or nullable(term[1])  # loop


@lru_cache(maxsize=1 << 18)
def derivative(term: Term, char: int) -> Term:
    """The strings `s` such that `char` followed by `s` is in `term`."""
    kind = term[0]
    if kind in ("empty", "eps"):
        return EMPTY
    if kind == "chars":
        return EPS if any(low <= char <= high for low, high in term[1]) else EMPTY
    if kind == "cat":
        head = cat(derivative(term[1], char), term[2])
        return alt((head, derivative(term[2], char))) if nullable(term[1]) else head
    if kind == "alt":
        return alt(derivative(part, char) for part in term[1])
    if kind == "and":
        return both(derivative(part, char) for part in term[1])
    if kind == "not":
        return negate(derivative(term[1], char))
    if kind == "star":
        return cat(derivative(term[1], char), term)
    _, inner, low, high = term
    return cat(derivative(inner, char), loop(inner, max(low - 1, 0), high - 1))


def _ranges(term: Term, out: set[tuple[int, int]]) -> None:
    kind = term[0]
    if kind == "chars":
        out.update(term[1])
    elif kind in ("cat",):
        _ranges(term[1], out)
        _ranges(term[2], out)
    elif kind in ("alt", "and"):
        for part in term[1]:
            _ranges(part, out)
    elif kind in ("not", "star", "loop"):
        _ranges(term[1], out)


def _classes(term: Term) -> list[int]:
    """One character per class of characters the term cannot tell apart, most readable first."""
    ranges: set[tuple[int, int]] = set()
    _ranges(term, ranges)
    cuts = {0, MAX_CHAR + 1}
    for low, high in ranges:
        cuts.update((low, high + 1))
    bounds = sorted(cuts)
    groups: dict[tuple[bool, ...], list[tuple[int, int]]] = {}
    listed = sorted(ranges)
    for low, end in pairwise(bounds):
        signature = tuple(char_low <= low and end - 1 <= char_high for char_low, char_high in listed)
        groups.setdefault(signature, []).append((low, end - 1))
    out = []
    for intervals in groups.values():
        printable = [max(low, 0x61) for low, high in intervals if max(low, 0x61) <= min(high, 0x7A)]
        printable += [max(low, 0x20) for low, high in intervals if max(low, 0x20) <= min(high, 0x7E)]
        out.append(printable[0] if printable else intervals[0][0])
    return sorted(out, key=_readability)


def _readability(char: int) -> tuple[int, int]:
    """Lower-case letters first, then digits, upper case, other printable text, the rest."""
    for rank, (low, high) in enumerate(((0x61, 0x7A), (0x30, 0x39), (0x41, 0x5A), (0x20, 0x7E))):
        if low <= char <= high:
            return rank, char
    return 4, char


@lru_cache(maxsize=4096)
def member(term: Term) -> str | None:
    """A shortest string in `term` (printable characters preferred), or None if it is empty."""
    if nullable(term):
        return ""
    alphabet = _classes(term)
    parents: dict[Term, tuple[Term, int] | None] = {term: None}
    queue = deque([term])
    while queue:
        state = queue.popleft()
        for char in alphabet:
            after = derivative(state, char)
            if after == EMPTY or after in parents:
                continue
            parents[after] = (state, char)
            if nullable(after):
                text = []
                step: Term | None = after
                while step is not None and parents[step] is not None:
                    previous, used = parents[step]  # type: ignore[misc]
                    text.append(chr(used))
                    step = previous
                return "".join(reversed(text))
            if len(parents) > MAX_STATES:
                raise Unsupported(f"more than {MAX_STATES} derivative states")
            if len(parents) % 256 == 0 and time.perf_counter() > deadline.at:
                raise Unsupported("out of time")
            queue.append(after)
    return None


class _Deadline:
    """When searches must stop (perf_counter seconds); a search that passes it raises `Unsupported`."""

    at = float("inf")

    @contextmanager
    def until(self, when: float) -> Iterator[None]:
        previous, self.at = self.at, when
        try:
            yield
        finally:
            self.at = previous


deadline = _Deadline()


def text(value: str) -> Term:
    """The term holding exactly `value`."""
    term = EPS
    for char in reversed(value):
        term = cat(chars([(ord(char), ord(char))]), term)
    return term


def from_z3(regex: z3.ExprRef) -> Term:
    """Read a ground z3 regex (raises `Unsupported` on constructs not listed here)."""
    return _from_z3((id(regex.ctx), regex.get_id()), regex)


_read_cache: dict[tuple[int, int], tuple[z3.ExprRef, Term]] = {}


def _from_z3(key: tuple[int, int], regex: z3.ExprRef) -> Term:
    known = _read_cache.get(key)
    if known is not None:
        return known[1]
    term = _convert(regex)
    if len(_read_cache) > 1 << 16:
        _read_cache.clear()
    _read_cache[key] = (regex, term)  # the regex is kept so that its id stays its own
    return term


def _convert(regex: z3.ExprRef) -> Term:
    kind = regex.decl().kind()
    args = [regex.arg(index) for index in range(regex.num_args())]
    parts = [from_z3(arg) for arg in args] if kind not in (z3.Z3_OP_SEQ_TO_RE, z3.Z3_OP_RE_RANGE) else []
    if kind == z3.Z3_OP_SEQ_TO_RE:
        if not z3.is_string_value(args[0]):
            raise Unsupported(f"regex of a non-constant string {args[0]}")
        return text(from_model(args[0]))
    if kind == z3.Z3_OP_RE_RANGE:
        if not all(z3.is_string_value(arg) for arg in args):
            raise Unsupported(f"range with a bound that is not a constant: {regex}")
        low, high = (from_model(arg) for arg in args)
        if len(low) != 1 or len(high) != 1:
            return EMPTY  # z3: a range whose bounds are not single characters is empty
        return chars([(ord(low), ord(high))]) if ord(low) <= ord(high) else EMPTY
    if kind == z3.Z3_OP_RE_CONCAT:
        term = EPS
        for part in reversed(parts):
            term = cat(part, term)
        return term
    if kind == z3.Z3_OP_RE_UNION:
        return alt(parts)
    if kind == z3.Z3_OP_RE_INTERSECT:
        return both(parts)
    if kind == z3.Z3_OP_RE_COMPLEMENT:
        return negate(parts[0])
    if kind == z3.Z3_OP_RE_STAR:
        return star(parts[0])
    if kind == z3.Z3_OP_RE_PLUS:
        return cat(parts[0], star(parts[0]))
    if kind == z3.Z3_OP_RE_OPTION:
        return alt((EPS, parts[0]))
    if kind == z3.Z3_OP_RE_LOOP:
        params = regex.decl().params()
        if len(params) != 2:
            raise Unsupported("unbounded loop")
        return loop(parts[0], int(params[0]), int(params[1]))
    if kind == z3.Z3_OP_RE_FULL_CHAR_SET:
        return chars([(0, MAX_CHAR)])
    if kind == z3.Z3_OP_RE_FULL_SET:
        return ALL
    if kind == z3.Z3_OP_RE_EMPTY_SET:
        return EMPTY
    raise Unsupported(f"regex construct {regex.decl().name()}")
