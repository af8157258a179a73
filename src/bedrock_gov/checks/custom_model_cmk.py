"""A Bedrock custom model's weights are encrypted with a customer managed KMS key (Prowler:
bedrock_custom_model_encrypted_with_cmk).

Input: a `snapshot.CustomModel` record (GetCustomModel's `modelKmsKeyArn`; none: an AWS owned key).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bedrock_gov.checks import parameters
from bedrock_gov.checks.model import COMPLIANT, NON_COMPLIANT, CheckMetadata, CheckResult
from bedrock_gov.snapshot import CustomModel

RESOURCE_TYPE = "AWS::Bedrock::CustomModel"

METADATA = CheckMetadata(
    id="bedrock-custom-model-encrypted-with-cmk",
    title="Custom models are encrypted with a customer managed KMS key",
    resource_type=RESOURCE_TYPE,
    severity="medium",
    risk=(
        "A fine-tuned model holds what it was trained on. Under an AWS owned key the organization can neither "
        "audit who decrypts the weights nor revoke access by disabling the key."
    ),
    remediation=(
        "Customize models with customModelKmsKeyId set to a customer managed key (the key of an existing model "
        "cannot be changed: create it again with the key, then delete the old one)."
    ),
)
CONFIG_TRIGGER = None


class Parameters(NamedTuple):
    """No parameters."""


def parse_parameters(raw: Mapping[str, object]) -> Parameters:
    parameters.reject_unknown(raw, ())
    return Parameters()


def check(model: CustomModel, params: Parameters) -> CheckResult:
    """Judge one custom model."""
    resource_id = model["name"] or model["arn"]
    if model["kms_key_arn"]:
        return CheckResult(RESOURCE_TYPE, resource_id, COMPLIANT, f"Encrypted with {model['kms_key_arn']}.")
    return CheckResult(
        RESOURCE_TYPE, resource_id, NON_COMPLIANT, "Encrypted with an AWS owned key, not a customer managed one."
    )
