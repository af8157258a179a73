"""Organizations Bedrock policies (BEDROCK_POLICY): every enforced guardrail identifier must be usable.

A malformed identifier makes every Bedrock call in the target fail (Organizations guide, "Best
practices for using Amazon Bedrock policies"), so each problem here is an error.
"""

from __future__ import annotations

from collections.abc import Iterator

from bedrock_gov.catalog.bedrock import GUARDRAIL_INPUT_TAGS
from bedrock_gov.lint.context import LintContext
from bedrock_gov.lint.model import Finding, Rule
from bedrock_gov.policy import Severity
from bedrock_gov.policy.bedrock_policy import parse_guardrail_identifier


def _identifier(ctx: LintContext) -> Iterator[Finding]:
    for file in ctx.bedrock_files():
        for entry in file.policy.assignments:
            if parse_guardrail_identifier(entry.identifier) is not None:
                continue
            draft = entry.identifier.endswith(":DRAFT")
            reason = (
                "names the working draft, which an organization policy cannot enforce"
                if draft
                else (
                    "is not a numbered guardrail version arn:<partition>:bedrock:<region>:<account>:guardrail/<id>:<version>"
                )
            )
            yield IDENTIFIER.finding(file, entry.identifier_pointer, f"{entry.region}: {entry.identifier!r} {reason}")


def _region(ctx: LintContext) -> Iterator[Finding]:
    for file in ctx.bedrock_files():
        for entry in file.policy.assignments:
            parsed = parse_guardrail_identifier(entry.identifier)
            if parsed is not None and parsed.region != entry.region:
                yield REGION.finding(
                    file,
                    entry.identifier_pointer,
                    f"the guardrail is in {parsed.region} but is enforced under {entry.region}",
                )


def _owner(ctx: LintContext) -> Iterator[Finding]:
    for file in ctx.bedrock_files():
        owners = {
            parsed.account
            for entry in file.policy.assignments
            if (parsed := parse_guardrail_identifier(entry.identifier)) is not None
        }
        expected = ctx.management_account
        for entry in file.policy.assignments:
            parsed = parse_guardrail_identifier(entry.identifier)
            if parsed is None:
                continue
            if expected is not None and parsed.account != expected:
                message = (
                    f"{entry.region}: the guardrail is owned by {parsed.account}, not the management account {expected}"
                )
            elif expected is None and len(owners) > 1:
                message = (
                    f"{entry.region}: the guardrails are owned by {len(owners)} accounts ({', '.join(sorted(owners))}); "
                    "only the management account's can be enforced"
                )
            else:
                continue
            yield OWNER.finding(file, entry.identifier_pointer, message)


def _input_tags(ctx: LintContext) -> Iterator[Finding]:
    for file in ctx.bedrock_files():
        for entry in file.policy.assignments:
            if entry.input_tags is not None and entry.input_tags not in GUARDRAIL_INPUT_TAGS:
                yield INPUT_TAGS.finding(
                    file,
                    entry.input_tags_pointer,
                    f"{entry.region}: input_tags is {entry.input_tags!r}; allowed: {', '.join(GUARDRAIL_INPUT_TAGS)}",
                )


IDENTIFIER = Rule(
    "guardrail-identifier-malformed",
    Severity.ERROR,
    "Enforced guardrail identifier is not a numbered guardrail version",
    "A Bedrock policy must name a guardrail version by ARN with a version number; a malformed identifier "
    "or the DRAFT makes every Bedrock call in the target fail.",
    "Publish a version (CreateGuardrailVersion) and use arn:aws:bedrock:<region>:<account>:guardrail/<id>:<version>.",
    _identifier,
)
REGION = Rule(
    "guardrail-region-mismatch",
    Severity.ERROR,
    "Enforced guardrail lives in another Region than the one it is keyed under",
    "Each Region's entry must name a guardrail in that Region.",
    "Key the entry under the guardrail's Region, or create the guardrail (and a version) in that Region.",
    _region,
)
OWNER = Rule(
    "guardrail-not-management-owned",
    Severity.ERROR,
    "Enforced guardrail is not owned by the management account",
    "Organizations enforces only guardrails owned by the management account. With --management-account "
    "each identifier is checked against it; without, identifiers owned by different accounts are reported.",
    "Create the guardrail in the management account and give it a resource-based policy for the organization.",
    _owner,
)
INPUT_TAGS = Rule(
    "guardrail-input-tags-invalid",
    Severity.ERROR,
    "input_tags is neither honor nor ignore",
    "The Bedrock policy accepts only honor or ignore for input_tags.",
    'Set "input_tags": {"@@assign": "honor"} (or "ignore").',
    _input_tags,
)

RULES = (IDENTIFIER, REGION, OWNER, INPUT_TAGS)
