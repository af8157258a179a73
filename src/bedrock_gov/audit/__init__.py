"""The audit: a snapshot of the organization -> checks, lint and prove -> findings per account,
Region and control. Offline: it reads a snapshot, never AWS (docs/architecture.md, docs/audit.md).

This package's root stays light (the findings model only), because `report` imports it: running
the audit (`bedrock_gov.audit.run`) loads the prover, and a report renderer must not pay for that.
"""
