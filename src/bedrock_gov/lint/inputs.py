"""Read SCP text -> what the linter works on. Pure: the files are read by `bedrock_gov.policy_files`.

A file that cannot be read or parsed becomes a finding at its place, and the rest is still linted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bedrock_gov.lint.model import BedrockPolicyFile, Finding, PolicyFile, PolicyLevel
from bedrock_gov.lint.registry import INVALID_POLICY, UNREADABLE
from bedrock_gov.policy import (
    JsonTextError,
    PolicyParseError,
    PolicySource,
    Position,
    Severity,
    SourceGroup,
    parse_policy,
    read_json,
)
from bedrock_gov.policy.bedrock_policy import is_bedrock_policy, parse_bedrock_policy


@dataclass
class LintInputs:
    levels: list[PolicyLevel] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    bad_inputs: int = 0

    @property
    def files(self) -> int:
        return sum(len(level.files) + len(level.bedrock_policies) for level in self.levels)


def _problem(
    source: str, message: str, invalid: bool = False, pointer: str = "", position: Position | None = None
) -> Finding:
    info = INVALID_POLICY if invalid else UNREADABLE
    return Finding(info.id, Severity.ERROR, message, info.fix, source, pointer, position or Position(1, 1))


def parse_source(source: PolicySource) -> PolicyFile | BedrockPolicyFile | list[Finding]:
    """One SCP file, or a Bedrock policy (told apart by its shape: a top-level `bedrock` and no
    `Statement`), or the findings that say why it cannot be linted."""
    where = str(source.path)
    if source.text is None:
        return [_problem(where, source.error or "cannot read the file")]
    try:
        document = read_json(source.text)
        if is_bedrock_policy(document.value):
            bedrock, _ = parse_bedrock_policy(source.text, source.name)
            return BedrockPolicyFile(where, bedrock, document)
        policy = parse_policy(source.text, source.name, limits=None, check_actions=False)
    except JsonTextError as error:
        return [_problem(where, f"[{error.rule}] {error.message}", True, error.pointer, error.position)]
    except PolicyParseError as error:
        return [
            _problem(where, f"[{issue.rule}] {issue.message}", True, issue.pointer, issue.position)
            for issue in error.issues
        ]
    return PolicyFile(where, policy, document)


def lint_inputs(groups: Iterable[SourceGroup]) -> LintInputs:
    """Every target's parsed files, and a finding for each input that could not be used."""
    loaded = LintInputs()
    for group in groups:
        if group.is_directory and not group.sources:
            loaded.problems.append(_problem(group.name, "the directory holds no *.json policy"))
            loaded.bad_inputs += 1
            continue
        files: list[PolicyFile] = []
        bedrock: list[BedrockPolicyFile] = []
        for source in group.sources:
            result = parse_source(source)
            if isinstance(result, PolicyFile):
                files.append(result)
            elif isinstance(result, BedrockPolicyFile):
                bedrock.append(result)
            else:
                loaded.problems.extend(result)
                loaded.bad_inputs += 1
        if files or bedrock:
            loaded.levels.append(PolicyLevel(group.name, tuple(files), group.is_directory, tuple(bedrock)))
    return loaded
