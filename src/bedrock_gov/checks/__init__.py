"""Pure checks: snapshot records in, compliance results out. No I/O, no boto3, standard library only.

Each control is one module with its `METADATA` next to its logic; the Config rule handlers in
`bedrock_gov.config_rules` and the offline audit call the same functions on the same records.
"""
