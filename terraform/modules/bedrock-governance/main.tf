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

  # The rules' names, handler strings and triggers come from `bedrock-gov rules package`'s
  # rules.json (never a second list here); this table adds what only a deployment decides: each
  # rule's description and its least-privilege permissions.
  rules_manifest = var.rules_package_dir == null ? {} : jsondecode(file("${var.rules_package_dir}/rules.json")).rules
  rule_permissions = {
    "bedrock-agent-vpc-required" = {
      description    = "A Lambda function tagged as a Bedrock agent action group must run in a VPC."
      reads_verdicts = true
      statements = [
        { actions = ["lambda:ListFunctions"], resources = ["*"] },
        { actions = ["lambda:ListTags"], resources = ["arn:${local.partition}:lambda:*:*:function:*"] },
        { actions = ["config:GetResourceConfigHistory"], resources = ["*"] },
      ]
    }
    "bedrock-model-invocation-logging-enabled" = {
      description    = "Bedrock model invocation logging is on in this Region, to the required destinations."
      reads_verdicts = false
      statements = [
        { actions = ["bedrock:GetModelInvocationLoggingConfiguration"], resources = ["*"] },
        { actions = ["s3:GetEncryptionConfiguration"], resources = ["arn:${local.partition}:s3:::*"] },
        { actions = ["logs:DescribeLogGroups"], resources = ["*"] },
      ]
    }
    "bedrock-no-long-term-api-keys" = {
      description    = "No IAM user holds an active long-term Bedrock API key in scope."
      reads_verdicts = true
      statements = [
        { actions = ["iam:ListUsers", "iam:ListServiceSpecificCredentials"], resources = ["arn:${local.partition}:iam::*:user/*"] },
      ]
    }
    "bedrock-agent-guardrail-required" = {
      description    = "Every Bedrock agent has a guardrail."
      reads_verdicts = true
      statements = [
        { actions = ["bedrock:ListAgents"], resources = ["*"] },
      ]
    }
    "bedrock-guardrail-prompt-attack-filter" = {
      description    = "Every guardrail blocks prompt attacks on input at the required strength."
      reads_verdicts = false
      statements = [
        { actions = ["config:GetResourceConfigHistory"], resources = ["*"] },
      ]
    }
  }
  rules = {
    for name, manifest in local.rules_manifest : name => merge(local.rule_permissions[name], {
      handler      = manifest.handler
      change_types = manifest.change_types
      periodic     = manifest.periodic
    })
  }
  rule_names        = sort(keys(local.rules))
  deployed_rules    = { for name in local.rule_names : name => local.rules[name] }
  single_account    = var.deployment_mode == "single-account"
  function_name     = { for name in local.rule_names : name => "${var.name_prefix}-${name}" }
  log_group_prefix  = "/aws/lambda/${var.name_prefix}-"
  handler           = { for name in local.rule_names : name => local.rules[name].handler }
  rule_zip          = { for name in local.rule_names : name => "${var.rules_package_dir}/${local.rules_manifest[name].zip}" }
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
