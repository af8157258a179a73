# The whole organization. Two module instances, two accounts, applied in this order:
#   1. management account: SCPs and the Bedrock policy on the AI Workloads OU, and the guardrails'
#      resource-based policies (the guardrails live here);
#   2. delegated administrator: the rules in every account of the OU (service-managed StackSet),
#      the organization aggregator and the alerts.
# Prerequisites (once, in the management account): trusted access for AWS Config and
# CloudFormation StackSets, the delegated administrator registered for both, the BEDROCK_POLICY
# and SERVICE_CONTROL_POLICY types enabled on the root, and the guardrail versions published.
#   bedrock-gov rules package --out build/rules    # the Lambda zips (not committed)

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  alias  = "management"
  region = var.region
}

provider "aws" {
  alias  = "security"
  region = var.region

  assume_role {
    role_arn = var.delegated_admin_role_arn
  }
}

module "organization_policies" {
  source = "../../modules/bedrock-governance"
  providers = {
    aws = aws.management
  }

  enable_monitoring         = false
  policies_dir              = "${path.module}/policies"
  scp_target_ids            = var.ai_workloads_ou_ids
  existing_scp_attachments  = var.existing_scp_attachments
  bedrock_policy_target_ids = var.ai_workloads_ou_ids
}

module "organization_monitoring" {
  source = "../../modules/bedrock-governance"
  providers = {
    aws = aws.security
  }

  deployment_mode            = "organization"
  organization_target_ou_ids = var.ai_workloads_ou_ids
  create_config_recorder     = false # member accounts record through Control Tower's recorder
  rules_package_dir          = "${path.module}/build/rules"
  alert_emails               = var.alert_emails
  rule_parameters = {
    "bedrock-guardrail-prompt-attack-filter" = { minimumStrength = "HIGH" }
  }

  depends_on = [module.organization_policies]
}
