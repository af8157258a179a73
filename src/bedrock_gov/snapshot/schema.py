"""Reading, writing and describing snapshot documents with pydantic (never on a Lambda cold start).

`read_snapshot` refuses a file that is not a snapshot of a version we read, and validates every
record; the error names the place (`accounts.2.regions.0.sns.topics.1.arn`) and what is wrong.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Any, Literal, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

import typing_extensions
from pydantic import TypeAdapter, ValidationError

from bedrock_gov.snapshot.document import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, Snapshot

MAX_SNAPSHOT_BYTES = 2 * 1024**3
"""A snapshot of a few thousand accounts stays far below this; a larger file is refused unread."""


class SnapshotError(ValueError):
    """The file is not a snapshot this version can read; the message says where and why."""


def _pydantic_typed_dict(kind: Any, made: dict[Any, Any]) -> Any:
    """The same TypedDict rebuilt with `typing_extensions.TypedDict`, which pydantic needs on Python
    3.11. The records themselves use `typing.TypedDict` so that the Lambda handlers, whose zips
    hold the standard library only, can import them."""
    if kind in made:
        return made[kind]
    fields = {}
    for name, hint in get_type_hints(kind, include_extras=True).items():
        # __required_keys__ is unreliable with postponed annotations on 3.11; the hint itself says.
        if get_origin(hint) is NotRequired:
            fields[name] = NotRequired[_convert(get_args(hint)[0], made)]
        else:
            fields[name] = _convert(hint, made)
    made[kind] = typing_extensions.TypedDict(kind.__name__, fields)  # type: ignore[operator]
    made[kind].__doc__ = kind.__doc__
    return made[kind]


def _convert(hint: Any, made: dict[Any, Any]) -> Any:
    if is_typeddict(hint):
        return _pydantic_typed_dict(hint, made)
    arguments = get_args(hint)
    if not arguments:
        return hint
    converted = tuple(_convert(argument, made) for argument in arguments)
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        return Union[converted]  # noqa: UP007 - rebuilt from a tuple of members
    if origin is Literal:
        return hint
    return origin[converted] if len(converted) > 1 else origin[converted[0]]


@cache
def _adapter() -> TypeAdapter[Snapshot]:
    return TypeAdapter(_pydantic_typed_dict(Snapshot, {}))


def snapshot_json_schema() -> str:
    """The JSON Schema of the snapshot format (committed as schemas/snapshot.schema.json)."""
    schema = _adapter().json_schema()
    schema["$id"] = f"https://bedrock-gov.dev/schemas/snapshot-v{SNAPSHOT_VERSION}.json"
    schema["title"] = "bedrock-gov snapshot"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def snapshot_to_json(snapshot: Snapshot) -> bytes:
    """The document's bytes: validated first, so a writer's bug never produces an unreadable file."""
    adapter = _adapter()
    return adapter.dump_json(adapter.validate_python(snapshot), indent=1) + b"\n"


def parse_snapshot(data: bytes | str, source: str = "snapshot") -> Snapshot:
    try:
        header: Any = json.loads(data)
    except json.JSONDecodeError as error:
        raise SnapshotError(f"{source}: not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:
        raise SnapshotError(f"{source}: the JSON nests too deeply") from None
    if not isinstance(header, dict) or header.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f'{source}: not a bedrock-gov snapshot (no "format": "{SNAPSHOT_FORMAT}")')
    if header.get("version") != SNAPSHOT_VERSION:
        raise SnapshotError(
            f"{source}: snapshot version {header.get('version')!r}; this bedrock-gov reads version {SNAPSHOT_VERSION}"
        )
    try:
        return _adapter().validate_python(header)
    except ValidationError as error:
        problems = [
            f"  {'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}" for problem in error.errors()[:20]
        ]
        more = f"\n  ... and {error.error_count() - 20} more" if error.error_count() > 20 else ""
        raise SnapshotError(f"{source}: {error.error_count()} problem(s):\n" + "\n".join(problems) + more) from None


def read_snapshot(path: Path) -> Snapshot:
    try:
        size = path.stat().st_size
        if size > MAX_SNAPSHOT_BYTES:
            raise SnapshotError(f"{path}: {size:,} bytes is larger than any snapshot; refused unread")
        data = path.read_bytes()
    except OSError as error:
        raise SnapshotError(f"{path}: cannot read: {error.strerror or error}") from None
    return parse_snapshot(data, str(path))
