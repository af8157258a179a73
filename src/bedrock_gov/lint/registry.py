"""Every lint rule group, declared once: each module in RULE_GROUPS exports `RULES`.

Declared as an explicit tuple of modules, the way `checks.registry` declares the checks, so
adding a rule group is one visible line here rather than a file found by scanning the package.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from bedrock_gov.lint.model import Rule, RuleInfo
from bedrock_gov.lint.rules import (
    actions,
    api_keys,
    arns,
    conditions,
    cris,
    limits,
    mantle,
    models,
    redundancy,
    undecided,
)
from bedrock_gov.policy import Severity

RULE_GROUPS: tuple[ModuleType, ...] = (
    actions,
    api_keys,
    arns,
    conditions,
    cris,
    limits,
    mantle,
    models,
    redundancy,
    undecided,
)

INVALID_POLICY = RuleInfo(
    "invalid-policy",
    Severity.ERROR,
    "The file is not a valid SCP",
    "AWS rejects the document (JSON syntax, unknown elements, Principal, bad Effect, Version, operators, "
    "values...). The message names the parser's check and the place.",
    "Correct the document at the reported place; the message says what is allowed there.",
)
UNREADABLE = RuleInfo(
    "unreadable-file",
    Severity.ERROR,
    "The path cannot be read",
    "The file or directory does not exist, cannot be read, is not UTF-8, or a directory holds no *.json.",
    "Check the path and the file's encoding.",
)
INPUT_RULES = (INVALID_POLICY, UNREADABLE)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every lint rule, sorted by id; ids are unique and stable."""
    found: list[Rule] = []
    for module in RULE_GROUPS:
        found.extend(module.RULES)
    ids = [rule.id for rule in found] + [rule.id for rule in INPUT_RULES]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if duplicates:
        raise RuntimeError(f"duplicate lint rule id(s): {', '.join(duplicates)}")
    return tuple(sorted(found, key=lambda rule: rule.id))


def rule_infos() -> tuple[RuleInfo, ...]:
    """Metadata of every rule the linter can report, input problems included."""
    return tuple(sorted((*all_rules(), *INPUT_RULES), key=lambda rule: rule.id))
