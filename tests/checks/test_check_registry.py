import importlib

from bedrock_gov.checks.registry import CHECKS
from bedrock_gov.config_rules import CONFIG_RULES


def test_every_check_has_the_same_interface_and_one_rule_per_check() -> None:
    ids = [check.METADATA.id for check in CHECKS if check.CONFIG_TRIGGER is not None]
    assert sorted(ids) == sorted(CONFIG_RULES)
    assert len({check.METADATA.id for check in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert check.METADATA.resource_type == check.RESOURCE_TYPE
        assert callable(check.parse_parameters) and callable(check.check)
        assert check.parse_parameters({}) == check.Parameters()


def test_each_handler_judges_exactly_its_checks_resource_type() -> None:
    by_id = {check.METADATA.id: check for check in CHECKS}
    for name, module in CONFIG_RULES.items():
        rule = importlib.import_module(module).CONFIG_RULE
        assert rule.name == name
        assert rule.resource_types == {by_id[name].RESOURCE_TYPE}


def test_each_handler_runs_as_its_check_declares() -> None:
    """Change-triggered checks have an item judge for exactly their types; periodic ones a listing."""
    by_id = {check.METADATA.id: check for check in CHECKS}
    for name, module in CONFIG_RULES.items():
        rule, trigger = importlib.import_module(module).CONFIG_RULE, by_id[name].CONFIG_TRIGGER
        assert (rule.check_item is not None) == bool(trigger.change_types)
        assert trigger.change_types <= rule.resource_types
        assert (rule.list_current is not None) == trigger.periodic
