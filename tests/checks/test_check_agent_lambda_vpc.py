import pytest

from bedrock_gov.checks import agent_lambda_vpc as control
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.config_rules import items
from bedrock_gov.snapshot import LambdaFunction

DEFAULT = control.Parameters()


def item(tags: object = None, configuration: object = None) -> LambdaFunction:
    """A configuration item as Config sends it, through the rule's converter."""
    config_item = {
        "resourceType": control.RESOURCE_TYPE,
        "resourceId": "fn",
        "tags": tags,
        "configuration": configuration,
    }
    return items.lambda_function(config_item)


def test_tagged_function_without_subnets_is_non_compliant() -> None:
    result = control.check(item({"BedrockAgent": "true"}, {"vpcConfig": {"subnetIds": []}}), DEFAULT)
    assert (result.compliance, result.resource_id) == ("NON_COMPLIANT", "fn")


@pytest.mark.parametrize("configuration", [{"vpcConfig": None}, {}, {"vpcConfig": {"subnetIds": None}}])
def test_null_vpc_config_counts_as_outside_a_vpc(configuration: object) -> None:
    assert control.check(item({"BedrockAgent": "true"}, configuration), DEFAULT).compliance == "NON_COMPLIANT"


def test_tagged_function_in_subnets_is_compliant() -> None:
    result = control.check(item({"BedrockAgent": "true"}, {"vpcConfig": {"subnetIds": ["subnet-1"]}}), DEFAULT)
    assert result.compliance == "COMPLIANT"


@pytest.mark.parametrize("tags", [None, {}, {"BedrockAgent": "false"}, {"bedrockagent": "true"}, "not a map"])
def test_untagged_or_differently_tagged_functions_are_not_applicable(tags: object) -> None:
    assert control.check(item(tags, {"vpcConfig": None}), DEFAULT).compliance == "NOT_APPLICABLE"


def test_null_configuration_is_reported_as_unchecked_not_guessed() -> None:
    result = control.check(item({"BedrockAgent": "true"}, None), DEFAULT)
    assert result.compliance == "NOT_APPLICABLE"
    assert "Could not check" in result.annotation


def test_tag_key_and_value_come_from_parameters() -> None:
    params = control.parse_parameters({"tagKey": "team", "tagValue": "agents"})
    assert control.check(item({"team": "agents"}, {"vpcConfig": {}}), params).compliance == "NON_COMPLIANT"
    assert control.check(item({"BedrockAgent": "true"}, {"vpcConfig": {}}), params).compliance == "NOT_APPLICABLE"


@pytest.mark.parametrize("raw", [{"tagKey": ""}, {"tagValue": 3}, {"tagkey": "x"}])
def test_malformed_parameters_are_named(raw: dict[str, object]) -> None:
    with pytest.raises(ParameterError, match="tag"):
        control.parse_parameters(raw)
