"""The policy engine: parse SCP JSON, evaluate requests against a hierarchy, explain decisions."""

from bedrock_gov.policy.evaluator import Evaluator
from bedrock_gov.policy.model import Condition, Issue, Level, Policy, Severity, Statement
from bedrock_gov.policy.parser import PolicyParseError, parse_policy
from bedrock_gov.policy.request import Decision, Request

__all__ = [
    "Condition",
    "Decision",
    "Evaluator",
    "Issue",
    "Level",
    "Policy",
    "PolicyParseError",
    "Request",
    "Severity",
    "Statement",
    "parse_policy",
]
