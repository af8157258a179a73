"""Reading SCP sets from files: the one reader every command and test uses, in front of the pure
policy engine and linter.

A level (or lint target) is a policy file, or a directory whose `*.json` files are all attached
there. `bedrock-gov render` writes `manifest.json` and the Bedrock policy (`BedrockPolicy.json`,
type BEDROCK_POLICY) beside its SCPs; neither is an SCP, so the SCP reader skips both, and
render's output directory reads as one level. Lint's reading (`read_groups`) adds the Bedrock
policy back: lint tells it from an SCP by its shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bedrock_gov.catalog.limits import CURRENT, ScpLimits
from bedrock_gov.policy import Issue, Level, Policy, PolicyParseError, Position, Severity, parse_policy
from bedrock_gov.policy.bedrock_policy import BEDROCK_POLICY_FILE
from bedrock_gov.policy.source import PolicySource, SourceGroup

RENDER_MANIFEST = "manifest.json"
"""The manifest `bedrock-gov render` writes beside the SCPs it lists."""
NOT_SCPS = frozenset({RENDER_MANIFEST, BEDROCK_POLICY_FILE})
"""Files render writes beside the SCPs that are not SCPs: the manifest and the Bedrock policy."""

MAX_POLICY_FILE_BYTES = 256 * 1024
"""No SCP exceeds 10,240 characters; even pretty-printed with deep indentation one stays far below
this. A larger file is refused from its size, before it is read or parsed, so a huge or hostile
file costs neither time nor memory."""


@dataclass
class LoadedLevels:
    levels: list[Level]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def policy_paths(path: Path) -> list[Path]:
    """The policy files at one level: the file itself, or a directory's `*.json` files by name."""
    if path.is_dir():
        return sorted(
            candidate for candidate in path.glob("*.json") if candidate.is_file() and candidate.name not in NOT_SCPS
        )
    return [path]


def read_source(path: Path) -> PolicySource:
    """A policy file's text; a missing, unreadable or non-UTF-8 file comes back with the reason."""
    if not path.exists():
        return PolicySource(path, None, "no such file or directory")
    try:
        size = path.stat().st_size
        if size > MAX_POLICY_FILE_BYTES:
            return PolicySource(path, None, _too_large(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_POLICY_FILE_BYTES + 1)
        if len(data) > MAX_POLICY_FILE_BYTES:
            return PolicySource(path, None, _too_large(len(data)))
        return PolicySource(path, data.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return PolicySource(path, None, f"cannot read the file: {error}")


def _too_large(size: int) -> str:
    return (
        f"the file holds {size:,} bytes or more; an SCP is at most {CURRENT.max_characters:,} characters, so this is "
        f"not one (files over {MAX_POLICY_FILE_BYTES:,} bytes are refused unread)"
    )


def read_groups(paths: Sequence[Path]) -> Iterator[SourceGroup]:
    """Lint's reading: each directory is one target; a run of files named together is one more."""
    loose: list[Path] = []
    for path in paths:
        if path.is_dir():
            if loose:
                yield SourceGroup("files", tuple(read_source(item) for item in loose), False)
                loose = []
            bedrock = [path / BEDROCK_POLICY_FILE] if (path / BEDROCK_POLICY_FILE).is_file() else []
            yield SourceGroup(str(path), tuple(read_source(item) for item in [*policy_paths(path), *bedrock]), True)
        else:
            loose.append(path)
    if loose:
        yield SourceGroup("files", tuple(read_source(item) for item in loose), False)


def _read_error(path: Path, message: str) -> Issue:
    return Issue("unreadable-file", message, "", Position(1, 1), Severity.ERROR, str(path))


def load_policy(path: Path, limits: ScpLimits | None = CURRENT) -> Policy:
    """Read and parse one policy file; every problem comes back as a `PolicyParseError`."""
    source = read_source(path)
    if source.text is None:
        raise PolicyParseError([_read_error(path, source.error or "cannot read the file")])
    return parse_policy(source.text, source.name, limits=limits)


def load_levels(paths: Sequence[Path], limits: ScpLimits | None = CURRENT) -> LoadedLevels:
    """Evaluate's and prove's reading: each path is one level, root first. Every file is read, so
    every error is reported at once."""
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
