"""Run `bedrock-gov verify --tests config` against the moto server at argv[1], with Config's
compliance query doubled to never answer (moto has none), so the run waits until SIGINT."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from doubles import ACCOUNT, REGION, config_double
from verify_emulator import Emulator

from bedrock_gov.cli import app, verify_cmd

emulator = Emulator(sys.argv[1])
emulator.overrides["config"] = config_double(emulator.quiet, compliance=None)


def make_clients(profile: str | None, region: str | None) -> tuple[Any, str]:
    return emulator.clients, REGION


verify_cmd.make_clients = make_clients
sys.argv = ["bedrock-gov", "verify", "--tests", "config", "--allow-account", ACCOUNT, "--timeout", "120"]
app()
