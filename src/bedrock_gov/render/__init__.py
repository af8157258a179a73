"""Intent -> SCP documents and a manifest, verified with the evaluator before anyone writes them.

Pure: no I/O. `render(intent)` returns the documents' exact bytes and the manifest; the CLI writes
them. The same intent always gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bedrock_gov.catalog.limits import ScpLimits, limits_named
from bedrock_gov.intent import Intent
from bedrock_gov.policy import Policy, parse_policy
from bedrock_gov.render.packing import Budget, PackingError, document_text, pack
from bedrock_gov.render.selfcheck import RenderSelfCheckError, self_check
from bedrock_gov.render.statements import RenderedStatement, intent_statements

__all__ = ["DOCUMENT_PREFIX", "PackingError", "RenderResult", "RenderSelfCheckError", "RenderedDocument", "render"]

DOCUMENT_PREFIX = "BedrockGovernance"


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    text: str
    statements: tuple[RenderedStatement, ...]

    @property
    def filename(self) -> str:
        return f"{self.name}.json"

    @property
    def size(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class RenderResult:
    intent: Intent
    limits: ScpLimits
    documents: tuple[RenderedDocument, ...]
    budgets: tuple[Budget, ...]
    checked_requests: int
    warnings: tuple[str, ...] = ()
    """What the user should know although the intent is valid (unknown families, a block-list)."""

    def manifest(self) -> dict[str, object]:
        """Which document goes to which target, how big each is, and what each statement is for."""
        names = [document.name for document in self.documents]
        return {
            "version": 1,
            "limits": {
                "name": self.limits.name,
                "max_characters": self.limits.max_characters,
                "max_attached": self.limits.max_attached,
            },
            "documents": [
                {
                    "name": document.name,
                    "file": document.filename,
                    "size": document.size,
                    "statements": [
                        {"sid": statement.sid, "purpose": statement.purpose} for statement in document.statements
                    ],
                }
                for document in self.documents
            ],
            "targets": {
                budget.target: {
                    "attach": names,
                    "existing": list(budget.existing),
                    "attached_after": self.limits.max_attached - budget.free(self.limits) + len(names),
                    "max_attached": self.limits.max_attached,
                }
                for budget in self.budgets
            },
            "verified_requests": self.checked_requests,
        }

    def manifest_text(self) -> str:
        return json.dumps(self.manifest(), indent=2, ensure_ascii=False) + "\n"


def budgets_of(intent: Intent) -> tuple[Budget, ...]:
    """One budget per target; with no target listed, one for an unnamed target with only FullAWSAccess."""
    targets = intent.targets or ["(any target)"]
    return tuple(Budget(target, tuple(scp.name for scp in intent.existing_scps.get(target, []))) for target in targets)


def render(intent: Intent, limits: ScpLimits | None = None) -> RenderResult:
    """Render `intent` (under its own limit set unless `limits` is given).

    Raises `PackingError` when the policies cannot fit, and `RenderSelfCheckError` (a bug) when
    the rendered set fails its request suite."""
    limit_set = limits or limits_named(intent.limits)
    budgets = budgets_of(intent)
    packed = pack(intent_statements(intent), limit_set, budgets)
    names = [
        DOCUMENT_PREFIX if len(packed) == 1 else f"{DOCUMENT_PREFIX}{index}" for index in range(1, len(packed) + 1)
    ]
    documents = tuple(
        RenderedDocument(name, document_text(statements), tuple(statements))
        for name, statements in zip(names, packed, strict=True)
    )
    policies: list[Policy] = [parse_policy(document.text, document.name, limits=limit_set) for document in documents]
    checked = self_check(intent, policies)
    return RenderResult(intent, limit_set, documents, budgets, checked, tuple(intent.models.warnings()))
