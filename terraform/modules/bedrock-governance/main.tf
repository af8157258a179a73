data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_organizations_organization" "this" {
  count = local.needs_organization ? 1 : 0
}

locals {
  account_id   = data.aws_caller_identity.current.account_id
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.id
  organization = local.needs_organization ? data.aws_organizations_organization.this[0] : null
  org_mode     = var.deployment_mode == "organization"
  tags         = merge(var.tags, { ManagedBy = "bedrock-gov" })

  needs_organization = local.org_mode || (length(local.guardrail_arns) > 0 && var.manage_guardrail_resource_policies)

  # The render output: SCP documents and the Bedrock policy, as listed in render's manifest.
  manifest         = var.policies_dir == null ? null : jsondecode(file("${var.policies_dir}/manifest.json"))
  scp_documents    = local.manifest == null ? {} : { for doc in local.manifest.documents : doc.name => doc if doc.type == "SERVICE_CONTROL_POLICY" }
  bedrock_policies = local.manifest == null ? {} : { for doc in local.manifest.bedrock_policies : doc.name => doc if doc.type == "BEDROCK_POLICY" }

  # The rules of docs/rules.md. The handler string is <handler_package>.<module>.lambda_handler:
  # when the handler package is renamed, only the default of var.handler_package changes.
  rules = {
    "bedrock-agent-vpc-required" = {
      module         = "agent_vpc_required"
      description    = "A Lambda function tagged as a Bedrock agent action group must run in a VPC."
      change_types   = ["AWS::Lambda::Function"]
      periodic       = true
      reads_verdicts = true
      statements = [
        { actions = ["lambda:ListFunctions"], resources = ["*"] },
        { actions = ["lambda:ListTags"], resources = ["arn:${local.partition}:lambda:*:*:function:*"] },
        { actions = ["config:GetResourceConfigHistory"], resources = ["*"] },
      ]
    }
    "bedrock-model-invocation-logging-enabled" = {
      module         = "invocation_logging_enabled"
      description    = "Bedrock model invocation logging is on in this Region, to the required destinations."
      change_types   = []
      periodic       = true
      reads_verdicts = false
      statements = [
        { actions = ["bedrock:GetModelInvocationLoggingConfiguration"], resources = ["*"] },
        { actions = ["s3:GetEncryptionConfiguration"], resources = ["arn:${local.partition}:s3:::*"] },
        { actions = ["logs:DescribeLogGroups"], resources = ["*"] },
      ]
    }
    "bedrock-no-long-term-api-keys" = {
      module         = "no_long_term_api_keys"
      description    = "No IAM user holds an active long-term Bedrock API key in scope."
      change_types   = []
      periodic       = true
      reads_verdicts = true
      statements = [
        { actions = ["iam:ListUsers", "iam:ListServiceSpecificCredentials"], resources = ["arn:${local.partition}:iam::*:user/*"] },
      ]
    }
    "bedrock-agent-guardrail-required" = {
      module         = "agent_guardrail_required"
      description    = "Every Bedrock agent has a guardrail."
      change_types   = []
      periodic       = true
      reads_verdicts = true
      statements = [
        { actions = ["bedrock:ListAgents"], resources = ["*"] },
      ]
    }
    "bedrock-guardrail-prompt-attack-filter" = {
      module         = "guardrail_prompt_attack_filter"
      description    = "Every guardrail blocks prompt attacks on input at the required strength."
      change_types   = ["AWS::Bedrock::Guardrail"]
      periodic       = false
      reads_verdicts = false
      statements = [
        { actions = ["config:GetResourceConfigHistory"], resources = ["*"] },
      ]
    }
  }
  rule_names        = var.rules_package_dir == null ? [] : sort(keys(local.rules))
  deployed_rules    = { for name in local.rule_names : name => local.rules[name] }
  single_account    = var.deployment_mode == "single-account"
  function_name     = { for name in local.rule_names : name => "${var.name_prefix}-${name}" }
  log_group_prefix  = "/aws/lambda/${var.name_prefix}-"
  handler           = { for name in local.rule_names : name => "${var.handler_package}.${local.rules[name].module}.lambda_handler" }
  rule_zip          = { for name in local.rule_names : name => "${var.rules_package_dir}/${name}.zip" }
  managed_rule_name = "${var.name_prefix}-cloudtrail-enabled"
  # Config rule names are the names of docs/rules.md, the same in every account (verify looks them up).
  all_rule_names = concat([local.managed_rule_name], local.rule_names)

  # Resource types the recorder must record for the change-triggered rules, plus Bedrock types
  # Config records (aws-facts "Amazon Bedrock").
  recorded_types = distinct(concat(
    flatten([for rule in values(local.rules) : rule.change_types]),
    ["AWS::Bedrock::Guardrail", "AWS::Bedrock::KnowledgeBase", "AWS::Bedrock::DataSource", "AWS::Bedrock::ApplicationInferenceProfile", "AWS::Bedrock::Prompt"],
  ))
}
