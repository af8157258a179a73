"""The import rules of docs/architecture.md, read from the source (ast), not from convention."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "src" / "bedrock_gov"
CORE = ("catalog", "policy", "prove", "lint", "checks", "snapshot")
EDGES_AND_CORE = {
    "catalog": set(),
    "policy": {"catalog"},
    "prove": {"policy", "catalog", "intent"},
    "lint": {"policy", "catalog"},
    "snapshot": set(),
    "checks": {"snapshot"},
    "bounded_read": set(),
    "intent": {"catalog", "bounded_read"},
    "render": {"intent", "policy", "catalog"},
    "policy_files": {"policy", "catalog"},
    "collect": {"snapshot", "catalog"},
    "config_rules": {"collect", "checks", "snapshot"},
    "report": {"lint", "policy", "catalog", "audit"},
    "audit": {*CORE, "snapshot", "intent", "policy_files", "bounded_read", "render"},
    "verify": {"collect", "catalog", "policy"},
}
"""docs/architecture.md's table: package -> the project packages it may import. `demo` and `cli`
may import everything (`demo` not `cli`)."""
MAX_MODULE_LINES = 420


def _package_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE_ROOT)
    return relative.parts[0].removesuffix(".py")


def _modules() -> Iterator[Path]:
    yield from sorted(PACKAGE_ROOT.rglob("*.py"))


@cache
def _imports(path: Path) -> tuple[str, ...]:
    """Every absolute module name an import statement in `path` names (at any depth: lazy imports count)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return tuple(names)


def _project_packages(path: Path) -> set[str]:
    """The top-level packages and modules of the project that `path` imports (not attributes of the root)."""
    parts = {name.split(".")[1] for name in _imports(path) if name.startswith("bedrock_gov.")}
    return {part for part in parts if (PACKAGE_ROOT / part).is_dir() or (PACKAGE_ROOT / f"{part}.py").is_file()}


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in _modules():
        package = _package_of(path)
        if package in ("__init__", "__main__"):
            continue
        graph.setdefault(package, set()).update(_project_packages(path) - {package})
    return graph


def test_every_package_is_in_the_table() -> None:
    assert set(_package_graph()) <= {*EDGES_AND_CORE, "demo", "cli", "examples"}


@pytest.mark.parametrize("package", sorted(EDGES_AND_CORE))
def test_package_imports_only_what_the_table_allows(package: str) -> None:
    extra = _package_graph().get(package, set()) - EDGES_AND_CORE[package]
    assert not extra, (
        f"{package} imports {sorted(extra)}; docs/architecture.md allows {sorted(EDGES_AND_CORE[package])}"
    )


def test_demo_never_imports_the_cli() -> None:
    assert "cli" not in _package_graph().get("demo", set())


def test_no_import_cycle_between_packages() -> None:
    graph = _package_graph()
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                pytest.fail("import cycle: " + " -> ".join([*trail, node, target]))
            if target not in state:
                visit(target, [*trail, node])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


@pytest.mark.parametrize("package", CORE)
def test_the_core_imports_no_aws_sdk(package: str) -> None:
    for path in (PACKAGE_ROOT / package).rglob("*.py"):
        sdk = [name for name in _imports(path) if name.split(".")[0] in ("boto3", "botocore")]
        assert not sdk, f"{path.relative_to(PACKAGE_ROOT)} imports {sdk}"


def test_z3_lives_only_in_prove() -> None:
    for path in _modules():
        if _package_of(path) != "prove":
            assert "z3" not in {name.split(".")[0] for name in _imports(path)}, path.relative_to(PACKAGE_ROOT)


def test_catalog_imports_nothing_from_the_project() -> None:
    assert _package_graph().get("catalog", set()) == set()


def test_prove_takes_the_intent_as_data() -> None:
    for path in (PACKAGE_ROOT / "prove").rglob("*.py"):
        assert not [name for name in _imports(path) if name.startswith("bedrock_gov.intent.loader")], path


def test_the_engine_loads_no_solver_nor_model_library() -> None:
    code = (
        "import sys, bedrock_gov.policy.evaluator; "
        "print(sorted(m for m in ('z3', 'pydantic', 'yaml', 'boto3') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_modules_stay_small() -> None:
    long = {
        str(path.relative_to(PACKAGE_ROOT)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"
