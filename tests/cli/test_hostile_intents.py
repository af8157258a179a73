"""Hostile or broken intent files end in a clear message and exit 3, within bounded time and memory."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bedrock_gov.bounded_read import BoundedReadError, load_yaml
from bedrock_gov.cli import exits
from bedrock_gov.intent.loader import IntentError, load_intent

TIME_BOUND_S = 20
MEMORY_BOUND_KB = 400_000


def _alias_bomb() -> str:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 12):
        text += f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n"
    return text


HOSTILE = {
    "alias-bomb": (_alias_bomb().encode(), "after alias expansion"),
    "deep-nesting": (("models: " + "[" * 5000 + "]" * 5000).encode(), "nests too deeply"),
    "utf16": ("models: {}\n".encode("utf-16"), "UTF-16"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "huge-scalar": (b"targets: [" + b"x" * 200_000 + b"]\n", "longer than"),
    "huge-file": (b"# " + b"x" * 2_000_000 + b"\n", "refused unread"),
    "empty": (b"", "the intent is empty"),
    "empty-mapping": (b"{}\n", "the intent is empty"),
    "not-yaml": (b"models: [unclosed\n", "not valid YAML at line"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_intent_is_refused_with_a_message(tmp_path: Path, name: str) -> None:
    content, expected = HOSTILE[name]
    path = tmp_path / "governance.yaml"
    path.write_bytes(content)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bedrock_gov", "render", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=TIME_BOUND_S * 3,
    )
    assert time.monotonic() - started < TIME_BOUND_S
    assert max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) < MEMORY_BOUND_KB
    assert result.returncode == exits.CANNOT_RUN, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_intent_errors_give_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "governance.yaml"
    path.write_text("models:\n  approved_families: [anthropic, bo*gus]\napi_keys:\n  mode: nope\n")
    with pytest.raises(IntentError) as caught:
        load_intent(path)
    assert "models.approved_families.1 (line 2, column 34)" in str(caught.value)
    assert "api_keys.mode (line 4, column 9)" in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_or_fails_with_a_bounded_read_error(text: str) -> None:
    try:
        load_yaml(text, "fuzz.yaml")
    except BoundedReadError as error:
        assert str(error).startswith("fuzz.yaml")
