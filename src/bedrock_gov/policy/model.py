"""The typed policy model shared by the parser, evaluator, linter and prover."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from bedrock_gov.catalog.iam import POLICY_VERSION
from bedrock_gov.policy.jsontext import Position

Effect = Literal["Allow", "Deny"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Issue:
    """One problem found in a policy: what rule it breaks and exactly where."""

    rule: str
    message: str
    pointer: str
    position: Position
    severity: Severity = Severity.ERROR
    source: str = ""

    def __str__(self) -> str:
        where = f"{self.source}:" if self.source else ""
        pointer = self.pointer or "/"
        return f"{where}{self.position} {self.severity.value} [{self.rule}] at {pointer}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source,
            "pointer": self.pointer,
            "line": self.position.line,
            "column": self.position.column,
        }


@dataclass(frozen=True)
class Condition:
    """One key test of a Condition block, e.g. `ForAnyValue:StringLikeIfExists aws:TagKeys`.

    `operator` is the base operator without qualifier or IfExists (e.g. "StringLike").
    Values are kept as AWS compares them: strings (JSON booleans and numbers become their text).
    """

    operator: str
    key: str
    values: tuple[str, ...]
    qualifier: Literal["ForAllValues", "ForAnyValue"] | None = None
    if_exists: bool = False

    @property
    def operator_text(self) -> str:
        prefix = f"{self.qualifier}:" if self.qualifier else ""
        return f"{prefix}{self.operator}{'IfExists' if self.if_exists else ''}"


PrincipalKind = Literal["*", "AWS", "Service", "Federated", "CanonicalUser"]


@dataclass(frozen=True)
class PrincipalEntry:
    """One entry of a resource policy's Principal: `*` (everyone), or a kind and its value
    (an account ID or IAM ARN for AWS, a service principal such as events.amazonaws.com, ...)."""

    kind: PrincipalKind
    value: str = "*"


@dataclass(frozen=True)
class Statement:
    """One statement. `actions` and `resources` hold the listed patterns; the `not_*` flags say
    whether they came from NotAction / NotResource (the statement then applies to the rest).
    `principals` is None in SCPs (which have no Principal); in resource policies it holds the
    Principal (or, with `not_principal`, the NotPrincipal) entries."""

    effect: Effect
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    not_action: bool = False
    not_resource: bool = False
    conditions: tuple[Condition, ...] = ()
    principals: tuple[PrincipalEntry, ...] | None = None
    not_principal: bool = False
    sid: str | None = None
    index: int = 0
    pointer: str = ""

    @property
    def label(self) -> str:
        return self.sid if self.sid else f"Statement[{self.index}]"


@dataclass(frozen=True)
class Policy:
    """A parsed policy document, with its source text (its size counts against AWS limits)."""

    name: str
    statements: tuple[Statement, ...]
    text: str = ""
    version: str = POLICY_VERSION
    policy_id: str | None = None
    warnings: tuple[Issue, ...] = field(default=())

    @property
    def size(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class Level:
    """One level of the SCP hierarchy (the root, an OU, or the account) and the SCPs attached."""

    name: str
    policies: tuple[Policy, ...]
