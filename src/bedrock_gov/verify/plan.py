"""What a test would create and call, printed by `--plan` (which makes no write call)."""

from __future__ import annotations

from dataclasses import dataclass

from bedrock_gov.verify.cleanup import CLEANUP_CALLS, Kind
from bedrock_gov.verify.context import TAG_KEY, RunContext

SAFETY_CALLS = ("sts GetCallerIdentity", "organizations ListParents")


@dataclass(frozen=True)
class TestPlan:
    """`creates`: (kind, name); `calls`: "service Operation" with what it is for."""

    creates: tuple[tuple[Kind, str], ...]
    calls: tuple[tuple[str, str], ...]

    def call_names(self) -> set[str]:
        """Every call the test may make, its cleanup's included."""
        names = {call for call, _ in self.calls}
        for kind, _ in self.creates:
            names.update(CLEANUP_CALLS[kind])
        return names


def render_plan(run: RunContext, plans: dict[str, TestPlan]) -> str:
    lines = [
        f"verify --plan: run {run.run_id} in account {run.account}, {run.region}; nothing was created.",
        f"safety (done, read-only): {', '.join(SAFETY_CALLS)}",
    ]
    for test, plan in plans.items():
        lines.append(f"{test}:")
        for kind, name in plan.creates:
            lines.append(f"  create {kind} {name} (tag {TAG_KEY}={run.run_id})")
        if not plan.creates:
            lines.append("  creates nothing")
        lines.extend(f"  call {call}: {purpose}" for call, purpose in plan.calls)
        for kind, name in reversed(plan.creates):
            lines.append(f"  cleanup {kind} {name}: {', '.join(CLEANUP_CALLS[kind])}")
    return "\n".join(lines) + "\n"
