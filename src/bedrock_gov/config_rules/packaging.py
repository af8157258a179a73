"""Building one reproducible Lambda zip per rule, holding exactly the modules its handler imports.

The module set is found by reading import statements (ast), not by importing, and any import
outside the standard library, boto3/botocore and bedrock_gov is refused: the Lambda runtime
has nothing else. Entries are sorted, dated 1980-01-01 and mode 0644, so the same sources give
the same bytes. `ast`, `hashlib` and `zipfile` are imported where used: this module is reachable
from the package's `__init__`, which every handler loads on its cold start.
"""

from __future__ import annotations

import sys
from pathlib import Path

import bedrock_gov
from bedrock_gov.config_rules.registry import CONFIG_RULES

PACKAGE = "bedrock_gov"
RUNTIME_PROVIDED = frozenset({"boto3", "botocore"})
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
SOURCE_ROOT = Path(bedrock_gov.__file__).resolve().parent.parent


class PackagingError(RuntimeError):
    """A handler imports something the Lambda runtime does not have, or a module is missing."""


def _module_path(name: str) -> Path | None:
    base = SOURCE_ROOT.joinpath(*name.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _imports(path: Path) -> set[str]:
    """Every module name an import statement in `path` may load (absolute imports only)."""
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise PackagingError(f"{path}: relative imports are not supported by the packager")
            module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def modules_for(handler_module: str) -> list[str]:
    """The bedrock_gov modules (with their parent packages) a handler needs, sorted."""
    needed: set[str] = set()
    pending = [handler_module]
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        path = _module_path(name)
        if path is None:
            raise PackagingError(f"module {name} not found under {SOURCE_ROOT}")
        needed.add(name)
        parts = name.split(".")
        pending.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        for imported in _imports(path):
            top = imported.split(".")[0]
            if top == PACKAGE:
                if _module_path(imported) is not None:
                    pending.append(imported)
            elif top not in sys.stdlib_module_names and top not in RUNTIME_PROVIDED and top != "__future__":
                raise PackagingError(f"{name} imports {imported}, which the Lambda runtime does not provide")
    return sorted(needed)


RULES_MANIFEST = "rules.json"
"""Written beside the zips: per rule, its zip, SHA-256, handler string and triggers. The Terraform
module reads it, so rule names, handlers and triggers exist once, here."""


def rule_manifest(zips: dict[str, Path]) -> str:
    """The manifest text for the zips built (rule name -> path), sorted, with a trailing newline."""
    import json

    from bedrock_gov.checks.registry import CHECKS

    triggers = {check.METADATA.id: check.CONFIG_TRIGGER for check in CHECKS if check.CONFIG_TRIGGER is not None}
    entries = {
        rule: {
            "zip": path.name,
            "sha256": sha256(path),
            "handler": f"{CONFIG_RULES[rule]}.lambda_handler",
            "change_types": sorted(triggers[rule].change_types),
            "periodic": triggers[rule].periodic,
        }
        for rule, path in sorted(zips.items())
    }
    return json.dumps({"rules": entries}, indent=2, sort_keys=True) + "\n"


def build_zip(rule_name: str, out_dir: Path) -> Path:
    """Write `<rule_name>.zip` into `out_dir` and return its path."""
    import zipfile

    files: list[str] = []
    for name in modules_for(CONFIG_RULES[rule_name]):
        path = _module_path(name)
        if path is None:
            raise PackagingError(f"module {name} not found under {SOURCE_ROOT}")
        files.append(path.relative_to(SOURCE_ROOT).as_posix())
    target = out_dir / f"{rule_name}.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for relative in sorted(files):
            info = zipfile.ZipInfo(relative, date_time=FIXED_DATE)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (SOURCE_ROOT / relative).read_bytes(), compresslevel=9)
    return target


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
