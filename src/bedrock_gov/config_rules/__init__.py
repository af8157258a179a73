"""AWS Config custom Lambda rules: Config event -> collect -> check -> PutEvaluations.

One handler module per check that runs as a Config rule (`registry.CONFIG_RULES`), named as the
check module; each exposes `CONFIG_RULE` and `lambda_handler`. A handler converts the event's
configuration item (`items`) or collects the current resources (`bedrock_gov.collect`) into
snapshot records and judges them with the same check the offline audit uses. Everything here
imports only the standard library at load, so a cold start pays for boto3 only when a rule calls
AWS; tests and the CLI call `run(module.CONFIG_RULE, event, clients=...)` with their own clients.
"""

from bedrock_gov.config_rules.dry_run import RecordingConfigClient, dry_run_clients
from bedrock_gov.config_rules.packaging import RULES_MANIFEST, PackagingError, build_zip, rule_manifest, sha256
from bedrock_gov.config_rules.registry import CONFIG_RULES
from bedrock_gov.config_rules.runtime import LOG, ConfigRule, EvaluationIncomplete, run

__all__ = [
    "CONFIG_RULES",
    "LOG",
    "RULES_MANIFEST",
    "ConfigRule",
    "EvaluationIncomplete",
    "PackagingError",
    "RecordingConfigClient",
    "build_zip",
    "dry_run_clients",
    "rule_manifest",
    "run",
    "sha256",
]
