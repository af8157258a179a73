import pytest

from bedrock_gov.checks import guardrails_configured as control
from bedrock_gov.checks.model import ParameterError
from bedrock_gov.snapshot import Guardrail


def test_no_guardrail_is_non_compliant_and_one_is_enough() -> None:
    params = control.Parameters()
    none = control.check("111111111111", "us-east-1", [], params)
    assert (none.compliance, none.annotation) == ("NON_COMPLIANT", "us-east-1: no Bedrock guardrail.")
    one = control.check("111111111111", "us-east-1", [Guardrail(id="gr-1")], params)
    assert one.compliance == "COMPLIANT" and one.resource_id == "111111111111"


def test_it_takes_no_parameters_and_is_not_a_config_rule() -> None:
    with pytest.raises(ParameterError):
        control.parse_parameters({"minimum": "1"})
    assert control.CONFIG_TRIGGER is None
