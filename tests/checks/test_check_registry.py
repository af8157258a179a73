import importlib

from bedrock_gov.checks.registry import CHECKS
from bedrock_gov.rules import RULES


def test_every_check_has_the_same_interface_and_one_rule_per_check() -> None:
    ids = [check.METADATA.id for check in CHECKS]
    assert sorted(ids) == sorted(RULES)
    for check in CHECKS:
        assert check.METADATA.resource_type == check.RESOURCE_TYPE
        assert callable(check.parse_parameters) and callable(check.check)
        assert check.parse_parameters({}) == check.Parameters()


def test_each_handler_judges_exactly_its_checks_resource_type() -> None:
    by_id = {check.METADATA.id: check for check in CHECKS}
    for name, module in RULES.items():
        rule = importlib.import_module(module).RULE
        assert rule.name == name
        assert rule.resource_types == {by_id[name].RESOURCE_TYPE}
