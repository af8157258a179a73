"""Reading SCP hierarchies from files: the I/O edge in front of the pure policy engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bedrock_gov.catalog.limits import CURRENT, ScpLimits
from bedrock_gov.policy import Issue, Level, Policy, PolicyParseError, parse_policy
from bedrock_gov.policy.jsontext import Position
from bedrock_gov.policy.model import Severity


@dataclass
class LoadedLevels:
    levels: list[Level]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def policy_paths(path: Path) -> list[Path]:
    """The policy files at one level: the file itself, or a directory's `*.json` files by name."""
    if path.is_dir():
        return sorted(candidate for candidate in path.glob("*.json") if candidate.is_file())
    return [path]


def _read_error(path: Path, message: str) -> Issue:
    return Issue("unreadable-file", message, "", Position(1, 1), Severity.ERROR, str(path))


def load_policy(path: Path, limits: ScpLimits | None = CURRENT) -> Policy:
    """Read and parse one policy file; every problem comes back as a `PolicyParseError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyParseError([_read_error(path, f"cannot read the file: {error}")]) from None
    return parse_policy(text, path.stem if path.suffix == ".json" else path.name, limits=limits)


def load_levels(paths: Sequence[Path], limits: ScpLimits | None = CURRENT) -> LoadedLevels:
    """Read every level (root first). All files are read, so every error is reported at once."""
    loaded = LoadedLevels(levels=[])
    for path in paths:
        if not path.exists():
            loaded.errors.append(_read_error(path, "no such file or directory"))
            continue
        files = policy_paths(path)
        if not files:
            loaded.errors.append(_read_error(path, "the directory holds no *.json policy; an empty level denies all"))
        policies: list[Policy] = []
        for file in files:
            try:
                policy = load_policy(file, limits)
            except PolicyParseError as error:
                loaded.errors.extend(_with_source(issue, file) for issue in error.issues)
                continue
            loaded.warnings.extend(_with_source(issue, file) for issue in policy.warnings)
            policies.append(policy)
        loaded.levels.append(Level(path.name or str(path), tuple(policies)))
    return loaded


def _with_source(issue: Issue, path: Path) -> Issue:
    return Issue(issue.rule, issue.message, issue.pointer, issue.position, issue.severity, str(path))
