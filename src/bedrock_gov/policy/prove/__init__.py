"""The SMT prover: properties of an SCP hierarchy for all requests at once, with counterexamples
replayed through the evaluator (issue 5). See `prover.Prover` and `properties.prove_all`."""

from bedrock_gov.policy.prove.custom import CustomProperty, PropertyFileError, parse_properties, prove_custom
from bedrock_gov.policy.prove.diff import prove_diff
from bedrock_gov.policy.prove.properties import prove_all
from bedrock_gov.policy.prove.prover import Prover
from bedrock_gov.policy.prove.result import Check, PropertyResult, Status, worst

__all__ = [
    "Check",
    "CustomProperty",
    "PropertyFileError",
    "PropertyResult",
    "Prover",
    "Status",
    "parse_properties",
    "prove_all",
    "prove_custom",
    "prove_diff",
    "worst",
]
