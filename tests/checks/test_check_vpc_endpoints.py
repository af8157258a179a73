from typing import Any

from bedrock_gov.checks import vpc_endpoints as control
from bedrock_gov.snapshot.document import Vpc, VpcEndpoint

PARAMS = control.Parameters()


def _endpoint(service: str, vpc: str = "vpc-1", state: str = "available") -> VpcEndpoint:
    return VpcEndpoint(id=f"vpce-{service}", vpc_id=vpc, service_name=f"com.amazonaws.us-east-1.{service}", state=state)


ALL = [_endpoint(service) for service in control.BEDROCK_ENDPOINT_SERVICES]


def test_a_vpc_in_use_with_every_bedrock_endpoint_passes() -> None:
    assert control.check(Vpc(id="vpc-1", in_use=True), ALL, PARAMS).compliance == "COMPLIANT"


def test_missing_pending_or_other_vpc_endpoints_do_not_count() -> None:
    endpoints = [
        *[e for e in ALL if not e["service_name"].endswith((".bedrock-runtime", ".bedrock-mantle"))],
        _endpoint("bedrock-runtime", state="pending"),
        _endpoint("bedrock-mantle", vpc="vpc-2"),
    ]
    result = control.check(Vpc(id="vpc-1", in_use=True), endpoints, PARAMS)
    assert (result.compliance, result.annotation) == (
        "NON_COMPLIANT",
        "No available VPC endpoint for: bedrock-runtime, bedrock-mantle.",
    )


def test_a_vpc_not_in_use_is_out_of_scope() -> None:
    result = control.check(Vpc(id="vpc-idle", in_use=False), [], PARAMS)
    assert result.compliance == "NOT_APPLICABLE" and not result.undetermined


def _bedrock(**changes: Any) -> Any:
    collected = {"status": "collected"}
    section = {
        "invocation_logging": None,
        "invocation_logging_collection": collected,
        "guardrails": [],
        "guardrails_collection": collected,
        "agents": [],
        "agents_collection": collected,
        "inference_profiles": [],
        "inference_profiles_collection": collected,
    }
    return {**section, **changes}


def test_bedrock_is_used_with_logging_a_guardrail_or_an_agent() -> None:
    assert control.bedrock_in_use(_bedrock()) is False
    assert control.bedrock_in_use(_bedrock(guardrails=[{"id": "gr-1"}])) is True
    logging = {
        "account_id": "1",
        "region": "us-east-1",
        "logging": {"s3_bucket": "b", "log_group": None, "data_types": []},
    }
    assert control.bedrock_in_use(_bedrock(invocation_logging=logging)) is True


def test_whether_bedrock_is_used_is_unknown_when_a_part_was_not_collected() -> None:
    denied = {"status": "access_denied", "reason": "ListAgents: AccessDeniedException"}
    reason = control.bedrock_in_use(_bedrock(agents_collection=denied))
    assert isinstance(reason, str) and "agents (access_denied: ListAgents: AccessDeniedException)" in reason
    assert control.bedrock_in_use(_bedrock(agents_collection=denied, guardrails=[{"id": "gr-1"}])) is True
