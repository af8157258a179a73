"""Collecting: the only package that reads AWS. boto3 calls in, typed snapshot records out.

Every lister takes a client factory (service name -> boto3 client) and returns
`snapshot.Collected` records; a resource it could not read is reported as `NotCollected` with the
reason, never filled in with a guess, and a read that fails as a whole raises `CannotCheck`.
Modules import only the standard library at load; boto3 is imported when the first client is made.
"""

from bedrock_gov.collect.aws_calls import MAX_ATTEMPTS, RETRY_MODE, CannotCheck, ClientFactory, boto3_clients
from bedrock_gov.collect.bedrock import list_agents, read_invocation_logging
from bedrock_gov.collect.iam_credentials import list_users
from bedrock_gov.collect.lambda_functions import list_functions

__all__ = [
    "MAX_ATTEMPTS",
    "RETRY_MODE",
    "CannotCheck",
    "ClientFactory",
    "boto3_clients",
    "list_agents",
    "list_functions",
    "list_users",
    "read_invocation_logging",
]
