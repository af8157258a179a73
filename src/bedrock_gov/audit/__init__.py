"""The audit: a snapshot of the organization -> checks, lint and prove -> findings per account,
Region and control. Offline: it reads a snapshot, never AWS (docs/architecture.md)."""
