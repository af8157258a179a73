"""Test 3, the Config rule: a Lambda function tagged BedrockAgent=true outside any VPC is judged
NON_COMPLIANT by `bedrock-agent-vpc-required`. Polls the rule's result with backoff (no fixed sleep)."""

from __future__ import annotations

from bedrock_gov.collect.aws_calls import error_code
from bedrock_gov.verify.agent_function import deploy_agent_function
from bedrock_gov.verify.cleanup import Ledger
from bedrock_gov.verify.context import CONFIG_RULE, RunContext
from bedrock_gov.verify.outcome import Status, Steps, Verdict
from bedrock_gov.verify.plan import TestPlan
from bedrock_gov.verify.waiting import poll

LABEL = "config"
RESOURCE_TYPE = "AWS::Lambda::Function"
EXPECTED = "NON_COMPLIANT"


def plan(run: RunContext) -> TestPlan:
    return TestPlan(
        creates=(("iam-role", run.name(f"{LABEL}-role")), ("lambda-function", run.name(LABEL))),
        calls=(
            ("config DescribeConfigRules", f"{CONFIG_RULE} is deployed"),
            ("iam CreateRole", "the function's execution role (no permissions)"),
            ("lambda CreateFunction", "tagged BedrockAgent=true, no VPC, never invoked"),
            ("config GetComplianceDetailsByResource", f"until {CONFIG_RULE} answers or --timeout"),
        ),
    )


def rule_is_deployed(run: RunContext) -> bool:
    """The rule exists and is not being deleted (ConfigRuleState ACTIVE or EVALUATING)."""
    try:
        rules = run.clients("config").describe_config_rules(ConfigRuleNames=[CONFIG_RULE])["ConfigRules"]
    except Exception as error:
        if error_code(error) == "NoSuchConfigRuleException":
            return False
        raise
    return any(not str(rule.get("ConfigRuleState", "ACTIVE")).startswith("DELETING") for rule in rules)


def rule_result(run: RunContext, function_name: str) -> tuple[str, str] | None:
    """The rule's (compliance type, annotation) for the function, once it has one."""
    results = run.clients("config").get_compliance_details_by_resource(
        ResourceType=RESOURCE_TYPE, ResourceId=function_name
    )["EvaluationResults"]
    for result in results:
        qualifier = result["EvaluationResultIdentifier"]["EvaluationResultQualifier"]
        if qualifier.get("ConfigRuleName") == CONFIG_RULE:
            return str(result["ComplianceType"]), str(result.get("Annotation", ""))
    return None


def run_test(run: RunContext, ledger: Ledger, steps: Steps) -> Verdict:
    with steps.timed("config DescribeConfigRules"):
        if not rule_is_deployed(run):
            return Verdict(Status.FAIL, f"the Config rule {CONFIG_RULE} is not deployed in {run.region}")
    function_name = deploy_agent_function(run, ledger, steps, LABEL)
    with steps.timed("config GetComplianceDetailsByResource (polling)") as detail:
        answer, polls = poll(lambda: rule_result(run, function_name), run.timing)
        detail.append(f"{polls} poll(s)")
    if answer is None:
        return Verdict(
            Status.UNDECIDED,
            f"{CONFIG_RULE} gave no result for {function_name} within {run.timing.timeout:.0f} s",
            (f"{polls} poll(s); is the recorder on and recording AWS::Lambda::Function?",),
        )
    compliance, annotation = answer
    evidence = (
        f"{CONFIG_RULE}: {compliance} for {RESOURCE_TYPE} {function_name}" + (f" ({annotation})" if annotation else ""),
    )
    if compliance != EXPECTED:
        return Verdict(Status.FAIL, f"{CONFIG_RULE} judged the VPC-less agent function {compliance}", evidence)
    return Verdict(Status.PASS, f"{CONFIG_RULE} judged the VPC-less agent function NON_COMPLIANT", evidence)
