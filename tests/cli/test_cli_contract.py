"""The command line as a process: version, usage errors, closed pipes, and what start-up loads."""

from __future__ import annotations

import json
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


HEAVY = ("typer", "click", "rich", "pydantic", "z3", "yaml", "boto3", "botocore")


def test_evaluate_on_one_request_loads_nothing_heavy() -> None:
    """An ordinary `evaluate` run takes the standard-library route: no Typer, rich, pydantic, prover or SDK."""
    code = (
        "import sys; from bedrock_gov.cli import main; sys.argv = ['bedrock-gov', 'evaluate', '--level', sys.argv[1], "
        "'--action', 's3:GetObject', '--resource', '*'];\n"
        "try:\n    main()\nexcept SystemExit as end:\n    print('exit', end.code, file=sys.stderr)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r} | "
        f"{{m for m in sys.modules if m.startswith('bedrock_gov.intent')}}), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ARTICLE / "root")], capture_output=True, text=True, timeout=120
    )
    assert result.stderr.strip().splitlines()[-2:] == ["exit 0", "[]"], result.stderr
    assert json.loads(result.stdout)["decision"] == "allowed"


def test_evaluate_help_and_usage_errors_still_come_from_typer() -> None:
    result = _run("evaluate", "--help")
    assert result.returncode == exits.OK
    for option in ("--level", "--requests", "--action", "--resource", "--context", "--format", "--limits"):
        assert option in result.stdout
    result = _run("evaluate", "--level")
    assert result.returncode == exits.CANNOT_RUN and "requires an argument" in result.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    requests = "\n".join('{"action": "s3:GetObject", "resource": "*"}' for _ in range(20_000))
    command = f"{sys.executable} -m bedrock_gov evaluate --level {ARTICLE / 'root'} --requests - | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], input=requests, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert result.returncode == exits.OK


def test_loose_request_lines_are_rejected_in_place(tmp_path: Path) -> None:
    lines = [
        '{"action": "s3:GetObject"}',
        '{"action": "nocolon", "resource": "*"}',
        '{"action": "s3:GetObject", "resource": "*", "id": {"a": 1}}',
        '{"action": "s3:GetObject", "resource": "*", "context": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "x" * (1024 * 1024 + 5),
        '{"action": "s3:GetObject", "resource": "*", "id": 7}',
    ]
    requests = tmp_path / "requests.jsonl"
    requests.write_text("\n".join(lines) + "\n")
    result = _run("evaluate", "--level", str(ARTICLE / "root"), "--requests", str(requests))
    assert result.returncode == exits.BAD_INPUT, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["line"] for record in records] == [1, 2, 3, 4, 5, 6]
    assert all("error" in record for record in records[:5])
    assert "'resource' is required" in records[0]["error"]
    assert "service:Action" in records[1]["error"]
    assert "'id'" in records[2]["error"]
    assert "nests too deeply" in records[3]["error"]
    assert "longer than" in records[4]["error"]
    assert records[5]["decision"] == "allowed" and records[5]["id"] == 7


def test_a_huge_policy_file_is_refused_from_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    statement = '{"Effect":"Deny","Action":"s3:*","Resource":"*"},'
    huge.write_text('{"Version":"2012-10-17","Statement":[' + statement * 200_000 + "{}]}")
    for args in (
        ("evaluate", "--level", str(huge), "--action", "s3:GetObject", "--resource", "*"),
        ("lint", str(huge)),
    ):
        result = _run(*args)
        assert result.returncode == exits.CANNOT_RUN
        assert "refused unread" in result.stdout + result.stderr


def _peak_rss_kib(requests: Path) -> int:
    """Peak RSS of `evaluate --requests` run in a fresh interpreter, output discarded."""
    code = (
        "import resource, sys; from bedrock_gov.cli import main; "
        "sys.argv = ['bedrock-gov', 'evaluate', '--level', sys.argv[1], '--requests', sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert end.code == 0, end.code\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ARTICLE / "root"), str(requests)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return int(result.stderr.strip().splitlines()[-1])


def test_a_large_request_stream_runs_in_flat_memory(tmp_path: Path) -> None:
    """Requests are read and answers written one at a time: 200,000 lines peak within 15 MiB of 2,000."""
    line = '{"action": "bedrock:InvokeModel", "resource": "arn:aws:bedrock:us-east-1::foundation-model/x", "id": 1}\n'
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    small.write_text(line * 2_000)
    large.write_text(line * 200_000)
    assert _peak_rss_kib(large) - _peak_rss_kib(small) < 15 * 1024
