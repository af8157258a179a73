"""The Config rules, derived from the check registry rather than listed a second time.

Every check whose CONFIG_TRIGGER is set runs as a Config rule named by its METADATA id; its
handler is the module of this package with the check module's name, which exports CONFIG_RULE
and `lambda_handler`. Only module names are computed here: nothing is imported but the checks.
"""

from __future__ import annotations

from bedrock_gov.checks.registry import CHECKS

CONFIG_RULES: dict[str, str] = {
    check.METADATA.id: f"{__package__}.{check.__name__.rpartition('.')[2]}"
    for check in CHECKS
    if check.CONFIG_TRIGGER is not None
}
"""Rule name -> handler module; each module's `lambda_handler` is the Lambda entry point."""
