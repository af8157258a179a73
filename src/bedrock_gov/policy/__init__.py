"""The policy engine: parse SCP (and resource-policy) JSON, evaluate requests against an SCP hierarchy or
one resource policy, explain decisions."""

from bedrock_gov.policy.evaluator import Evaluator
from bedrock_gov.policy.jsontext import JsonTextError, Position, read_json
from bedrock_gov.policy.model import Condition, Issue, Level, Policy, PrincipalEntry, Severity, Statement
from bedrock_gov.policy.parser import PolicyParseError, parse_policy
from bedrock_gov.policy.request import Decision, Request
from bedrock_gov.policy.resource_policy import ResourcePolicyEvaluator
from bedrock_gov.policy.source import PolicySource, SourceGroup

__all__ = [
    "Condition",
    "Decision",
    "Evaluator",
    "Issue",
    "JsonTextError",
    "Level",
    "Policy",
    "PolicyParseError",
    "PolicySource",
    "Position",
    "PrincipalEntry",
    "Request",
    "ResourcePolicyEvaluator",
    "Severity",
    "SourceGroup",
    "Statement",
    "parse_policy",
    "read_json",
]
