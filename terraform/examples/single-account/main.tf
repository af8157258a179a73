# One workload account: the SCPs attached to it (from the organization's management account) and
# the Config rules and alerts inside it. Before `terraform apply`:
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
  region = var.region

  assume_role {
    role_arn = var.workload_role_arn
  }
}

provider "aws" {
  alias  = "management"
  region = var.region
}

# Layer 1, in the management account: the SCPs render wrote for this account.
module "policies" {
  source = "../../modules/bedrock-governance"
  providers = {
    aws = aws.management
  }

  enable_monitoring = false
  policies_dir      = "${path.module}/policies"
  scp_target_ids    = [var.workload_account_id]
  scp_limits        = "current"
}

# Layers 2 and 3, in the workload account: recorder, rules, alerts.
module "monitoring" {
  source = "../../modules/bedrock-governance"

  rules_package_dir = "${path.module}/build/rules"
  alert_emails      = var.alert_emails
  rule_parameters = {
    "bedrock-model-invocation-logging-enabled" = { requiredDestinations = "S3", kmsEncryptionRequired = "true" }
    "bedrock-no-long-term-api-keys"            = { maxAgeDays = "90" }
  }
  tags = { CostCenter = "platform" }
}
