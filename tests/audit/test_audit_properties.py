"""Any valid snapshot audits without an exception, and every UNKNOWN says why."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.snapshots import NOW, healthy, intent, validated
from bedrock_gov.audit.findings import Finding
from bedrock_gov.audit.run import audit
from bedrock_gov.snapshot import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, Snapshot
from bedrock_gov.snapshot.schema import parse_snapshot, snapshot_to_json

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def _valid(snapshot: Snapshot) -> Snapshot:
    """Through the real writer and reader: what a generated snapshot would be on disk."""
    return parse_snapshot(snapshot_to_json(snapshot))


SNAPSHOTS = st.from_type(Snapshot).map(
    lambda s: Snapshot(**{**s, "format": SNAPSHOT_FORMAT, "version": SNAPSHOT_VERSION})
)


@SETTINGS
@given(SNAPSHOTS)
def test_any_generated_snapshot_audits(snapshot: Snapshot) -> None:
    for findings in (audit(_valid(snapshot), None, NOW), audit(_valid(snapshot), intent(), NOW, prove_timeout_ms=2000)):
        assert all(f.reason for f in findings if f.status == "UNKNOWN")
        assert all(Finding.from_json(f.to_json()) == f for f in findings), "every finding survives --baseline"


STATUSES = ["collected", "access_denied", "region_disabled", "not_available", "throttled", "error", "skipped"]


def _sections(document: Any, path: str = "") -> list[str]:
    """The JSON paths of every `collection`-shaped object in the document."""
    found = []
    if isinstance(document, dict):
        if set(document) >= {"status"} and document.get("status") in STATUSES:
            found.append(path)
        for key, value in document.items():
            found += _sections(value, f"{path}/{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _sections(value, f"{path}/{index}")
    return found


SECTIONS = _sections(healthy())


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(SECTIONS), st.sampled_from(STATUSES[1:])), max_size=4))
def test_an_uncollected_section_never_passes_what_it_holds(failures: list[tuple[str, str]]) -> None:
    """Marking sections of the healthy snapshot not collected turns findings UNKNOWN, never FAIL or a new PASS."""
    baseline = {f.key: f.status for f in audit(validated(healthy()), intent(), NOW)}
    snapshot = json.loads(json.dumps(healthy()))
    for path, status in failures:
        target: Any = snapshot
        for part in path.strip("/").split("/"):
            target = target[int(part)] if isinstance(target, list) else target[part]
        target.clear()
        target.update(status=status, reason=f"planted at {path}")
    for finding in audit(validated(snapshot), intent(), NOW):
        assert baseline.get(finding.key) in ("PASS", "UNKNOWN", None) and finding.status != "FAIL", finding
        if finding.status == "UNKNOWN":
            assert finding.reason
