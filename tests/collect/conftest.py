"""A moto server over real HTTP, the environment that aims boto3 at it, and an emulated organization."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from moto.server import ThreadedMotoServer

from bedrock_gov.demo.organization import DemoOrganization, build_organization


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def emulator(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A freshly reset moto, and the standard credential chain aimed at it (AWS_ENDPOINT_URL)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).read()
    return moto_endpoint


@pytest.fixture
def demo_org(emulator: str) -> DemoOrganization:
    return build_organization(boto3.Session(), members=4)


def refuse_assume_role(session: Any, account_id: str) -> None:
    """Make AssumeRole into `account_id` fail as AWS does when the role is missing (moto assumes any
    role name, so the refusal is answered here, before the request leaves botocore)."""

    def refuse(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        role_arn = str((params.get("body") or {}).get("RoleArn"))  # the serialized request's parameters
        if f":{account_id}:" not in role_arn:
            return None
        message = f"User is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
        error = {"Error": {"Code": "AccessDenied", "Message": message}, "ResponseMetadata": {"HTTPStatusCode": 403}}
        return AWSResponse(url="", status_code=403, headers={}, raw=None), error

    session.events.register("before-call.sts.AssumeRole", refuse)
