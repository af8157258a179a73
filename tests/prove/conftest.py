from __future__ import annotations

from pathlib import Path

import pytest

from bedrock_gov.intent import Intent
from bedrock_gov.intent.loader import load_intent
from bedrock_gov.policy import Level
from bedrock_gov.policy_files import load_levels
from bedrock_gov.render import render

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"
ARTICLE_INTENT = ROOT / "examples" / "governance.yaml"
"""The article's intent, stated as governance.yaml."""
LEVEL_NAMES = ("root", "ai-workloads-ou", "account")


def write_rendered(base: Path, intent: Intent) -> Path:
    """`render`'s SCPs for `intent` in the article's OU, FullAWSAccess at every level."""
    full_access = (ARTICLE / "root" / "FullAWSAccess.json").read_text()
    for name in LEVEL_NAMES:
        (base / name).mkdir(parents=True)
        (base / name / "FullAWSAccess.json").write_text(full_access)
    for document in render(intent).documents:
        (base / "ai-workloads-ou" / f"{document.name}.json").write_text(document.text)
    return base


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
def correct_dir(tmp_path_factory: pytest.TempPathFactory, article_intent: Intent) -> Path:
    return write_rendered(tmp_path_factory.mktemp("rendered"), article_intent)


@pytest.fixture(scope="session")
def correct_levels(correct_dir: Path) -> list[Level]:
    return levels_of(correct_dir)


@pytest.fixture(scope="session")
def article_intent() -> Intent:
    return load_intent(ARTICLE_INTENT)


@pytest.fixture(scope="session")
def article_dir() -> Path:
    return ARTICLE


@pytest.fixture(scope="session")
def article_intent_path() -> Path:
    return ARTICLE_INTENT
