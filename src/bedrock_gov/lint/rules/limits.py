"""AWS Organizations quotas: characters per SCP and SCPs attached per target (both limit sets)."""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.catalog.limits import LEGACY
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Rule
from bedrock_gov.policy import Severity
from bedrock_gov.policy.parser import oversize_issue


def _too_large(ctx: LintContext) -> Iterator[Finding]:
    for file in ctx.files():
        issue = oversize_issue(file.policy.text, file.policy.name, ctx.limits, file.document)
        if issue is not None:
            yield TOO_LARGE.finding(file, "", issue.message)


def _over_legacy(ctx: LintContext) -> Iterator[Finding]:
    if ctx.limits.max_characters <= LEGACY.max_characters:
        return
    for file in ctx.files():
        size = file.policy.size
        if LEGACY.max_characters < size <= ctx.limits.max_characters:
            yield OVER_LEGACY.finding(
                file,
                "",
                f"the policy is {size:,} characters: within the {ctx.limits.name} limit "
                f"({ctx.limits.max_characters:,}) but over the legacy one ({LEGACY.max_characters:,})",
            )


def _attachments(ctx: LintContext) -> Iterator[Finding]:
    for level in ctx.levels:
        count = len(level.files)
        if level.is_directory and count > ctx.limits.max_attached:
            yield ATTACHMENTS.finding(
                level.files[-1],
                "",
                f"{level.name} holds {count} SCPs; a target takes at most {ctx.limits.max_attached} "
                f"({ctx.limits.description}), {count - ctx.limits.max_attached} over",
            )


TOO_LARGE = Rule(
    "scp-too-large",
    Severity.ERROR,
    "SCP over the character limit",
    "AWS rejects an SCP longer than the limit (10,240 characters since 2026-05-15, 5,120 before; "
    "whitespace counts when uploaded through the API).",
    "Minify the JSON, merge or shorten statements (family wildcards), or split it into more SCPs.",
    _too_large,
)
OVER_LEGACY = Rule(
    "scp-over-legacy-limit",
    Severity.NOTE,
    "SCP fits the current limit but not the legacy one",
    "Organizations still on the pre-2026-05-15 quota (5,120 characters) will reject this policy.",
    "Keep it under 5,120 characters if it must deploy to organizations on the legacy quota.",
    _over_legacy,
)
ATTACHMENTS = Rule(
    "too-many-attachments",
    Severity.ERROR,
    "More SCPs on one target than the attachment limit",
    "A root, OU or account takes at most 10 directly attached SCPs (5 before 2026-05-15), FullAWSAccess "
    "included. Each directory given to lint is read as the SCPs of one target.",
    "Merge policies into fewer documents (bedrock-gov render packs them), or attach some higher up.",
    _attachments,
)

RULES = (TOO_LARGE, OVER_LEGACY, ATTACHMENTS)
