"""What an IAM principal's identity policies grant, as the audit's policy engine judged them.

The judging needs the policy engine, which `checks` may not import (the Config rule zips carry only
`checks` and `snapshot`): the audit judges the policies and hands these plain values to the checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE, CheckResult

GrantKind = Literal["administrator", "privilege_escalation", "bedrock_full_access"]


class Grant(NamedTuple):
    """One privilege granted: `detail` names what grants it (say, "iam:PutUserPolicy")."""

    kind: GrantKind
    detail: str
    conditional: bool
    """Granted only under conditions the audit cannot evaluate (so it may or may not hold)."""


class Privileges(NamedTuple):
    grants: tuple[Grant, ...]
    unreadable: tuple[str, ...] = ()
    """Why a policy could not be judged (not read, does not parse), one reason each."""


KIND_TEXT: dict[GrantKind, str] = {
    "administrator": "administrative access",
    "privilege_escalation": "privilege escalation",
    "bedrock_full_access": "full Bedrock access",
}


def _described(grants: Iterable[Grant]) -> list[str]:
    """One phrase per kind of grant, naming what grants it: "privilege escalation (iam:PutUserPolicy, ...)"."""
    details: dict[GrantKind, list[str]] = {}
    for grant in grants:
        details.setdefault(grant.kind, []).append(grant.detail)
    return [f"{KIND_TEXT[kind]} ({', '.join(found)})" for kind, found in details.items()]


def verdict(
    resource_type: str,
    resource_id: str,
    privileges: Privileges,
    kinds: Sequence[GrantKind],
    other_violations: Sequence[str] = (),
) -> CheckResult:
    """FAIL on a violation known for certain; UNKNOWN when one may exist (a policy unread or a grant
    under conditions); PASS only when every policy was judged and none grants any of `kinds`."""
    counted = [grant for grant in privileges.grants if grant.kind in kinds]
    violations = [*other_violations, *_described(grant for grant in counted if not grant.conditional)]
    if violations:
        unread = f"; also not judged: {'; '.join(privileges.unreadable)}" if privileges.unreadable else ""
        return CheckResult(resource_type, resource_id, NON_COMPLIANT, f"{'; '.join(violations)}{unread}.")
    conditional = [f"{text} only under conditions" for text in _described(counted)]
    doubts = [*privileges.unreadable, *conditional]
    if doubts:
        return CheckResult(resource_type, resource_id, NOT_APPLICABLE, "; ".join(doubts), undetermined=True)
    named = " or ".join(KIND_TEXT[kind] for kind in kinds)
    return CheckResult(resource_type, resource_id, COMPLIANT, f"No identity policy grants {named}.")
