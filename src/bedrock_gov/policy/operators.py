"""The IAM condition operators: their names, families and how an operator string decomposes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Family = Literal["String", "Numeric", "Date", "Bool", "Binary", "Ip", "Arn", "Null"]

# Base operator -> (family, negated). Negated operators are true when the key is absent and
# require that *no* policy value matches (NOR) instead of any (OR).
OPERATORS: dict[str, tuple[Family, bool]] = {
    "StringEquals": ("String", False),
    "StringNotEquals": ("String", True),
    "StringEqualsIgnoreCase": ("String", False),
    "StringNotEqualsIgnoreCase": ("String", True),
    "StringLike": ("String", False),
    "StringNotLike": ("String", True),
    "NumericEquals": ("Numeric", False),
    "NumericNotEquals": ("Numeric", True),
    "NumericLessThan": ("Numeric", False),
    "NumericLessThanEquals": ("Numeric", False),
    "NumericGreaterThan": ("Numeric", False),
    "NumericGreaterThanEquals": ("Numeric", False),
    "DateEquals": ("Date", False),
    "DateNotEquals": ("Date", True),
    "DateLessThan": ("Date", False),
    "DateLessThanEquals": ("Date", False),
    "DateGreaterThan": ("Date", False),
    "DateGreaterThanEquals": ("Date", False),
    "Bool": ("Bool", False),
    "BinaryEquals": ("Binary", False),
    "IpAddress": ("Ip", False),
    "NotIpAddress": ("Ip", True),
    "ArnEquals": ("Arn", False),
    "ArnLike": ("Arn", False),
    "ArnNotEquals": ("Arn", True),
    "ArnNotLike": ("Arn", True),
    "Null": ("Null", False),
}

POSITIVE_FORM = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "NumericNotEquals": "NumericEquals",
    "DateNotEquals": "DateEquals",
    "NotIpAddress": "IpAddress",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}
"""Negated operator -> the operator it negates (for present keys, NOT of it)."""

_BY_LOWER = {name.lower(): name for name in OPERATORS}
QUALIFIERS = {"forallvalues": "ForAllValues", "foranyvalue": "ForAnyValue"}


@dataclass(frozen=True)
class ParsedOperator:
    base: str
    qualifier: Literal["ForAllValues", "ForAnyValue"] | None
    if_exists: bool

    @property
    def family(self) -> Family:
        return OPERATORS[self.base][0]

    @property
    def negated(self) -> bool:
        return OPERATORS[self.base][1]


def parse_operator(text: str) -> ParsedOperator | None:
    """Split `ForAnyValue:StringLikeIfExists` into its parts; None if it is not an IAM operator.

    AWS accepts operator names case-insensitively; the canonical spelling is returned.
    """
    qualifier: Literal["ForAllValues", "ForAnyValue"] | None = None
    rest = text
    if ":" in text:
        prefix, rest = text.split(":", 1)
        found = QUALIFIERS.get(prefix.lower())
        if found == "ForAllValues":
            qualifier = "ForAllValues"
        elif found == "ForAnyValue":
            qualifier = "ForAnyValue"
        else:
            return None
    if_exists = rest.lower().endswith("ifexists")
    if if_exists:
        rest = rest[: -len("ifexists")]
    base = _BY_LOWER.get(rest.lower())
    if base is None or (if_exists and base == "Null"):
        return None
    return ParsedOperator(base, qualifier, if_exists)


def known_operator_names() -> list[str]:
    return sorted(OPERATORS)
