"""Shared test plumbing: clients aimed at the moto server (tests/conftest.py), and event builders."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from rule_helpers import REGION


@pytest.fixture
def moto_clients(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Any]]:
    """A client factory for the rules: real botocore clients talking HTTP to a freshly reset moto."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).read()
    made: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in made:
            made[service] = boto3.client(
                service,
                region_name=REGION,
                endpoint_url=moto_endpoint,
                config=Config(retries={"max_attempts": 1}),
            )
        return made[service]

    yield client
