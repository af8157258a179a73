"""Credentials for the org-wide collector: the caller's own session (the standard boto3 chain, or a
named profile) and member-account credentials from AssumeRole, shared by many threads."""

from __future__ import annotations

import threading
from typing import Any, Final

from bedrock_gov.collect.aws_calls import ClientFactory, RetryMode, boto3_clients, call

RETRY_MODE: Final[RetryMode] = "adaptive"
"""Adaptive: standard retries plus a client-side rate limiter once throttled, which suits a
collector fanning out over many accounts better than a Config rule's single short run."""
MAX_ATTEMPTS: Final = 5
SINGLE_ATTEMPT: Final = 1
"""For APIs a Region or the emulator may lack: a bare HTTP 500 from them means "not available
here", and retrying it would only wait (aws-facts: the emulator answers missing calls with 500)."""
SESSION_NAME: Final = "bedrock-gov-collect"


class AccountSession:
    """Makes clients for one account from a shared boto3 session: under a lock (a session is not
    thread-safe, its clients are), with the account's credentials (None: the caller's own)."""

    def __init__(self, session: Any, lock: threading.Lock, credentials: dict[str, str] | None) -> None:
        self._session = session
        self._lock = lock
        self._credentials = credentials or {}

    def for_account(self, credentials: dict[str, str]) -> AccountSession:
        """Clients from the same session and lock, with another account's credentials."""
        return AccountSession(self._session, self._lock, credentials)

    def client(self, service: str, region_name: str | None = None, config: Any = None) -> Any:
        with self._lock:
            return self._session.client(service, region_name=region_name, config=config, **self._credentials)

    def clients(self, region: str, max_attempts: int = MAX_ATTEMPTS) -> ClientFactory:
        return boto3_clients(self, region, RETRY_MODE, max_attempts)


def assume_role(caller: AccountSession, region: str, role_arn: str) -> dict[str, str]:
    """Temporary credentials for `role_arn` (raises CannotCheck if the role cannot be assumed)."""
    sts = caller.clients(region)("sts")
    credentials = call(sts.assume_role, RoleArn=role_arn, RoleSessionName=SESSION_NAME)["Credentials"]
    return {
        "aws_access_key_id": credentials["AccessKeyId"],
        "aws_secret_access_key": credentials["SecretAccessKey"],
        "aws_session_token": credentials["SessionToken"],
    }
