"""A request to authorize, and the decision with the reason that explains it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bedrock_gov.policy.matching import Context


def normalize_context(raw: Mapping[str, str | list[str] | tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Lower-case the keys (key names are case-insensitive) and make every value a tuple."""
    return {key.lower(): (value,) if isinstance(value, str) else tuple(value) for key, value in raw.items()}


@dataclass(frozen=True)
class Request:
    """One authorization request, as the SCP evaluation sees it."""

    action: str
    resource: str
    context: Context = field(default_factory=dict)
    principal_arn: str | None = None
    account_is_management: bool = False
    principal: str | None = None
    """Who calls, as a resource policy's Principal sees it: a service principal
    (events.amazonaws.com), an account ID or an IAM/STS ARN. Defaults to `principal_arn`."""

    @classmethod
    def build(
        cls,
        action: str,
        resource: str,
        context: Mapping[str, str | list[str] | tuple[str, ...]] | None = None,
        principal_arn: str | None = None,
        account_is_management: bool = False,
        principal: str | None = None,
    ) -> Request:
        normalized = normalize_context(context or {})
        if principal_arn and "aws:principalarn" not in normalized:
            normalized["aws:principalarn"] = (principal_arn,)
        return cls(action, resource, normalized, principal_arn, account_is_management, principal or principal_arn)


Reason = Literal["explicit_deny", "no_allow", "allowed", "management_account", "service_linked_role"]


@dataclass(frozen=True)
class StatementRef:
    """Where a deciding statement lives: its policy, hierarchy level, Sid and position."""

    policy: str
    level: int
    level_name: str
    sid: str | None
    index: int
    effect: str

    def to_json(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "level": self.level,
            "level_name": self.level_name,
            "sid": self.sid,
            "statement_index": self.index,
            "effect": self.effect,
        }


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Reason
    message: str
    statement: StatementRef | None = None
    """The deciding Deny statement (explicit_deny)."""
    level: int | None = None
    level_name: str | None = None
    """The level where no Allow matched (no_allow)."""

    @property
    def decision(self) -> str:
        return "allowed" if self.allowed else "denied"

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"decision": self.decision, "reason": self.reason, "message": self.message}
        if self.statement is not None:
            out["statement"] = self.statement.to_json()
        if self.level is not None:
            out["level"] = self.level
            out["level_name"] = self.level_name
        return out
