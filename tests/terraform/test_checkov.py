"""checkov passes on the module and both examples; every skip carries its reason inline.

checkov runs from its own environment (`.venv-checkov`, made by scripts/setup): it pins
policy_sentry 0.13.2 (through cloudsplaining), boto3 1.35.49 and packaging < 24, which conflict with
this project's dependencies, and its HCL parser (bc-python-hcl2) installs a module also named
`hcl2`, which would shadow python-hcl2 8 that the other Terraform tests use.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from hcl_model import CONFIGURATIONS, MODULE, ROOT

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"
SKIP = re.compile(r"#checkov:skip=(CKV2?_[A-Z]+_\d+)(?::(.*))?")


def run_checkov(path: Path) -> dict[str, object]:
    assert CHECKOV.exists(), "checkov is missing: run scripts/setup"
    environment = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CKV_NO_DOWNLOAD": "true"}
    result = subprocess.run(
        [str(CHECKOV), "-d", str(path), "--framework", "terraform", "--skip-download", "-o", "json"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", CONFIGURATIONS, ids=lambda path: path.name)
def test_checkov_passes(path: Path) -> None:
    report = run_checkov(path)
    results = report["results"]
    assert isinstance(results, dict)
    failed = [f"{check['check_id']} {check['resource']} {check['file_path']}" for check in results["failed_checks"]]
    assert failed == []
    assert results["passed_checks"], "checkov checked nothing"
    assert results["parsing_errors"] == []
    for skipped in results["skipped_checks"]:
        assert skipped["check_result"]["suppress_comment"].strip(), skipped["check_id"]


def test_every_skip_says_why() -> None:
    skips = [
        (path.name, match.group(1), (match.group(2) or "").strip())
        for path in MODULE.glob("*.tf")
        for match in SKIP.finditer(path.read_text())
    ]
    assert skips
    assert [skip for skip in skips if len(skip[2]) < 20] == []
