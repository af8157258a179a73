"""The plug-in registries are explicit tuples of modules; these keep them complete and cheap."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from bedrock_gov.checks import registry as checks_registry
from bedrock_gov.config_rules import CONFIG_RULES
from bedrock_gov.lint import registry as lint_registry
from bedrock_gov.lint import rules as lint_rules

CHECK_SUPPORT_MODULES = {"model", "parameters", "privileges", "registry"}


def test_every_lint_rule_module_is_declared() -> None:
    declared = {module.__name__.rpartition(".")[2] for module in lint_registry.RULE_GROUPS}
    assert declared == {info.name for info in pkgutil.iter_modules(lint_rules.__path__)}


def test_every_check_module_is_declared() -> None:
    import bedrock_gov.checks

    declared = {module.__name__.rpartition(".")[2] for module in checks_registry.CHECKS}
    found = {info.name for info in pkgutil.iter_modules(bedrock_gov.checks.__path__)}
    assert declared == found - CHECK_SUPPORT_MODULES


def test_handlers_load_without_boto3() -> None:
    """A cold start pays for boto3 only when a rule calls AWS."""
    script = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *CONFIG_RULES.values()], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
