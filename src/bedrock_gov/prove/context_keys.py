"""Facts about request context keys that every query uses: which keys AWS always sends and in what
shape, which keys hold several values, and how many value slots a symbolic request gives each key.

Every query is over requests a member-account principal can make: keys AWS always puts in the
request context (`aws:PrincipalArn`, `aws:SecureTransport`, ...) are present with values of
their documented shape; any other key the policies test is free (present or absent, any value),
because a principal controls its tags, its source IP and the like.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import z3

from bedrock_gov.catalog.iam import EXAMPLE_ACCOUNT
from bedrock_gov.policy.model import Level
from bedrock_gov.prove.calls import ACCOUNT
from bedrock_gov.prove.patterns import ANY_CHAR, literal_any_case
from bedrock_gov.prove.symbolize import SymKey


def _digits(low: str = "0", high: str = "9") -> z3.ReRef:
    return z3.Range(low, high)


def _words(*options: str) -> z3.ReRef:
    return z3.Union(*(literal_any_case(option) if option in ("true", "false") else z3.Re(option) for option in options))


ALWAYS_PRESENT: dict[str, z3.ReRef] = {
    "aws:principalarn": z3.Concat(
        z3.Union(z3.Re("arn:aws:iam::"), z3.Re("arn:aws:sts::")), ACCOUNT, z3.Re(":"), z3.Plus(ANY_CHAR)
    ),
    "aws:principalaccount": ACCOUNT,
    "aws:principaltype": _words("User", "AssumedRole", "FederatedUser", "Account"),
    "aws:userid": z3.Plus(ANY_CHAR),
    "aws:securetransport": _words("true", "false"),
    "aws:viaawsservice": _words("true", "false"),
    "aws:principalisawsservice": z3.Re("false"),
    "aws:currenttime": z3.Concat(
        z3.Re("20"),
        _digits("2", "9"),
        _digits(),
        z3.Re("-"),
        z3.Union(z3.Concat(z3.Re("0"), _digits("1", "9")), z3.Concat(z3.Re("1"), _digits("0", "2"))),
        z3.Re("-"),
        z3.Union(
            z3.Concat(_digits("0", "1"), _digits("1", "9")),
            z3.Re("20"),
            z3.Re("10"),
            z3.Concat(z3.Re("2"), _digits("1", "8")),
        ),
        z3.Re("T"),
        _digits("0", "1"),
        _digits(),
        z3.Re(":"),
        _digits("0", "5"),
        _digits(),
        z3.Re(":"),
        _digits("0", "5"),
        _digits(),
        z3.Re("Z"),
    ),
    "aws:epochtime": z3.Concat(z3.Re("1"), z3.Loop(_digits(), 9, 9)),
}
"""Keys AWS includes in every request context (IAM guide: "AWS global condition context keys",
"Availability: this key is always included"), with the values an IAM principal's request has
(SCPs never apply to AWS service principals)."""

EXAMPLE_PRINCIPAL = z3.Concat(
    z3.Re(f"arn:aws:iam::{EXAMPLE_ACCOUNT}:role/"),
    z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("A", "Z"), z3.Range("0", "9"), z3.Re("-"), z3.Re("_"))),
)
"""What a counterexample's principal preferably looks like: a role in the example account."""


def always_present(keys: Mapping[str, SymKey]) -> list[z3.BoolRef]:
    """Keys AWS always sends are present and well-formed."""
    out: list[z3.BoolRef] = []
    for key, regex in ALWAYS_PRESENT.items():
        sym = keys.get(key)
        if sym is not None:
            out += [sym.present(), sym.values_in(regex)]
    return out


def prefer_example_principal(keys: Mapping[str, SymKey]) -> list[list[z3.BoolRef]]:
    """A counterexample's principal is preferably a role in the example account."""
    principal = keys.get("aws:principalarn")
    return [[z3.InRe(principal.slots[0], EXAMPLE_PRINCIPAL)]] if principal is not None else []


MAX_SLOTS = 4
KNOWN_MULTI_VALUED = frozenset(
    {
        "aws:tagkeys",
        "aws:calledvia",
        "aws:principalservicenameslist",
        "aws:principalorgpaths",
        "aws:resourceorgpaths",
        "aws:sourcevpcarn",
    }
)


@dataclass(frozen=True)
class KeySlots:
    """Value slots per condition key of one hierarchy, and the bounds that cut below what is needed.

    A multi-valued key gets one slot per condition that tests it: a Boolean combination of m
    "some value matches" tests is satisfiable with at most m values, so the bound loses nothing
    up to `MAX_SLOTS`. Single-valued keys have one slot."""

    slots: Mapping[str, int]
    caveats: tuple[str, ...]
    """Bounds that make "no request exists" less than a proof."""

    @classmethod
    def of(cls, levels: Iterable[Level]) -> KeySlots:
        levels = tuple(levels)
        tests = condition_keys(levels)
        multi = multi_valued_keys(levels)
        slots: dict[str, int] = {}
        caveats: list[str] = []
        for key in sorted(tests):
            needed = max(1, tests.get(key, 1)) if key in multi else 1
            slots[key] = min(needed, MAX_SLOTS)
            if needed > MAX_SLOTS:
                caveats.append(f"multi-valued key {key} bounded to {slots[key]} values")
        return cls(slots, tuple(caveats))


def condition_keys(levels: Iterable[Level]) -> dict[str, int]:
    """Every condition key the policies test (lower-cased) -> how many conditions test it."""
    tests: dict[str, int] = {}
    for level in levels:
        for policy in level.policies:
            for statement in policy.statements:
                for condition in statement.conditions:
                    key = condition.key.lower()
                    tests[key] = tests.get(key, 0) + 1
    return tests


def multi_valued_keys(levels: Iterable[Level]) -> set[str]:
    """Keys known to AWS as multi-valued, or tested with ForAnyValue / ForAllValues somewhere."""
    keys = set()
    for level in levels:
        for policy in level.policies:
            for statement in policy.statements:
                for condition in statement.conditions:
                    if condition.qualifier or condition.key.lower() in KNOWN_MULTI_VALUED:
                        keys.add(condition.key.lower())
    return keys
