"""The Principal element of resource-based policies: reading it and matching a caller against it.

Semantics (IAM guide, "AWS JSON policy elements: Principal"):
- `"Principal": "*"` and `{"AWS": "*"}` are equivalent: every principal, anonymous ones included.
- `{"AWS": "123456789012"}` and `{"AWS": "arn:aws:iam::123456789012:root"}` name the account: every
  principal in it matches (the account's own IAM policies then decide, which is not this policy's
  part). `{"AWS": "<role or user ARN>"}` names that principal; a role's assumed-role sessions
  (`arn:aws:sts::<account>:assumed-role/<role>/<session>`) act as the role.
- `{"Service": "events.amazonaws.com"}` names an AWS service principal.
- Wildcards are not allowed inside a principal name or ARN; `*` only stands alone.
"""

from __future__ import annotations

import re

from bedrock_gov.policy.jsontext import JsonValue, pointer_token
from bedrock_gov.policy.model import PrincipalEntry, PrincipalKind

PRINCIPAL_KINDS: tuple[PrincipalKind, ...] = ("AWS", "Service", "Federated", "CanonicalUser")
_ACCOUNT = re.compile(r"\d{12}")
_ACCOUNT_ROOT = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):root")
_IAM_ARN = re.compile(r"arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):.+")
_ASSUMED_ROLE = re.compile(r"(arn:aws[a-z-]*):sts::(\d{12}):assumed-role/([^/]+)/.+")

Problem = tuple[str, str]
"""A message and the JSON pointer it is about."""


def statement_principals(
    statement: dict[str, JsonValue], pointer: str, resource_policy: bool
) -> tuple[tuple[PrincipalEntry, ...] | None, bool, list[tuple[str, str, str]]]:
    """A statement's principals, whether they came from NotPrincipal, and its problems as
    (rule, message, pointer). SCPs: any Principal is an error. Resource policies: exactly one of
    Principal / NotPrincipal."""
    keys = [key for key in ("Principal", "NotPrincipal") if key in statement]
    if not resource_policy:
        return (
            None,
            False,
            [("principal-in-scp", f"'{key}' is not allowed in an SCP statement", f"{pointer}/{key}") for key in keys],
        )
    if len(keys) != 1:
        message = "a resource policy statement needs one of 'Principal' or 'NotPrincipal'"
        return None, False, [("bad-principal", message, pointer)]
    entries, problems = read_principal(statement[keys[0]], f"{pointer}/{keys[0]}")
    return entries, keys[0] == "NotPrincipal", [("bad-principal", message, where) for message, where in problems]


def read_principal(value: JsonValue, pointer: str) -> tuple[tuple[PrincipalEntry, ...] | None, list[Problem]]:
    """A Principal / NotPrincipal value -> its entries, or the problems that make it unusable."""
    if value == "*":
        return (PrincipalEntry("*"),), []
    if not isinstance(value, dict) or not value:
        return None, [('a principal must be "*" or an object such as {"Service": "..."}', pointer)]
    entries: list[PrincipalEntry] = []
    problems: list[Problem] = []
    for kind, raw in value.items():
        where = f"{pointer}/{pointer_token(kind)}"
        if kind not in PRINCIPAL_KINDS:
            problems.append((f"unknown principal type {kind!r}; allowed: {', '.join(PRINCIPAL_KINDS)}", where))
            continue
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(item, str) and item for item in items):
            problems.append((f"'{kind}' must be a string or a non-empty list of strings", where))
            continue
        for item in items:
            text = str(item)
            if text != "*" and ("*" in text or "?" in text):
                problems.append((f'{text!r}: a principal cannot contain a wildcard; only "*" alone', where))
            elif kind == "AWS" and text != "*" and not (_ACCOUNT.fullmatch(text) or _IAM_ARN.fullmatch(text)):
                problems.append((f"{text!r} is neither an account ID nor an IAM ARN", where))
            else:
                whole = kind == "AWS" and text == "*"
                entries.append(PrincipalEntry("*") if whole else PrincipalEntry(kind, text))
    return (tuple(entries) if not problems else None), problems


def account_of(caller: str) -> str | None:
    """The account a caller belongs to: an account ID itself, or the account in an IAM/STS ARN."""
    if _ACCOUNT.fullmatch(caller):
        return caller
    match = _IAM_ARN.fullmatch(caller)
    return match.group(1) if match else None


def _aws_entry_matches(value: str, caller: str) -> bool:
    caller_account = account_of(caller)
    if caller_account is None:
        return False
    root = _ACCOUNT_ROOT.fullmatch(value)
    if _ACCOUNT.fullmatch(value) or root:
        return caller_account == (root.group(1) if root else value)
    if value == caller:
        return True
    session = _ASSUMED_ROLE.fullmatch(caller)
    if session is None:
        return False
    partition, account, role = session.groups()
    return value == f"{partition}:iam::{account}:role/{role}" or bool(
        re.fullmatch(rf"{re.escape(partition)}:iam::{account}:role/(?:.+/)?{re.escape(role)}", value)
    )


def entry_matches(entry: PrincipalEntry, caller: str) -> bool:
    """Whether the caller (a service principal, an account ID or an IAM/STS ARN) is this entry."""
    if entry.kind == "*":
        return True
    if entry.kind == "Service":
        return entry.value.lower() == caller.lower()
    if entry.kind == "AWS":
        return _aws_entry_matches(entry.value, caller)
    return entry.value == caller


def principal_matches(entries: tuple[PrincipalEntry, ...], not_principal: bool, caller: str | None) -> bool:
    """Whether a statement's Principal (or NotPrincipal) covers the caller; no caller matches nothing
    listed (and so everything a NotPrincipal excludes nobody from)."""
    listed = caller is not None and any(entry_matches(entry, caller) for entry in entries)
    return listed != not_principal
