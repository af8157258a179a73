"""A strict JSON reader that remembers where every value sits.

Python's `json` module loses positions and silently keeps the last of duplicate keys; policy
errors must name the place (JSON pointer and line:column), and AWS rejects duplicate keys, so
policies are read with this instead.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DEPTH = 64

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


@dataclass(frozen=True)
class Position:
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


class JsonTextError(Exception):
    """Invalid JSON text, with the position of the first problem."""

    def __init__(self, message: str, position: Position, pointer: str, rule: str = "json-syntax") -> None:
        super().__init__(f"{position}: {message}")
        self.message = message
        self.position = position
        self.pointer = pointer
        self.rule = rule


@dataclass
class Document:
    """Parsed JSON with the position of every value, keyed by JSON pointer."""

    value: JsonValue
    positions: dict[str, Position]
    key_positions: dict[str, Position]
    """Where the member name of each object member starts (for errors about the name itself)."""

    def position(self, pointer: str, *, key: bool = False) -> Position:
        """The position of `pointer` (or its member name), or of its nearest ancestor that has one."""
        if key and pointer in self.key_positions:
            return self.key_positions[pointer]
        while pointer not in self.positions and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get(pointer, Position(1, 1))


def pointer_token(key: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WHITESPACE = " \t\n\r"


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self._line_starts = [0]
        for offset, char in enumerate(text):
            if char == "\n":
                self._line_starts.append(offset + 1)

    def position_at(self, offset: int) -> Position:
        low, high = 0, len(self._line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return Position(low + 1, offset - self._line_starts[low] + 1)

    def fail(self, message: str, pointer: str, offset: int | None = None, rule: str = "json-syntax") -> JsonTextError:
        at = self.index if offset is None else offset
        return JsonTextError(message, self.position_at(at), pointer, rule)

    def skip_whitespace(self) -> None:
        text, index = self.text, self.index
        while index < len(text) and text[index] in _WHITESPACE:
            index += 1
        self.index = index

    def read_document(self) -> JsonValue:
        self.skip_whitespace()
        value = self.read_value("", 0)
        self.skip_whitespace()
        if self.index != len(self.text):
            raise self.fail("unexpected text after the end of the JSON value", "")
        return value

    def read_value(self, pointer: str, depth: int) -> JsonValue:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", pointer)
        self.positions[pointer] = self.position_at(self.index)
        if self.index >= len(self.text):
            raise self.fail("unexpected end of text, expected a value", pointer)
        char = self.text[self.index]
        if char == "{":
            return self.read_object(pointer, depth)
        if char == "[":
            return self.read_array(pointer, depth)
        if char == '"':
            return self.read_string(pointer)
        for literal, literal_value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(literal, self.index):
                self.index += len(literal)
                return literal_value
        if char == "-" or char.isdigit():
            return self.read_number(pointer)
        raise self.fail(f"unexpected character {char!r}, expected a value", pointer)

    def read_object(self, pointer: str, depth: int) -> dict[str, JsonValue]:
        self.index += 1
        result: dict[str, JsonValue] = {}
        self.skip_whitespace()
        if self.text.startswith("}", self.index):
            self.index += 1
            return result
        while True:
            self.skip_whitespace()
            if not self.text.startswith('"', self.index):
                raise self.fail("expected a quoted member name", pointer)
            key_offset = self.index
            key = self.read_string(pointer)
            child = f"{pointer}/{pointer_token(key)}"
            self.key_positions[child] = self.position_at(key_offset)
            if key in result:
                raise self.fail(f"duplicate key {key!r}", child, key_offset, "duplicate-key")
            self.skip_whitespace()
            if not self.text.startswith(":", self.index):
                raise self.fail("expected ':' after the member name", child)
            self.index += 1
            self.skip_whitespace()
            result[key] = self.read_value(child, depth + 1)
            self.skip_whitespace()
            if self.text.startswith(",", self.index):
                self.index += 1
                continue
            if self.text.startswith("}", self.index):
                self.index += 1
                return result
            raise self.fail("expected ',' or '}' in the object", pointer)

    def read_array(self, pointer: str, depth: int) -> list[JsonValue]:
        self.index += 1
        result: list[JsonValue] = []
        self.skip_whitespace()
        if self.text.startswith("]", self.index):
            self.index += 1
            return result
        while True:
            self.skip_whitespace()
            result.append(self.read_value(f"{pointer}/{len(result)}", depth + 1))
            self.skip_whitespace()
            if self.text.startswith(",", self.index):
                self.index += 1
                continue
            if self.text.startswith("]", self.index):
                self.index += 1
                return result
            raise self.fail("expected ',' or ']' in the array", pointer)

    def read_string(self, pointer: str) -> str:
        start = self.index
        self.index += 1
        parts: list[str] = []
        text = self.text
        while True:
            if self.index >= len(text):
                raise self.fail("unterminated string", pointer, start)
            char = text[self.index]
            if char == '"':
                self.index += 1
                return "".join(parts)
            if char == "\\":
                parts.append(self.read_escape(pointer))
                continue
            if ord(char) < 0x20:
                raise self.fail("control character inside a string", pointer)
            parts.append(char)
            self.index += 1

    def read_escape(self, pointer: str) -> str:
        code = self.text[self.index + 1 : self.index + 2]
        if code in _ESCAPES:
            self.index += 2
            return _ESCAPES[code]
        if code != "u":
            raise self.fail("invalid escape in a string", pointer)
        digits = self.text[self.index + 2 : self.index + 6]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail("invalid \\u escape in a string", pointer)
        self.index += 6
        code_point = int(digits, 16)
        if 0xD800 <= code_point <= 0xDBFF and self.text.startswith("\\u", self.index):
            low_digits = self.text[self.index + 2 : self.index + 6]
            if len(low_digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in low_digits):
                low = int(low_digits, 16)
                if 0xDC00 <= low <= 0xDFFF:
                    self.index += 6
                    return chr(0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00))
        if 0xD800 <= code_point <= 0xDFFF:
            raise self.fail("unpaired surrogate in a \\u escape", pointer)
        return chr(code_point)

    def read_number(self, pointer: str) -> int | float:
        start = self.index
        text = self.text
        index = start + (1 if text[start] == "-" else 0)
        digits_start = index
        while index < len(text) and text[index].isdigit() and text[index].isascii():
            index += 1
        if index == digits_start or (text[digits_start] == "0" and index - digits_start > 1):
            raise self.fail("invalid number", pointer, start)
        is_float = False
        if index < len(text) and text[index] == ".":
            is_float = True
            index += 1
            fraction_start = index
            while index < len(text) and text[index].isdigit() and text[index].isascii():
                index += 1
            if index == fraction_start:
                raise self.fail("invalid number: digits expected after '.'", pointer, start)
        if index < len(text) and text[index] in "eE":
            is_float = True
            index += 1
            if index < len(text) and text[index] in "+-":
                index += 1
            exponent_start = index
            while index < len(text) and text[index].isdigit() and text[index].isascii():
                index += 1
            if index == exponent_start:
                raise self.fail("invalid number: digits expected in the exponent", pointer, start)
        self.index = index
        literal = text[start:index]
        if is_float:
            return float(literal)
        if len(literal) > 4000:
            raise self.fail("number too long", pointer, start)
        return int(literal)


def read_json(text: str) -> Document:
    """Parse `text` strictly (no duplicate keys, no trailing text) and record every position."""
    reader = _Reader(text)
    value = reader.read_document()
    return Document(value, reader.positions, reader.key_positions)
