"""The derivative engine of `prove.regex` against z3's own string solver.

z3 is the oracle: a conjunction of (possibly negated) regex memberships is empty for the engine
exactly when z3 finds it unsat, every witness the engine returns satisfies each literal by z3's
own evaluation, and no shorter witness exists according to z3.
"""

from __future__ import annotations

import itertools

import pytest
import z3
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bedrock_gov.prove import regex
from bedrock_gov.prove.calls import ACCOUNT, FAMILY, MANTLE_PROJECT, MODEL_NAME, OPAQUE_ID, PLAUSIBLE_NAME, RESOURCE_ID
from bedrock_gov.prove.context_keys import ALWAYS_PRESENT
from bedrock_gov.prove.patterns import (
    ANY_CHAR,
    PRINTABLE,
    RE_SORT,
    from_model,
    glob,
    literal_any_case,
    text_value,
    tokens,
)

Z3_TIMEOUT_MS = 3000
Literal = tuple[z3.ReRef, bool]
"""A regex and whether the string must be in it (True) or outside it (False)."""


# --- the oracle ------------------------------------------------------------------------------


def _in(value: z3.SeqRef, literal: Literal) -> z3.BoolRef:
    regex_, positive = literal
    member = z3.InRe(value, regex_)
    return member if positive else z3.Not(member)


def z3_check(literals: list[Literal], shorter_than: int | None = None) -> z3.CheckSatResult:
    """z3's answer to "is there a string satisfying every literal (of length < shorter_than)?"."""
    solver = z3.Solver()
    solver.set("timeout", Z3_TIMEOUT_MS)
    x = z3.String("x")
    solver.add(*(_in(x, literal) for literal in literals))
    if shorter_than is not None:
        solver.add(z3.Length(x) < shorter_than)
    return solver.check()


def z3_accepts(value: str, literal: Literal) -> bool:
    """z3's own evaluation of one literal on a concrete string."""
    verdict = z3.simplify(_in(text_value(value), literal))
    assert z3.is_true(verdict) or z3.is_false(verdict), f"z3 did not evaluate {verdict}"
    return bool(z3.is_true(verdict))


def engine_term(literals: list[Literal]) -> regex.Term:
    return regex.both(regex.from_z3(r) if positive else regex.negate(regex.from_z3(r)) for r, positive in literals)


def engine_matches(term: regex.Term, value: str) -> bool:
    """Membership by folding derivatives (independent of `member`'s search)."""
    for char in value:
        term = regex.derivative(term, ord(char))
    return regex.nullable(term)


def assert_agrees(literals: list[Literal], check_shortest: bool = True) -> None:
    """The engine and z3 agree on emptiness; a witness satisfies every literal and is shortest."""
    witness = regex.member(engine_term(literals))
    verdict = z3_check(literals)
    assume(verdict != z3.unknown)
    if witness is None:
        assert verdict == z3.unsat, f"engine: empty, z3: sat {literals}"
        return
    assert verdict == z3.sat, f"engine found {witness!r}, z3: unsat {literals}"
    for literal in literals:
        assert z3_accepts(witness, literal), f"{witness!r} fails {literal}"
    if check_shortest and witness:
        shorter = z3_check(literals, shorter_than=len(witness))
        assume(shorter != z3.unknown)
        assert shorter == z3.unsat, f"z3 found a member shorter than {witness!r}: {literals}"


# --- random regexes ----------------------------------------------------------------------------

PATTERN_CHARS = "ab:*?A"
TEXT_CHARS = "aB:\\"
RANGE_BOUNDS = ["\x00", " ", ":", "A", "a", "b", "z", "~", "\x7f", "é", "\U00010000", "\U0002ffff"]

patterns = st.text(PATTERN_CHARS, max_size=6)
texts = st.text(TEXT_CHARS, max_size=3)

leaves = st.one_of(
    st.builds(glob, patterns, st.booleans()),
    st.builds(lambda p, arn: glob(p, arn, True), patterns, st.booleans()),
    st.builds(literal_any_case, st.text("aB:", max_size=3)),
    st.builds(lambda t: z3.Re(text_value(t)), texts),
    st.builds(z3.Range, st.sampled_from(RANGE_BOUNDS), st.sampled_from(RANGE_BOUNDS)),
    st.sampled_from([ANY_CHAR, z3.Full(RE_SORT), z3.Empty(RE_SORT), z3.Re(z3.StringVal("")), PRINTABLE]),
)


def _loop(inner: z3.ReRef, low: int, extra: int) -> z3.ReRef:
    return z3.Loop(inner, low, low + extra) if low + extra > 0 else z3.Re(z3.StringVal(""))


def _extend(children: st.SearchStrategy[z3.ReRef]) -> st.SearchStrategy[z3.ReRef]:
    return st.one_of(
        st.builds(z3.Star, children),
        st.builds(z3.Plus, children),
        st.builds(z3.Option, children),
        st.builds(z3.Complement, children),
        st.builds(_loop, children, st.integers(0, 2), st.integers(0, 2)),
        st.builds(lambda a, b: z3.Concat(a, b), children, children),
        st.builds(lambda a, b: z3.Union(a, b), children, children),
        st.builds(lambda a, b: z3.Intersect(a, b), children, children),
    )


regexes = st.recursive(leaves, _extend, max_leaves=4)
literal_lists = st.lists(st.tuples(regexes, st.booleans()), min_size=1, max_size=3)
glob_literal_lists = st.lists(
    st.tuples(st.builds(glob, patterns, st.booleans()), st.booleans()),
    min_size=1,
    max_size=4,
)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(literal_lists)
@example([(z3.Complement(z3.Full(RE_SORT)), True)])
@example([(z3.Loop(z3.Re("ab"), 2, 3), True), (z3.Concat(z3.Re("ab"), z3.Re("ab")), False)])
@example([(z3.Complement(z3.Range("\x00", "\U0002ffff")), True), (z3.Re(""), False)])
@example([(z3.Range("\U00010000", "\U0002ffff"), True), (ANY_CHAR, False)])
@example([(z3.Range("b", "a"), False), (z3.Range("ab", "c"), False), (z3.Star(z3.Re("a")), False)])
@example([(z3.Option(z3.Loop(z3.Re(""), 1, 2)), True), (z3.Re(""), False)])
def test_member_agrees_with_z3(literals: list[Literal]) -> None:
    assert_agrees(literals)


@PROPERTY
@given(glob_literal_lists)
@example([(glob("arn:aws:iam::*:role/Admin1", True), True), (glob("arn:aws:iam::*:role/Admin?", True), False)])
def test_member_agrees_with_z3_on_globs(literals: list[Literal]) -> None:
    assert_agrees(literals)


SHORT_STRINGS = ["".join(chars) for size in range(4) for chars in itertools.product("aB:", repeat=size)]
"""Every string of up to three characters over a small alphabet (40 strings)."""


@PROPERTY
@given(regexes, st.text("aAbB:\\ \x00é", max_size=5))
def test_derivatives_decide_membership_as_z3_does(regex_: z3.ReRef, value: str) -> None:
    term = regex.from_z3(regex_)
    for candidate in [value, *SHORT_STRINGS]:
        assert engine_matches(term, candidate) == z3_accepts(candidate, (regex_, True)), candidate


@settings(max_examples=200, deadline=None)
@given(st.text(TEXT_CHARS + "u{}05c\x00é\U0001f600", max_size=8))
def test_text_reads_back_exactly(value: str) -> None:
    """`from_z3` reads z3 string literals (escapes included) as the characters they hold."""
    assert from_model(text_value(value)) == value
    term = regex.from_z3(z3.Re(text_value(value)))
    assert term == regex.text(value)
    assert regex.member(term) == value


# --- the prover's own regexes -------------------------------------------------------------------

PROVER_REGEXES = {
    "ACCOUNT": ACCOUNT,
    "MODEL_NAME": MODEL_NAME,
    "FAMILY": FAMILY,
    "RESOURCE_ID": RESOURCE_ID,
    "PLAUSIBLE_NAME": PLAUSIBLE_NAME,
    "OPAQUE_ID": OPAQUE_ID,
    "MANTLE_PROJECT": MANTLE_PROJECT,
    "Star(PRINTABLE)": z3.Star(PRINTABLE),
    **{f"ALWAYS_PRESENT[{key}]": value for key, value in ALWAYS_PRESENT.items()},
}


@pytest.mark.parametrize("name", sorted(PROVER_REGEXES))
def test_prover_regexes_convert_and_have_members(name: str) -> None:
    regex_ = PROVER_REGEXES[name]
    term = regex.from_z3(regex_)
    witness = regex.member(term)
    assert witness is not None
    assert z3_accepts(witness, (regex_, True))
    outside = regex.member(regex.negate(term))
    assert outside is not None
    assert z3_accepts(outside, (regex_, False))


def test_prover_regex_witnesses_are_shortest() -> None:
    for name, regex_ in PROVER_REGEXES.items():
        witness = regex.member(regex.from_z3(regex_))
        assert witness is not None
        if witness:
            assert z3_check([(regex_, True)], shorter_than=len(witness)) == z3.unsat, name


def test_known_witness_lengths() -> None:
    assert regex.member(regex.from_z3(ACCOUNT)) == "0" * 12
    assert len(regex.member(regex.from_z3(ALWAYS_PRESENT["aws:epochtime"])) or "") == 10
    project = regex.member(regex.from_z3(MANTLE_PROJECT))
    assert project is not None and len(project) == 6 and project.startswith("proj_")
    assert regex.member(regex.from_z3(z3.Star(PRINTABLE))) == ""


# --- constructs not read ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "regex_",
    [
        z3.Loop(z3.Re("a"), 2),
        z3.Loop(z3.Re("a"), 0),
        z3.Re(z3.String("s")),
        z3.Re(z3.Concat(z3.String("s"), z3.StringVal("a"))),
        z3.Diff(z3.Re("a"), z3.Re("b")),
        z3.Concat(z3.Re("a"), z3.Star(z3.Re(z3.String("s")))),
    ],
    ids=["loop-unbounded", "loop-zero-unbounded", "variable", "concat-variable", "diff", "nested-variable"],
)
def test_unread_constructs_raise_unsupported(regex_: z3.ReRef) -> None:
    with pytest.raises(regex.Unsupported):
        regex.from_z3(regex_)


@pytest.mark.parametrize(
    "regex_",
    [z3.Range(z3.Concat(z3.StringVal("a"), z3.StringVal("")), "c"), z3.Range(z3.String("s"), "b")],
    ids=["ground-concat-bound", "variable-bound"],
)
def test_range_with_unread_bound_is_not_misread(regex_: z3.ReRef) -> None:
    """z3 finds members of both ("a", and "!" with s = "!"); the engine must not read them as empty."""
    with pytest.raises(regex.Unsupported):
        regex.from_z3(regex_)


def test_search_past_max_states_raises_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    # a fresh term (member is cached): its shortest member is 40 characters long, one state each
    term = regex.cat(regex.text("max-states-probe"), regex.loop(regex.chars([(0x30, 0x39)]), 24, 30))
    monkeypatch.setattr(regex, "MAX_STATES", 10)
    with pytest.raises(regex.Unsupported):
        regex.member(term)


# --- unit examples ------------------------------------------------------------------------------


def _meets(regex_: z3.ReRef, value: str) -> bool:
    """Whether the engine finds `value` in `regex_` (through `member` on the intersection)."""
    return regex.member(regex.both([regex.from_z3(regex_), regex.text(value)])) is not None


def test_distinct_role_names_share_no_member() -> None:
    first = glob("arn:aws:iam::*:role/Admin1", arn=True)
    second = glob("arn:aws:iam::*:role/Admin2", arn=True)
    assert regex.member(regex.both([regex.from_z3(first), regex.from_z3(second)])) is None
    assert z3_check([(first, True), (second, True)]) == z3.unsat
    witness = regex.member(regex.from_z3(first))
    assert witness == "arn:aws:iam:::role/Admin1"
    assert z3_accepts(witness, (first, True))


def test_role_glob_minus_one_role_keeps_others() -> None:
    any_admin = regex.from_z3(glob("arn:aws:iam::*:role/Admin?", arn=True))
    first = regex.from_z3(glob("arn:aws:iam::*:role/Admin1", arn=True))
    witness = regex.member(regex.both([any_admin, regex.negate(first)]))
    assert witness is not None
    assert witness.startswith("arn:aws:iam:::role/Admin")
    assert witness != "arn:aws:iam:::role/Admin1"


@pytest.mark.parametrize(
    ("pattern", "arn", "value", "expected"),
    [
        # mid-segment `*` in ARN mode stays inside its segment
        ("a*b", True, "a:b", False),
        ("a*b", True, "axb", True),
        ("a*b", True, "ab", True),
        ("a*b", False, "a:b", True),
        # `?` in ARN mode is one non-colon character (before the resource segment)
        ("a?b", True, "a:b", False),
        ("a?b", False, "a:b", True),
        # a `*` that ends a segment (before `:` or at the end) may cross colons
        ("a*", True, "a:b", True),
        ("a*:c", True, "a:b:c", True),
        # in the sixth segment (the resource) wildcards cross colons
        ("p:s:r:a:t:x*y", True, "p:s:r:a:t:x:q:y", True),
        ("p:s:r:a:t:x?y", True, "p:s:r:a:t:x:y", True),
        ("p:s:r:a:x*y", True, "p:s:r:a:x:y", False),
    ],
)
def test_arn_segment_rules(pattern: str, arn: bool, value: str, expected: bool) -> None:
    regex_ = glob(pattern, arn)
    assert z3_accepts(value, (regex_, True)) == expected  # the oracle agrees with the reading
    assert _meets(regex_, value) == expected
    assert engine_matches(regex.from_z3(regex_), value) == expected


def test_arn_star_mid_segment_token() -> None:
    assert tokens("a*b", True) == (("lit", "a"), ("star", "segment"), ("lit", "b"))
    assert tokens("a*b", False) == (("lit", "a"), ("star", "any"), ("lit", "b"))


def test_ignore_case_glob_and_literal_any_case() -> None:
    assert _meets(glob("bedrock:Invoke*", arn=False, ignore_case=True), "BEDROCK:invokeModel")
    assert not _meets(glob("bedrock:Invoke*", arn=False), "BEDROCK:invokeModel")
    assert _meets(literal_any_case("True"), "tRUE")
    assert not _meets(literal_any_case("True"), "tRUE ")


def test_builders() -> None:
    a = regex.text("a")
    assert regex.loop(a, 3, 2) == regex.EMPTY
    assert regex.loop(a, 0, 0) == regex.EPS
    assert regex.member(regex.loop(a, 2, 4)) == "aa"
    assert regex.member(regex.both([regex.star(a), regex.negate(regex.loop(a, 0, 3))])) == "aaaa"
    assert regex.member(regex.both([regex.text("ab"), regex.negate(regex.text("ab"))])) is None
    assert regex.member(regex.alt([regex.text("abc"), regex.text("xy")])) == "xy"
    assert regex.member(regex.negate(regex.EPS)) == "a"  # printable, lower-case letters first
    assert regex.member(regex.chars([(0x100, 0x200)])) == "\u0100"
    assert regex.member(regex.cat(regex.star(a), regex.text("b"))) == "b"
    assert regex.member(regex.ALL) == ""
    assert regex.member(regex.EMPTY) is None
    assert regex.chars([(5, 9), (1, 4), (20, 30)]) == ("chars", ((1, 9), (20, 30)))
