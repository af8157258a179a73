"""How a finding is named in other tools' formats (OCSF, ASFF), the same in each."""

from __future__ import annotations

from bedrock_gov.audit.findings import Finding

FINDING_TYPE = "Software and Configuration Checks/AWS Security Best Practices/Bedrock governance"
"""ASFF's namespace/category/classifier, also the OCSF finding_info.types."""


def finding_uid(finding: Finding) -> str:
    """Stable across runs, so that a consumer updates the same finding instead of adding one."""
    return "bedrock-gov/" + "/".join(finding.key)
