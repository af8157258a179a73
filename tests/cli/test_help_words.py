"""Help texts speak to a user who has never read the article the project started from."""

from __future__ import annotations

import click
import pytest
from typer.testing import CliRunner

from bedrock_gov.cli.root import COMMANDS, app


def _command_paths() -> list[list[str]]:
    paths: list[list[str]] = []
    for name, lazy in COMMANDS.items():
        command = lazy.load(name)
        paths.append([name])
        if isinstance(command, click.Group):
            paths.extend([name, sub] for sub in command.list_commands(click.Context(command)))
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_help_does_not_assume_the_article(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "article" not in result.output.lower(), result.output
