"""AWS Config custom Lambda rules: thin handlers around the pure checks in `bedrock_gov.checks`.

Handlers import only the standard library at module load (boto3 is imported on first AWS call),
so a cold start pays for boto3 only when a rule actually needs AWS. Each handler module exposes
`RULE` and `lambda_handler`; tests and the CLI call `runtime.run(module.RULE, event, clients=...)`
with their own client factory.
"""

RULES: dict[str, str] = {
    "bedrock-agent-vpc-required": "bedrock_gov.rules.agent_vpc_required",
    "bedrock-model-invocation-logging-enabled": "bedrock_gov.rules.invocation_logging_enabled",
    "bedrock-no-long-term-api-keys": "bedrock_gov.rules.no_long_term_api_keys",
    "bedrock-agent-guardrail-required": "bedrock_gov.rules.agent_guardrail_required",
    "bedrock-guardrail-prompt-attack-filter": "bedrock_gov.rules.guardrail_prompt_attack_filter",
}
"""Rule name -> handler module; each module's `lambda_handler` is the Lambda entry point."""
