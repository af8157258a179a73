"""Every audit control, declared once: each module below exports CONTROLS, a tuple of `Control`s.

The same style as `checks.registry` and `config_rules.registry`: an explicit tuple of modules, so
that what runs is what is listed here, and docs/audit.md can be checked against it.
"""

from __future__ import annotations

from types import ModuleType

from bedrock_gov.audit import alerting, config_service, posture, scp_analysis, scp_intent
from bedrock_gov.audit.control import Control

MODULES: tuple[ModuleType, ...] = (scp_intent, scp_analysis, config_service, alerting, posture)
"""Layer 1 (against the intent, then lint and prove), layer 2, layer 3, the posture checks."""

CONTROLS: tuple[Control, ...] = tuple(control for module in MODULES for control in module.CONTROLS)
