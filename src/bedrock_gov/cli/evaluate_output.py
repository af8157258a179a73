"""Where `bedrock-gov evaluate` writes its results: one record at a time, as each is decided.

JSON Lines go through orjson into the standard output's file, in blocks when it is a pipe or a
file (even under PYTHONUNBUFFERED, which would cost a system call a line) and line by line on a
terminal. The text format is rich's, coloured on a terminal, and loaded only when asked for.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO

import orjson

Emit = Callable[[dict[str, object]], None]
"""Writes one result record."""

_BLOCK = 64 * 1024


@contextmanager
def open_output(output_format: str) -> Iterator[Emit]:
    """An `Emit` for `output_format` ("jsonl" or "text"); what it buffered is written on leaving."""
    if output_format == "text":
        yield _text_emit()
        return
    stream = sys.stdout
    binary = _binary_stdout(stream)
    if binary is None:
        yield lambda record: _write_text(stream, record)
        return
    line_by_line = stream.isatty()
    encode = json.JSONEncoder(separators=(",", ":")).encode

    def emit(record: dict[str, object]) -> None:
        try:
            binary.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        except TypeError:  # a lone surrogate in an id: `json` escapes it
            binary.write((encode(record) + "\n").encode("utf-8"))
        if line_by_line:
            binary.flush()

    try:
        yield emit
    finally:
        binary.close()


def _binary_stdout(stream: TextIO) -> BinaryIO | None:
    """A buffered binary writer on the standard output's file (closed by `open_output`, the file
    left open); None when there is no file (a test runner's in-memory stream)."""
    try:
        descriptor = stream.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    stream.flush()
    return open(descriptor, "wb", buffering=_BLOCK, closefd=False)


def _write_text(stream: TextIO, record: dict[str, object]) -> None:
    stream.write(json.dumps(record, separators=(",", ":")) + "\n")


def _text_emit() -> Emit:
    from rich.console import Console

    console = Console(soft_wrap=True, highlight=False)

    def emit(record: dict[str, object]) -> None:
        if "error" in record:
            console.print(f"line {record['line']}: ERROR {record['error']}", style="red", markup=False)
            return
        style = "green" if record["decision"] == "allowed" else "red"
        where = f"line {record['line']}: " if record.get("line") else ""
        label = f"[{record['id']}] " if "id" in record else ""
        console.print(
            f"{where}{label}{str(record['decision']).upper()} {record['action']} on {record['resource']}",
            style=style,
            markup=False,
        )
        console.print(f"    {record['message']}", markup=False)

    return emit
