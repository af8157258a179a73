"""The guard before any write: the caller's account must be the one named or sit under the sandbox OU."""

from __future__ import annotations

from dataclasses import dataclass

from bedrock_gov.collect.aws_calls import CannotCheck, ClientFactory, call

MAX_OU_DEPTH = 5
"""AWS Organizations nests OUs at most five deep under the root."""


class Refused(Exception):
    """verify will not run here; the message says why."""


@dataclass(frozen=True)
class Caller:
    account: str
    arn: str

    @property
    def partition(self) -> str:
        return self.arn.split(":")[1]


def caller(clients: ClientFactory) -> Caller:
    """Who is calling (sts GetCallerIdentity); `Refused` without usable credentials."""
    try:
        identity = call(clients("sts").get_caller_identity)
    except CannotCheck as error:
        raise Refused(f"cannot tell which account this is: {error}") from error
    return Caller(identity["Account"], identity["Arn"])


def _ancestors(clients: ClientFactory, account: str) -> list[str]:
    """The account's OUs and root, nearest first (Organizations ListParents, one level at a time)."""
    organizations = clients("organizations")
    chain: list[str] = []
    child = account
    for _ in range(MAX_OU_DEPTH + 1):
        parents = call(organizations.list_parents, ChildId=child)["Parents"]
        if not parents:
            break
        parent = parents[0]
        chain.append(parent["Id"])
        if parent["Type"] == "ROOT":
            break
        child = parent["Id"]
    return chain


def confirm_sandbox(clients: ClientFactory, sandbox_ou: str | None, allowed_accounts: tuple[str, ...]) -> Caller:
    """The caller, if its account is allowed; otherwise `Refused`. Reads only (STS, Organizations)."""
    if not sandbox_ou and not allowed_accounts:
        raise Refused("name the sandbox: --sandbox-ou OU_ID or --allow-account ID")
    who = caller(clients)
    if who.account in allowed_accounts:
        return who
    if not sandbox_ou:
        raise Refused(f"account {who.account} is not among --allow-account {', '.join(allowed_accounts)}")
    try:
        ancestors = _ancestors(clients, who.account)
    except CannotCheck as error:
        raise Refused(
            f"cannot confirm that account {who.account} is under {sandbox_ou} ({error}); "
            "grant organizations:ListParents or name the account with --allow-account"
        ) from error
    if sandbox_ou not in ancestors:
        raise Refused(f"account {who.account} is not under {sandbox_ou} (its parents: {' < '.join(ancestors)})")
    return who
