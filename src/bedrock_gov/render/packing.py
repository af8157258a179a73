"""Statements -> as few minified SCP documents as fit the character limit and attachment budget.

A document is `{"Version":"2012-10-17","Statement":[s1,s2,...]}` with no whitespace; its size is
exact, so packing is bin packing on the statements' minified lengths. Statement counts are small
(a handful), so the packing is exact: the fewest documents possible, found by backtracking.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from bedrock_gov.catalog.iam import FULL_AWS_ACCESS, POLICY_VERSION
from bedrock_gov.catalog.limits import ScpLimits
from bedrock_gov.render.statements import RenderedStatement

_OVERHEAD = len(f'{{"Version":"{POLICY_VERSION}","Statement":[]}}')


class PackingError(ValueError):
    """The statements cannot be attached within the limits; the message says by how much."""


def minified(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def document_text(statements: Sequence[RenderedStatement]) -> str:
    return minified({"Version": POLICY_VERSION, "Statement": [statement.body for statement in statements]})


@dataclass(frozen=True)
class Budget:
    """How many more SCPs one target can take: the per-target limit minus what is attached."""

    target: str
    existing: tuple[str, ...]

    def free(self, limits: ScpLimits) -> int:
        others = [name for name in self.existing if name.lower() != FULL_AWS_ACCESS.lower()]
        return limits.max_attached - 1 - len(others)

    def describe(self, limits: ScpLimits) -> str:
        listed = f" and {len(self.existing)} existing SCP(s) ({', '.join(self.existing)})" if self.existing else ""
        return (
            f"target {self.target} takes {limits.max_attached} SCPs; {FULL_AWS_ACCESS}{listed} leave room for "
            f"{max(self.free(limits), 0)}"
        )


def _fits(sizes: Sequence[int], bins: int, capacity: int) -> list[int] | None:
    """Assign items (sizes already include their separator) to `bins` bins, or None."""
    order = sorted(range(len(sizes)), key=lambda index: (-sizes[index], index))
    loads = [0] * bins
    assignment = [0] * len(sizes)

    def place(position: int) -> bool:
        if position == len(order):
            return True
        item = order[position]
        tried: set[int] = set()
        for bin_index in range(bins):
            if loads[bin_index] in tried or loads[bin_index] + sizes[item] > capacity:
                continue
            tried.add(loads[bin_index])
            loads[bin_index] += sizes[item]
            assignment[item] = bin_index
            if place(position + 1):
                return True
            loads[bin_index] -= sizes[item]
        return False

    return assignment if place(0) else None


def _fewest_documents(sizes: Sequence[int], capacity: int) -> list[int]:
    """Document index per item, using as few documents as possible."""
    for bins in range(-(-sum(sizes) // capacity), len(sizes)):
        assignment = _fits(sizes, bins, capacity)
        if assignment is not None:
            return assignment
    return list(range(len(sizes)))


def pack(
    statements: Sequence[RenderedStatement], limits: ScpLimits, budgets: Sequence[Budget]
) -> list[list[RenderedStatement]]:
    """The fewest documents holding every statement, each within `limits`, within every budget.

    Within a document statements keep their given order; documents are ordered by their first
    statement, so the same statements always give the same bytes."""
    if not statements:
        return []
    # Each statement costs its text plus one separator; the document has one separator fewer.
    sizes = [len(minified(statement.body)) + 1 for statement in statements]
    capacity = limits.max_characters - _OVERHEAD + 1
    too_big = [(statement, size - 1) for statement, size in zip(statements, sizes, strict=True) if size > capacity]
    if too_big:
        statement, size = too_big[0]
        raise PackingError(
            f"statement {statement.sid} is {size:,} characters; one SCP holds at most "
            f"{capacity - 1:,} characters of statements ({limits.description}), {size - capacity + 1:,} over"
        )
    assignment = _fewest_documents(sizes, capacity)
    bins = max(assignment) + 1
    documents = [
        [statement for statement, where in zip(statements, assignment, strict=True) if where == index]
        for index in range(bins)
    ]
    documents.sort(key=lambda document: statements.index(document[0]))
    _check_budgets(documents, sum(sizes) - len(statements), limits, budgets)
    return documents


def _check_budgets(
    documents: list[list[RenderedStatement]], statement_chars: int, limits: ScpLimits, budgets: Sequence[Budget]
) -> None:
    for budget in sorted(budgets, key=lambda item: (item.free(limits), item.target)):
        free = budget.free(limits)
        if len(documents) <= free:
            continue
        room = max(free, 0) * (limits.max_characters - _OVERHEAD)
        size = (
            f"the statements take {statement_chars:,} characters and {max(free, 0)} SCP(s) hold at most "
            f"{room:,}, {statement_chars - room:,} over"
            if statement_chars > room
            else f"the statements' {statement_chars:,} characters would fit in {room:,} by size alone, "
            "but not split into that few documents"
        )
        raise PackingError(
            f"the policies need {len(documents)} SCP(s) but {budget.describe(limits)}: "
            f"{len(documents) - max(free, 0)} SCP(s) over; {size}"
        )
