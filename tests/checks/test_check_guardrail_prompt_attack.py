import pytest

from bedrock_gov.checks import guardrail_prompt_attack as control
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.config_rules.items import guardrail
from bedrock_gov.snapshot import Guardrail

HIGH = control.Parameters()


def cfn(*filters: dict[str, object]) -> Guardrail:
    return guardrail({"resourceId": "gr1", "configuration": {"ContentPolicyConfig": {"FiltersConfig": list(filters)}}})


def test_high_prompt_attack_filter_is_compliant() -> None:
    assert control.check(cfn({"Type": "PROMPT_ATTACK", "InputStrength": "HIGH"}), HIGH).compliance == "COMPLIANT"


def test_weaker_filter_than_required_is_non_compliant() -> None:
    result = control.check(cfn({"Type": "PROMPT_ATTACK", "InputStrength": "MEDIUM"}), HIGH)
    assert (result.compliance, "MEDIUM" in result.annotation) == ("NON_COMPLIANT", True)
    medium = control.parse_parameters({"minimumStrength": "medium"})
    assert control.check(cfn({"Type": "PROMPT_ATTACK", "InputStrength": "MEDIUM"}), medium).compliance == "COMPLIANT"


@pytest.mark.parametrize(
    "filters",
    [
        [],
        [{"Type": "VIOLENCE", "InputStrength": "HIGH"}],
        [{"Type": "PROMPT_ATTACK", "InputStrength": "HIGH", "InputEnabled": False}],
        [{"Type": "PROMPT_ATTACK", "InputStrength": "HIGH", "InputAction": "NONE"}],
        [{"Type": "PROMPT_ATTACK"}],
    ],
)
def test_missing_disabled_or_detect_only_filters_are_non_compliant(filters: list[dict[str, object]]) -> None:
    assert control.check(cfn(*filters), HIGH).compliance == "NON_COMPLIANT"


def test_guardrail_without_content_policy_is_non_compliant() -> None:
    assert (
        control.check(guardrail({"resourceId": "gr1", "configuration": {"Name": "x"}}), HIGH).compliance
        == "NON_COMPLIANT"
    )


def test_get_guardrail_api_shape_is_read_too() -> None:
    api = {
        "resourceId": "gr1",
        "configuration": {"contentPolicy": {"filters": [{"type": "PROMPT_ATTACK", "inputStrength": "HIGH"}]}},
    }
    assert control.check(guardrail(api), HIGH).compliance == "COMPLIANT"


def test_null_configuration_is_not_guessed() -> None:
    assert control.check(guardrail({"resourceId": "gr1", "configuration": None}), HIGH).compliance == "NOT_APPLICABLE"


@pytest.mark.parametrize("raw", [{"minimumStrength": "NONE"}, {"minimumStrength": "extreme"}, {"strength": "HIGH"}])
def test_malformed_parameters(raw: dict[str, object]) -> None:
    with pytest.raises(ParameterError):
        control.parse_parameters(raw)
