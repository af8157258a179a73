"""The module and the examples: every file parses, every reference resolves, every argument and
block exists in the AWS provider's schema, and the module declares what the issue asks for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hcl_model import CONFIGURATIONS, META_ARGUMENTS, MODULE, Configuration, is_meta_key, label, load, references
from provider_schema import Fields, load_schema
from typer.testing import CliRunner

from bedrock_gov.cli import app
from bedrock_gov.config_rules import CONFIG_RULES


@pytest.fixture(scope="module")
def schema() -> dict[str, dict[str, Fields]]:
    return load_schema()


def unresolved(config: Configuration) -> list[str]:
    problems = []
    for file, parsed in config.files.items():
        for ref in references(parsed):
            kind = ref[0]
            if kind == "var" and ref[1] not in config.variables:
                problems.append(f"{file}: var.{ref[1]}")
            elif kind == "local" and ref[1] not in config.locals:
                problems.append(f"{file}: local.{ref[1]}")
            elif kind == "data" and (ref[1], ref[2]) not in config.data:
                problems.append(f"{file}: data.{ref[1]}.{ref[2]}")
            elif kind == "resource" and (ref[1], ref[2]) not in config.resources:
                problems.append(f"{file}: {ref[1]}.{ref[2]}")
            elif kind == "module":
                if ref[1] not in config.modules:
                    problems.append(f"{file}: module.{ref[1]}")
                elif ref[2] not in module_source(config, ref[1]).outputs:
                    problems.append(f"{file}: module.{ref[1]}.{ref[2]} (no such output)")
    return problems


def module_source(config: Configuration, name: str) -> Configuration:
    source = label(config.modules[name]["source"])
    return load((config.path / source).resolve())


@pytest.mark.parametrize("path", CONFIGURATIONS, ids=lambda path: path.name)
def test_every_reference_resolves(path: Path) -> None:
    config = load(path)
    assert config.files, f"no .tf file in {path}"
    assert unresolved(config) == []


def test_the_reference_check_can_fail() -> None:
    config = load(MODULE)
    config.locals.discard("rule_zip")
    config.resources.pop(("aws_sns_topic", "alerts"))
    problems = unresolved(config)
    assert any("local.rule_zip" in problem for problem in problems)
    assert any("aws_sns_topic.alerts" in problem for problem in problems)


@pytest.mark.parametrize("path", CONFIGURATIONS, ids=lambda path: path.name)
def test_module_calls_pass_only_declared_variables(path: Path) -> None:
    config = load(path)
    for name, body in config.modules.items():
        declared = module_source(config, name).variables
        passed = {key for key in body if not is_meta_key(key) and key not in {"source", "version", *META_ARGUMENTS}}
        assert passed <= declared, f"module.{name}: {sorted(passed - declared)}"


def schema_problems(body: dict[str, Any], fields: Fields, where: str) -> list[str]:
    problems = []
    for key, value in body.items():
        if is_meta_key(key) or key in META_ARGUMENTS:
            continue
        if key == "dynamic":
            for dynamic in value:
                for block_name, spec in dynamic.items():
                    if is_meta_key(block_name):
                        continue
                    name = label(block_name)
                    content = spec["content"][0]
                    problems += _block(name, [content], fields, where)
            continue
        is_block = (
            isinstance(value, list)
            and bool(value)
            and all(isinstance(item, dict) and item.get("__is_block__") for item in value)
        )
        if key not in fields:
            problems.append(f"{where}: unknown {'block' if is_block else 'argument'} {key!r}")
        elif is_block:
            problems += _block(key, value, fields, where)
        elif fields[key] is not None and fields[key]["block"]:
            problems.append(f"{where}: {key!r} is a block, written as an argument")
    return problems


def _block(name: str, bodies: list[dict[str, Any]], fields: Fields, where: str) -> list[str]:
    spec = fields.get(name)
    if spec is None:
        return [f"{where}: {name!r} is not a block"]
    return [problem for body in bodies for problem in schema_problems(body, spec["fields"], f"{where}.{name}")]


def configuration_problems(config: Configuration, schema: dict[str, dict[str, Fields]]) -> list[str]:
    problems = []
    for kind, blocks in (("resource", config.resources), ("data", config.data)):
        for (type_name, name), body in blocks.items():
            fields = schema[kind].get(type_name)
            if fields is None:
                problems.append(f"{kind} {type_name}: not in the AWS provider")
                continue
            problems += schema_problems(body, fields, f"{type_name}.{name}")
    return problems


@pytest.mark.parametrize("path", CONFIGURATIONS, ids=lambda path: path.name)
def test_every_argument_and_block_is_in_the_provider_schema(path: Path, schema: dict[str, dict[str, Fields]]) -> None:
    assert configuration_problems(load(path), schema) == []


def test_the_schema_check_can_fail(schema: dict[str, dict[str, Fields]]) -> None:
    config = load(MODULE)
    rule = config.resources[("aws_config_config_rule", "custom")]
    rule["maximum_frequency"] = '"One_Hour"'
    rule["source"][0]["owner_id"] = '"AWS"'
    config.resources[("aws_sns_topic_v2", "x")] = {}
    problems = configuration_problems(config, schema)
    assert "aws_config_config_rule.custom: unknown argument 'maximum_frequency'" in problems
    assert "aws_config_config_rule.custom.source: unknown argument 'owner_id'" in problems
    assert "resource aws_sns_topic_v2: not in the AWS provider" in problems


def test_standard_module_structure() -> None:
    files = {path.name for path in MODULE.iterdir()}
    assert {"versions.tf", "variables.tf", "outputs.tf", "README.md", "scp.tf", "config.tf", "alerts.tf"} <= files
    config = load(MODULE)
    for parsed in config.files.values():
        for block in parsed.get("variable", []):
            for name, body in block.items():
                if not is_meta_key(name):
                    assert "description" in body and "type" in body, name
        for block in parsed.get("output", []):
            for name, body in block.items():
                if not is_meta_key(name):
                    assert "description" in body, name
    versions = config.files["versions.tf"]["terraform"][0]
    assert label(versions["required_version"]) == ">= 1.5.0"
    assert label(versions["required_providers"][0]["aws"]["version"]) == ">= 5.0"


runner = CliRunner()


def test_rule_handlers_and_triggers_come_from_the_rules_package_manifest(tmp_path: Path) -> None:
    """Rule names, handler strings and triggers exist once: in `bedrock-gov rules package`'s rules.json."""
    config = load(MODULE)
    assert config.resources[("aws_lambda_function", "rule")]["handler"] == "${local.handler[each.key]}"
    main_tf = (MODULE / "main.tf").read_text()
    assert 'jsondecode(file("${var.rules_package_dir}/rules.json")).rules' in main_tf
    assert "handler      = manifest.handler" in main_tf and "lambda_handler" not in main_tf
    assert "Handler       = local.handler[name]" in (MODULE / "organization.tf").read_text()
    permissions = next(
        block["rule_permissions"]
        for parsed in config.files.values()
        for block in parsed.get("locals", [])
        if "rule_permissions" in block
    )
    assert {label(name) for name in permissions} == set(CONFIG_RULES)
    packaged = runner.invoke(app, ["rules", "package", "--out", str(tmp_path)])
    assert packaged.exit_code == 0, packaged.output
    manifest = json.loads((tmp_path / "rules.json").read_text())["rules"]
    assert set(manifest) == set(CONFIG_RULES)
    for rule, entry in manifest.items():
        assert entry["handler"] == f"{CONFIG_RULES[rule]}.lambda_handler"
        assert (tmp_path / entry["zip"]).is_file()


def test_the_bedrock_policy_has_its_type_and_the_guardrail_policy_is_managed() -> None:
    config = load(MODULE)
    assert label(config.resources[("aws_organizations_policy", "bedrock")]["type"]) == "BEDROCK_POLICY"
    assert label(config.resources[("aws_organizations_policy", "scp")]["type"]) == "SERVICE_CONTROL_POLICY"
    guardrail = config.resources[("aws_cloudcontrolapi_resource", "guardrail_policy")]
    assert label(guardrail["type_name"]) == "AWS::Bedrock::ResourcePolicy"
    assert "aws:PrincipalOrgID" in guardrail["desired_state"] and "bedrock:ApplyGuardrail" in guardrail["desired_state"]


def test_the_readme_lists_every_input_output_and_resource() -> None:
    readme = (MODULE / "README.md").read_text()
    config = load(MODULE)
    for name in config.variables | config.outputs:
        assert f"| {name} |" in readme, name
    for type_name, name in [*config.resources, *config.data]:
        assert f"| {type_name}.{name} |" in readme, f"{type_name}.{name}"
