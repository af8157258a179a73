"""A policy file as read: its text or why it could not be read, and the files of one target.

Plain data, so that the pure layers (the linter) can take what the file reader
(`bedrock_gov.policy_files`) produced without doing I/O themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PolicySource:
    """One policy file's text, or why it could not be read."""

    path: Path
    text: str | None
    error: str | None = None

    @property
    def name(self) -> str:
        """The policy's name: the file name without `.json`."""
        return self.path.stem if self.path.suffix == ".json" else self.path.name


@dataclass(frozen=True)
class SourceGroup:
    """The files of one target: a directory's policies, or files named together on the command line."""

    name: str
    sources: tuple[PolicySource, ...]
    is_directory: bool
