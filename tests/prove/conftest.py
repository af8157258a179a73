from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_gov.intent import Intent, load_intent
from bedrock_gov.policy import Level
from bedrock_gov.policy_files import load_levels

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"
CORRECT = Path(__file__).parent / "fixtures" / "article-correct"
"""Hand-written SCPs for the article's intent (switch to `render`'s output once it is merged)."""
LEVEL_NAMES = ("root", "ai-workloads-ou", "account")


def level_paths(base: Path) -> list[Path]:
    return [base / name for name in LEVEL_NAMES]


def levels_of(base: Path) -> list[Level]:
    loaded = load_levels(level_paths(base))
    assert not loaded.errors
    return loaded.levels


@pytest.fixture(scope="session")
def article_levels() -> list[Level]:
    return levels_of(ARTICLE)


@pytest.fixture(scope="session")
def correct_levels() -> list[Level]:
    return levels_of(CORRECT)


@pytest.fixture(scope="session")
def article_intent() -> Intent:
    return load_intent(ARTICLE / "governance.yaml")


@pytest.fixture(scope="session")
def article_dir() -> Path:
    return ARTICLE


@pytest.fixture(scope="session")
def correct_dir() -> Path:
    return CORRECT
