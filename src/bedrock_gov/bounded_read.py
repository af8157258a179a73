"""Reading untrusted JSON and YAML files within bounds of size, nesting and expansion.

Every file a user hands the tool (an intent, a properties file, a Config event) goes through here,
so a huge file, a binary or UTF-16 file, a YAML alias bomb or a deeply nested document ends in a
clear `BoundedReadError` that names the file and, for YAML, the line and column, never in a
traceback or an exhausted machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
"""Values after alias expansion: an alias counts as many values as it stands for."""
MAX_SCALAR_CHARS = 64 * 1024


class BoundedReadError(ValueError):
    """The file cannot be read as a bounded document; the message says where and why."""


@dataclass
class YamlDocument:
    """A YAML document as plain data, with the line and column of every value by its path."""

    data: Any
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)

    def position(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        """The line and column (1-based) of the value at `path`, or of its closest ancestor."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None
            path = path[:-1]


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's UTF-8 text; larger, unreadable, binary or non-UTF-8 files are refused."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise BoundedReadError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise BoundedReadError(f"{path}: larger than {max_bytes:,} bytes; refused unread")
    if b"\x00" in data:
        raise BoundedReadError(f"{path}: a binary or UTF-16 file; expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BoundedReadError(f"{path}: not UTF-8 text (byte {error.start})") from None


def load_json(text: str, source: str) -> Any:
    """`json.loads` that reports bad syntax and runaway nesting as `BoundedReadError`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundedReadError(
            f"{source}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except RecursionError:
        raise BoundedReadError(f"{source}: the JSON nests too deeply") from None


def load_yaml(text: str, source: str) -> YamlDocument:
    """A YAML document (safe tags only) as plain data, within the depth, node and scalar bounds."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise BoundedReadError(f"{source}: not valid YAML{where}: {error.problem}") from None
    except yaml.YAMLError as error:
        raise BoundedReadError(f"{source}: not valid YAML: {error}") from None
    except RecursionError:
        raise BoundedReadError(f"{source}: the YAML nests too deeply") from None
    document = YamlDocument(None)
    if root is not None:
        document.data = _Builder(source, document).build(root, (), 0)
    return document


class _Builder:
    """Turns composed YAML nodes into data, counting every value an alias expands to."""

    def __init__(self, source: str, document: YamlDocument) -> None:
        import yaml

        self.source = source
        self.document = document
        self.nodes = 0
        self.scalars = yaml.SafeLoader("")

    def _fail(self, node: Any, problem: str) -> BoundedReadError:
        mark = node.start_mark
        return BoundedReadError(f"{self.source}: line {mark.line + 1}, column {mark.column + 1}: {problem}")

    def build(self, node: Any, path: tuple[str | int, ...], depth: int) -> Any:
        import yaml

        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fail(node, f"more than {MAX_NODES:,} values (after alias expansion); refused")
        if depth > MAX_DEPTH:
            raise self._fail(node, f"nested deeper than {MAX_DEPTH} levels; refused")
        self.document.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR_CHARS:
                raise self._fail(node, f"a value longer than {MAX_SCALAR_CHARS:,} characters; refused")
            try:
                return self.scalars.construct_object(node)
            except (yaml.YAMLError, ValueError, TypeError, AttributeError, OverflowError) as error:
                # PyYAML's constructors fail in several ways on a malformed tagged value (!!timestamp x).
                raise self._fail(
                    node, f"a value YAML cannot read safely ({getattr(error, 'problem', None) or error})"
                ) from None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path, depth + 1)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise self._fail(key_node, "a mapping key must be a plain value")
                if key in mapping:
                    raise self._fail(key_node, f"duplicate key {key!r}")
                mapping[key] = self.build(value_node, (*path, str(key)), depth + 1)
            return mapping
        raise self._fail(node, f"unsupported YAML node {type(node).__name__}")
