"""Reading Terraform configuration with python-hcl2 (v8 output: literal strings keep their quotes,
block labels too, blocks carry `__is_block__`), and the references each expression makes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"
MODULE = TERRAFORM / "modules" / "bedrock-governance"
EXAMPLES = sorted(path for path in (TERRAFORM / "examples").iterdir() if path.is_dir())
CONFIGURATIONS = [MODULE, *EXAMPLES]

META_ARGUMENTS = {"count", "for_each", "provider", "providers", "depends_on", "lifecycle", "provisioner", "connection"}
_INTERPOLATION = re.compile(r"\$\{")
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
REFERENCE = re.compile(
    r"(?<![\w.\"-])(?:(var|local)\.(\w+)|module\.(\w+)\.(\w+)|data\.(\w+)\.(\w+)|((?:aws|terraform)_\w+)\.(\w+))"
)


def label(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def is_meta_key(key: str) -> bool:
    return key.startswith("__") and key.endswith("__")


@dataclass
class Configuration:
    """One directory of .tf files: what it declares, and the raw parsed files."""

    path: Path
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    variables: set[str] = field(default_factory=set)
    locals: set[str] = field(default_factory=set)
    outputs: set[str] = field(default_factory=set)
    resources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    modules: dict[str, dict[str, Any]] = field(default_factory=dict)


def load(path: Path) -> Configuration:
    config = Configuration(path)
    for file in sorted(path.glob("*.tf")):
        with file.open() as handle:
            parsed = hcl2.load(handle)
        config.files[file.name] = parsed
        for block in parsed.get("variable", []):
            config.variables.update(label(name) for name in block if not is_meta_key(name))
        for block in parsed.get("output", []):
            config.outputs.update(label(name) for name in block if not is_meta_key(name))
        for block in parsed.get("locals", []):
            config.locals.update(name for name in block if not is_meta_key(name))
        for kind, target in (("resource", config.resources), ("data", config.data)):
            for block in parsed.get(kind, []):
                for type_name, named in block.items():
                    if is_meta_key(type_name):
                        continue
                    for name, body in named.items():
                        if not is_meta_key(name):
                            target[(label(type_name), label(name))] = body
        for block in parsed.get("module", []):
            for name, body in block.items():
                if not is_meta_key(name):
                    config.modules[label(name)] = body
    return config


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not is_meta_key(key):
                yield key
                yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def expressions(text: str) -> Iterator[str]:
    """The expression parts of one value: the whole value when it is an expression, or each
    `${...}` inside a quoted template (the literal text around them is not code)."""
    quoted = len(text) >= 2 and text[0] == text[-1] == '"'
    if not quoted:
        yield _code(text)
        return
    for match in _INTERPOLATION.finditer(text):
        depth, index = 1, match.end()
        while index < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        yield _code(text[match.end() : index - 1])


def _code(expression: str) -> str:
    """An expression with each string literal in it replaced by the code of its interpolations."""
    return _STRING_LITERAL.sub(lambda match: " " + " ".join(expressions(match.group(0))) + " ", expression)


def references(value: Any) -> Iterator[tuple[str, ...]]:
    """("var", name), ("local", name), ("module", name, output), ("data", type, name), ("resource", type, name)."""
    for text in strings(value):
        for expression in expressions(text):
            for match in REFERENCE.finditer(expression):
                groups = match.groups()
                if groups[0]:
                    yield (groups[0], groups[1])
                elif groups[2]:
                    yield ("module", groups[2], groups[3])
                elif groups[4]:
                    yield ("data", groups[4], groups[5])
                else:
                    yield ("resource", groups[6], groups[7])
