"""The SCP linter (and the Bedrock policy checks): classic SCP mistakes and Bedrock gaps, each
finding with a rule id and a fix.

Pure: it takes policy text (`lint_inputs`) or parsed policy sets (`PolicyLevel`s) and returns
findings; reading files is `bedrock_gov.policy_files`' job. Rules live one group per module in
`bedrock_gov.lint.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bedrock_gov.catalog.limits import ScpLimits
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.inputs import LintInputs, lint_inputs, parse_source
from bedrock_gov.lint.model import Finding, PolicyFile, PolicyLevel, Rule, RuleInfo
from bedrock_gov.lint.registry import INVALID_POLICY, UNREADABLE, all_rules, rule_infos

__all__ = [
    "INVALID_POLICY",
    "UNREADABLE",
    "Finding",
    "LintInputs",
    "PolicyFile",
    "PolicyLevel",
    "Rule",
    "RuleInfo",
    "lint",
    "lint_inputs",
    "parse_source",
    "rule_infos",
]


def lint(levels: Sequence[PolicyLevel], limits: ScpLimits, management_account: str | None = None) -> list[Finding]:
    """Every finding of every rule on the policy set, ordered by file, place and rule.
    `management_account`, when given, is the account that must own enforced guardrails."""
    context = LintContext(levels, limits, management_account)
    findings = [finding for rule in all_rules() for finding in rule.check(context)]
    return sorted(findings, key=lambda f: (f.source, f.position.line, f.position.column, f.pointer, f.rule, f.message))
