"""Lint a few policies given as text, the way the CLI reads them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bedrock_gov.catalog.limits import CURRENT, ScpLimits
from bedrock_gov.lint import Finding, lint, lint_inputs
from bedrock_gov.policy_files import read_groups

LintTexts = Callable[..., list[Finding]]


@pytest.fixture
def lint_texts(tmp_path: Path) -> LintTexts:
    """`lint_texts(limits, A='{...}', B='{...}')`: write the policies into a new target directory, lint it."""
    calls: list[int] = []

    def run(limits: ScpLimits = CURRENT, **policies: str) -> list[Finding]:
        calls.append(1)
        target = tmp_path / f"target{len(calls)}"
        target.mkdir()
        for name, text in policies.items():
            (target / f"{name}.json").write_text(text)
        loaded = lint_inputs(read_groups([target]))
        assert not loaded.problems, loaded.problems
        return lint(loaded.levels, limits)

    return run
