import pytest

from bedrock_gov.checks import agent_guardrail as control
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.collect.bedrock import agent_record
from bedrock_gov.snapshot import BedrockAgent


def agent(guardrail: object) -> BedrockAgent:
    """A ListAgents summary, through the collector's converter."""
    return agent_record({"agentId": "AGENT12345", "agentName": "support", "guardrailConfiguration": guardrail})


@pytest.mark.parametrize("guardrail", [None, {}, {"guardrailIdentifier": ""}, {"guardrailIdentifier": None}])
def test_agent_without_guardrail_is_non_compliant(guardrail: object) -> None:
    result = control.check(agent(guardrail), control.Parameters())
    assert (result.compliance, result.resource_type, result.resource_id) == (
        "NON_COMPLIANT",
        "AWS::Bedrock::Agent",
        "AGENT12345",
    )


def test_agent_with_guardrail_is_compliant() -> None:
    guardrail = {"guardrailIdentifier": "gr123", "guardrailVersion": "DRAFT"}
    assert control.check(agent(guardrail), control.Parameters()).compliance == "COMPLIANT"


def test_numbered_version_can_be_required() -> None:
    params = control.parse_parameters({"requireNumberedVersion": "true"})
    draft = {"guardrailIdentifier": "gr123", "guardrailVersion": "DRAFT"}
    assert control.check(agent(draft), params).compliance == "NON_COMPLIANT"
    assert control.check(agent({**draft, "guardrailVersion": "3"}), params).compliance == "COMPLIANT"


def test_malformed_parameters() -> None:
    with pytest.raises(ParameterError):
        control.parse_parameters({"requireNumberedVersion": "sometimes"})
