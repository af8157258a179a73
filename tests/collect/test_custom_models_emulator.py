"""Custom models and their KMS keys, read from moto over real HTTP. (moto 5.2.5 gives every custom
model a key ARN of its own making, even one customized without `customModelKmsKeyId`, so the
failing case is the check's unit test, not this one.)"""

from __future__ import annotations

import boto3

from bedrock_gov.checks import custom_model_cmk
from bedrock_gov.collect.aws_calls import boto3_clients
from bedrock_gov.collect.bedrock import list_custom_models

KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def _customize(bedrock: object, name: str, key: str | None) -> None:
    extra = {"customModelKmsKeyId": key} if key else {}
    bedrock.create_model_customization_job(  # type: ignore[attr-defined]
        jobName=f"job-{name}",
        customModelName=name,
        roleArn="arn:aws:iam::123456789012:role/customization",
        baseModelIdentifier="amazon.titan-text-express-v1",
        trainingDataConfig={"s3Uri": "s3://training/data.jsonl"},
        outputDataConfig={"s3Uri": "s3://training/out/"},
        hyperParameters={"epochCount": "1"},
        **extra,
    )


def test_custom_models_and_their_keys_are_read_and_judged(emulator: str) -> None:
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="training")
    _customize(bedrock, "with-key", KEY)
    _customize(bedrock, "without-key", None)
    collected = list_custom_models(boto3_clients(region="us-east-1"))
    assert collected["not_collected"] == []
    keys = {model["name"]: model["kms_key_arn"] for model in collected["records"]}
    assert set(keys) == {"with-key", "without-key"}
    assert all(key and key.startswith("arn:aws:kms:us-east-1:") for key in keys.values())


def test_the_check_fails_a_model_under_an_aws_owned_key() -> None:
    params = custom_model_cmk.Parameters()
    owned = {"arn": "arn:aws:bedrock:us-east-1:1:custom-model/m", "name": "m", "kms_key_arn": None}
    assert custom_model_cmk.check(owned, params).compliance == "NON_COMPLIANT"  # type: ignore[arg-type]
    assert custom_model_cmk.check({**owned, "kms_key_arn": KEY}, params).compliance == "COMPLIANT"  # type: ignore[arg-type]
