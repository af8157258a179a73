"""boto3 clients for a verify run: one session (profile, Region), botocore's standard retries."""

from __future__ import annotations

from typing import Any

from bedrock_gov.collect.aws_calls import MAX_ATTEMPTS, RETRY_MODE, ClientFactory


def session_clients(profile: str | None, region: str | None) -> tuple[ClientFactory, str | None]:
    """A client factory on the named profile and Region, and the Region it resolved to (None: unknown).
    AWS_ENDPOINT_URL, when set, aims every client at an emulator."""
    import boto3
    from botocore.config import Config

    session = boto3.Session(profile_name=profile, region_name=region)
    config = Config(retries={"mode": RETRY_MODE, "total_max_attempts": MAX_ATTEMPTS})
    made: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in made:
            make: Any = session.client  # the service name is only known at run time
            made[service] = make(service, config=config)
        return made[service]

    return client, session.region_name
