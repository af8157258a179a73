"""The SMT prover: properties of an SCP hierarchy for all requests at once, with counterexamples
replayed through the evaluator (issue 5). See `prover.Prover` and `properties.prove_all`."""

from bedrock_gov.prove.outcomes import Check, PropertyResult, Status, worst
from bedrock_gov.prove.prover import Prover
from bedrock_gov.prove.queries.custom import CustomProperty, PropertyFileError, parse_properties, prove_custom
from bedrock_gov.prove.queries.diff import prove_diff
from bedrock_gov.prove.queries.properties import prove_all

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
