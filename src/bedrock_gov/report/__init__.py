"""Renderers of findings: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools."""
