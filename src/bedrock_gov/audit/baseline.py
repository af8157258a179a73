"""Reading an earlier audit's JSON report as the `--baseline` to compare with."""

from __future__ import annotations

from pathlib import Path

from bedrock_gov.audit.findings import Finding, FindingError
from bedrock_gov.bounded_read import BoundedReadError, load_json, read_text

MAX_BASELINE_BYTES = 512 * 1024 * 1024
"""A report of a few thousand accounts stays far below this; a larger file is refused unread."""


class BaselineError(ValueError):
    """The file is not an audit JSON report; the message says where and why."""


def read_baseline(path: Path) -> list[Finding]:
    """The findings of an earlier `bedrock-gov audit --format json` report."""
    try:
        raw = load_json(read_text(path, MAX_BASELINE_BYTES), str(path))
    except BoundedReadError as error:
        raise BaselineError(str(error)) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("findings"), list):
        raise BaselineError(f'{path}: not an audit JSON report (no "findings" list)')
    findings = []
    for index, item in enumerate(raw["findings"]):
        if not isinstance(item, dict):
            raise BaselineError(f"{path}: findings[{index}] is not an object")
        try:
            findings.append(Finding.from_json(item))
        except (FindingError, TypeError) as error:
            raise BaselineError(f"{path}: findings[{index}]: {error}") from None
    return findings
