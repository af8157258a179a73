"""Each member account's effective SCP hierarchy, read from the snapshot's organization section.

Root -> each OU on the path -> the account, with the SCPs attached directly at each level, parsed
once. SCPs do not apply to the management account, so it has no hierarchy here. Accounts whose
hierarchies are made of the same policies share one `Hierarchy`, so lint and prove run once per
distinct hierarchy, not once per account.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bedrock_gov.audit.context import not_collected
from bedrock_gov.lint import INVALID_POLICY, PolicyFile, PolicyLevel, parse_source
from bedrock_gov.lint import Finding as LintFinding
from bedrock_gov.policy import Level, PolicySource, Position, Severity
from bedrock_gov.snapshot.document import Account, Organization, PolicyDocument

SCP_TYPE = "SERVICE_CONTROL_POLICY"
POLICY_TYPE = "AWS::Organizations::Policy"
ACCOUNT_LEVEL = "account"
"""The name of an account's own level: the same for every account, so equal hierarchies are shared."""


@dataclass(frozen=True)
class HierarchyLevel:
    name: str
    policies: tuple[PolicyDocument, ...]


@dataclass(frozen=True, eq=False)
class Hierarchy:
    """The levels of one hierarchy, root first. Equal (and hashed alike) when made of the same
    levels and policy ids, so accounts with the same hierarchy share one lint and one proof."""

    levels: tuple[HierarchyLevel, ...]

    @property
    def key(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((level.name, tuple(policy["id"] for policy in level.policies)) for level in self.levels)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hierarchy) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def policy_id(self, source: str) -> str:
        """The id of the policy a lint finding's `source` names."""
        return self._sources().get(source, source)

    def _sources(self) -> dict[str, str]:
        return {_source_name(policy): policy["id"] for level in self.levels for policy in level.policies}

    def unreadable(self) -> list[str]:
        """The policies whose content the collector could not read."""
        return [
            f"{policy['name']} ({policy['id']})"
            for level in self.levels
            for policy in level.policies
            if policy["content"] is None
        ]

    def lint_levels(self) -> tuple[list[PolicyLevel], list[LintFinding]]:
        """The levels as the linter reads them, and a finding for each policy that does not parse
        (call it only when no policy is `unreadable`: a partial set would be judged wrongly)."""
        levels: list[PolicyLevel] = []
        problems: list[LintFinding] = []
        for level in self.levels:
            files: list[PolicyFile] = []
            for policy in level.policies:
                parsed = _parsed(_source_name(policy), policy["content"] or "")
                if isinstance(parsed, PolicyFile):
                    files.append(parsed)
                else:
                    problems.extend(parsed)
            levels.append(PolicyLevel(level.name, tuple(files), True))
        return levels, problems

    def prove_levels(self) -> list[Level] | str:
        """The levels as the prover reads them, or why it cannot (a policy unread or invalid)."""
        unreadable = self.unreadable()
        if unreadable:
            return f"the content of {', '.join(unreadable)} could not be read"
        levels, problems = self.lint_levels()
        if problems:
            invalid = sorted({self.policy_id(problem.source) for problem in problems})
            return f"SCP(s) {', '.join(invalid)} do not parse (see scp-lint)"
        return [Level(level.name, tuple(file.policy for file in level.files)) for level in levels]


def _source_name(policy: PolicyDocument) -> str:
    """The file name the linter knows the policy by (its messages name the policy by its stem)."""
    return str(Path(f"{policy['name']}.json"))


@cache
def _parsed(source: str, content: str) -> PolicyFile | tuple[LintFinding, ...]:
    result = parse_source(PolicySource(Path(source), content))
    if isinstance(result, PolicyFile):
        return result
    if isinstance(result, list):
        return tuple(result)
    return (
        LintFinding(
            INVALID_POLICY.id,
            Severity.ERROR,
            "Organizations lists this as an SCP, but its content is a Bedrock policy",
            INVALID_POLICY.fix,
            source,
            "",
            Position(1, 1),
        ),
    )


def organization_reason(organization: Organization) -> str | None:
    """Why the hierarchy cannot be read at all (None: it can)."""
    reason = not_collected(organization["collection"], "the organization")
    if reason is None and not organization["root_id"]:
        reason = "the organization's root id was not collected"
    return reason


def attached(organization: Organization, target: str) -> tuple[PolicyDocument, ...]:
    """The SCPs attached directly at a root, OU or account."""
    return tuple(
        policy for policy in organization["policies"] if policy["type"] == SCP_TYPE and target in policy["targets"]
    )


def path_of(organization: Organization, account: Account) -> list[str] | str:
    """The targets from the root down to the account, or why the path cannot be followed."""
    parents = {unit["id"]: unit["parent_id"] for unit in organization["units"]}
    path = [account["id"]]
    current = account["parent_id"]
    while current != organization["root_id"]:
        if current not in parents or current in path:
            return f"the path from account {account['id']} to the root breaks at {current}"
        path.append(current)
        current = parents[current]
    path.append(current)
    return path[::-1]


def member_hierarchies(organization: Organization) -> Iterator[tuple[Account, Hierarchy | str]]:
    """Each active member account (not the management account) and its hierarchy, or why it has none."""
    names = {unit["id"]: unit["name"] for unit in organization["units"]}
    for account in organization["accounts"]:
        if account["status"] != "ACTIVE" or account["id"] == organization["management_account_id"]:
            continue
        path = path_of(organization, account)
        if isinstance(path, str):
            yield account, path
            continue
        levels = []
        for index, target in enumerate(path):
            if index == 0:
                name = f"root {target}"
            elif index == len(path) - 1:
                name = ACCOUNT_LEVEL
            else:
                name = f"OU {target} ({names.get(target, '?')})"
            levels.append(HierarchyLevel(name, attached(organization, target)))
        yield account, Hierarchy(tuple(levels))
