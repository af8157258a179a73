"""The environment that aims boto3 at the moto server (tests/conftest.py), and an emulated organization."""

from __future__ import annotations

import urllib.request

import boto3
import pytest

from bedrock_gov.demo.organization import DemoOrganization, build_organization


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
