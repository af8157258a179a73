"""`bedrock-gov evaluate` as a Typer command, built from `evaluate_run.OPTIONS` (not a second copy).

This route serves `bedrock-gov evaluate --help`, usage errors and Typer's test runner; an ordinary
run takes `evaluate_run.fast_route`, which skips Typer. Both end in `evaluate_run.run`.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from bedrock_gov.cli.evaluate_run import OPTIONS, SUMMARY, Option, run


def _annotation(option: Option) -> Any:
    base: Any = Path if option.path else Literal[option.choices] if option.choices else str
    if option.multiple:
        base = list[base]
    elif not option.required and option.default is None:
        base = base | None
    return Annotated[base, typer.Option(option.flag, help=option.help)]


def _parameter(option: Option) -> inspect.Parameter:
    default = inspect.Parameter.empty if option.required else option.default
    return inspect.Parameter(
        option.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=_annotation(option)
    )


def evaluate(**values: Any) -> None:
    raise typer.Exit(run(values))


evaluate.__doc__ = SUMMARY
evaluate.__signature__ = inspect.Signature([_parameter(option) for option in OPTIONS])  # type: ignore[attr-defined]
evaluate.__annotations__ = {option.name: _annotation(option) for option in OPTIONS}
