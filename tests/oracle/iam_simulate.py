"""Runs `@cloud-copilot/iam-simulate` (the independent oracle) from Python: one node process per batch.

`simulate.mjs` beside this file reads simulations as JSON on stdin and prints one decision per
request, using the library's engine (`runUnsafeSimulation`), so only the SCPs decide.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bedrock_gov.policy import Decision, Level, Request

ORACLE_DIR = Path(__file__).resolve().parent
SCRIPT = ORACLE_DIR / "simulate.mjs"
PACKAGE = ORACLE_DIR / "node_modules" / "@cloud-copilot" / "iam-simulate"

RawContext = Mapping[str, str | list[str]]
"""Context as a caller sends it: a string for a single-valued key, a list for a multivalued one."""

OUTCOME_OF_REASON = {
    "allowed": "Allowed",
    "explicit_deny": "ExplicitlyDenied",
    "no_allow": "ImplicitlyDenied",
}
"""Our decision reasons, in iam-simulate's words (SCP-only requests never get the other reasons)."""


@dataclass(frozen=True)
class RawRequest:
    """One request in the shape both evaluators accept."""

    action: str
    resource: str
    context: RawContext = field(default_factory=dict)
    label: str = ""
    """What produced it (route kind, family...), to make a disagreement readable."""

    def to_request(self) -> Request:
        return Request.build(self.action, self.resource, dict(self.context))

    def to_json(self) -> dict[str, object]:
        return {"action": self.action, "resource": self.resource, "context": dict(self.context)}


@dataclass(frozen=True)
class OracleResult:
    outcomes: list[str]
    """"Allowed", "ExplicitlyDenied" or "ImplicitlyDenied", one per request."""
    seconds: float
    """Best engine time for one pass over the requests, measured inside node."""


def missing_reason() -> str | None:
    """Why the oracle cannot run here (no node, or `npm ci` not run in tests/oracle), else None."""
    if shutil.which("node") is None:
        return "node is not installed; scripts/setup needs Node.js to install the iam-simulate oracle"
    if not PACKAGE.is_dir():
        return f"{PACKAGE} is missing; run `npm ci` in {ORACLE_DIR} (scripts/setup does)"
    return None


def outcome(decision: Decision) -> str:
    return OUTCOME_OF_REASON[decision.reason]


def levels_payload(levels: Sequence[Level]) -> list[dict[str, object]]:
    """The hierarchy as iam-simulate takes it: each level's policies, as their original JSON."""
    return [
        {
            "name": level.name,
            "policies": [{"name": policy.name, "policy": json.loads(policy.text)} for policy in level.policies],
        }
        for level in levels
    ]


def run_batch(
    simulations: Sequence[tuple[Sequence[Level], Sequence[RawRequest]]], *, repeat: int = 1
) -> list[OracleResult]:
    """Decide every simulation (a hierarchy and its requests) in one node process."""
    batch = {
        "simulations": [
            {
                "levels": levels_payload(levels),
                "requests": [request.to_json() for request in requests],
                "repeat": repeat,
            }
            for levels, requests in simulations
        ]
    }
    completed = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(batch),
        capture_output=True,
        text=True,
        cwd=ORACLE_DIR,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"iam-simulate oracle failed ({completed.returncode}): {completed.stderr.strip()}")
    results = json.loads(completed.stdout)["results"]
    return [OracleResult(list(result["decisions"]), float(result["seconds"])) for result in results]
