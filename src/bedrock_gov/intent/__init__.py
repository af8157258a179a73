"""`governance.yaml`: the intent as typed data. Reading the file is `bedrock_gov.intent.loader`'s job,
so code that takes the intent as data (render, prove) never pulls in YAML or file access."""

from bedrock_gov.intent.model import (
    FAMILIES,
    PROFILES,
    ApiKeys,
    CrossRegion,
    GuardrailEnforcement,
    Intent,
    Models,
    OpaqueRoute,
    UntaggableRoute,
)

__all__ = [
    "FAMILIES",
    "PROFILES",
    "ApiKeys",
    "CrossRegion",
    "GuardrailEnforcement",
    "Intent",
    "Models",
    "OpaqueRoute",
    "UntaggableRoute",
]
