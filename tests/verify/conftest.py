"""verify's test fixtures: the shared moto server (tests/conftest.py), reset for each test, with
the module's resources deployed."""

from __future__ import annotations

import urllib.request

import pytest
from verify_emulator import Emulator, deploy_module


@pytest.fixture
def emulator(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).read()
    emulator = Emulator(moto_endpoint)
    emulator.sandbox_ou = deploy_module(emulator.real)  # type: ignore[attr-defined]
    emulator.calls.clear()
    return emulator
