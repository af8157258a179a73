"""The command line as a process: version, usage errors, closed pipes, and what start-up loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bedrock_gov import __version__
from bedrock_gov.cli import exits

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "src" / "bedrock_gov" / "examples" / "article"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bedrock_gov", *args], capture_output=True, text=True, timeout=120)


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == exits.OK
    assert result.stdout.strip() == f"bedrock-gov {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "--bogus"),
        ("nosuch",),
        ("lint",),
        ("evaluate", "--format", "xml", "--level", "x", "--action", "s3:GetObject"),
        (),
    ],
)
def test_usage_errors_exit_3_not_2(args: tuple[str, ...]) -> None:
    """Exit 2 means "some input lines were malformed"; a usage error is "nothing could be done"."""
    result = _run(*args)
    assert result.returncode == exits.CANNOT_RUN, result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_every_command_without_importing_them() -> None:
    code = (
        "import sys; from bedrock_gov.cli import app; from typer.testing import CliRunner; "
        "out = CliRunner().invoke(app, ['--help']).output; "
        "print(sorted(m for m in ('z3', 'pydantic', 'yaml', 'boto3', 'bedrock_gov.policy') if m in sys.modules)); "
        "print(out)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    loaded, _, help_text = result.stdout.partition("\n")
    assert loaded == "[]"
    for command in ("evaluate", "lint", "render", "schema", "rules", "prove"):
        assert f"  {command} " in help_text


def test_evaluate_loads_neither_prover_nor_intent_loader() -> None:
    """(pydantic is not in the list: typer itself imports it for its parameter adapters.)"""
    code = (
        "import sys; from bedrock_gov.cli import main; sys.argv = ['bedrock-gov', 'evaluate', '--level', sys.argv[1], "
        "'--action', 's3:GetObject', '--resource', '*'];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('z3', 'yaml', 'boto3', 'bedrock_gov.intent') if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ARTICLE / "root")], capture_output=True, text=True, timeout=120
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_closed_pipe_ends_quietly() -> None:
    requests = "\n".join('{"action": "s3:GetObject", "resource": "*"}' for _ in range(20_000))
    command = f"{sys.executable} -m bedrock_gov evaluate --level {ARTICLE / 'root'} --requests - | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], input=requests, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.returncode == exits.OK
