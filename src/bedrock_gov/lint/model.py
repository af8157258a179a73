"""What the linter works on and what it reports: policy sets, rules with their metadata, findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bedrock_gov.policy.bedrock_policy import BedrockPolicy
from bedrock_gov.policy.jsontext import Document, Position
from bedrock_gov.policy.model import Policy, Severity, Statement

if TYPE_CHECKING:
    from bedrock_gov.lint.context import LintContext


@dataclass(frozen=True)
class PolicyFile:
    """One parsed SCP with where it came from (positions come from its located JSON)."""

    source: str
    policy: Policy
    document: Document


@dataclass(frozen=True)
class BedrockPolicyFile:
    """One parsed Organizations Bedrock policy (BEDROCK_POLICY) with where it came from."""

    source: str
    policy: BedrockPolicy
    document: Document


@dataclass(frozen=True)
class PolicyLevel:
    """Policies attached at one place: a directory (one target) or the files named together. `files`
    are the SCPs; `bedrock_policies` the Bedrock policies found among them (recognized by shape)."""

    name: str
    files: tuple[PolicyFile, ...]
    is_directory: bool
    bedrock_policies: tuple[BedrockPolicyFile, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    fix: str
    source: str
    pointer: str
    position: Position

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix,
            "source": self.source,
            "pointer": self.pointer,
            "line": self.position.line,
            "column": self.position.column,
        }


Check = Callable[["LintContext"], Iterable[Finding]]


@dataclass(frozen=True)
class RuleInfo:
    """A rule's metadata: stable id, default severity, what it catches and why, and how to fix it."""

    id: str
    severity: Severity
    title: str
    rationale: str
    fix: str

    def finding(
        self,
        file: PolicyFile | BedrockPolicyFile,
        pointer: str,
        message: str,
        fix: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            self.id,
            severity or self.severity,
            message,
            fix or self.fix,
            file.source,
            pointer,
            file.document.position(pointer),
        )


@dataclass(frozen=True)
class Located:
    """A statement and the file it sits in."""

    file: PolicyFile
    statement: Statement

    @property
    def label(self) -> str:
        return f"{self.file.policy.name}/{self.statement.label}"


@dataclass(frozen=True)
class Rule(RuleInfo):
    """A lint rule: its metadata and the check that finds its findings in a policy set."""

    check: Check
