"""Lint rules, one module per rule group; each module exports `RULES` and is listed in `lint.registry.RULE_GROUPS`."""
