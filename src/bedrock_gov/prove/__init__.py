"""The SMT prover: properties of an SCP hierarchy for all requests at once, with counterexamples
replayed through the evaluator (docs/prove.md). The only place z3 lives.

The stages, in order: `symbolize` (symbolic requests; `calls` builds the Bedrock routes from them,
`context_keys` knows which keys AWS always sends and how many values each key may hold) ->
`encode` (the hierarchy as a formula over those requests; `patterns` and `shapes` read wildcards)
-> `solve` (z3 on the query as it is, then on its `skeleton`, strings made Booleans, which
`refine` checks on demand with `regex`) -> `decode` (the concrete requests of a model) ->
`confirm` (the evaluator replays them) -> `outcomes` (PROVED / VIOLATED / UNKNOWN / ERROR per
check and property). `prover` takes each check through these stages; `queries` holds what is
asked: P1-P4 from the intent (`properties`), custom properties (`custom`) and the diff of two
SCP sets (`diff`).
"""

from bedrock_gov.prove.outcomes import PROPERTY_WORDS, ProofCheck, PropertyResult, Status, request_json, worst
from bedrock_gov.prove.prover import Prover
from bedrock_gov.prove.queries.custom import CustomProperty, PropertyFileError, parse_properties, prove_custom
from bedrock_gov.prove.queries.diff import prove_diff
from bedrock_gov.prove.queries.intent_view import IntentView
from bedrock_gov.prove.queries.properties import prove_all

__all__ = [
    "PROPERTY_WORDS",
    "CustomProperty",
    "IntentView",
    "ProofCheck",
    "PropertyFileError",
    "PropertyResult",
    "Prover",
    "Status",
    "parse_properties",
    "prove_all",
    "prove_custom",
    "prove_diff",
    "request_json",
    "worst",
]
