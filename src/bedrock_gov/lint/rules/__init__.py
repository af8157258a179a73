"""Lint rules, one module per rule group; each module exports `RULES` (discovered by the registry)."""
