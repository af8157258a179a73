variable "name_prefix" {
  description = "Prefix of every name this module gives (topic, rules, functions, roles, buckets). Names are stable so that `bedrock-gov verify` can find them."
  type        = string
  default     = "bedrock-gov"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "deployment_mode" {
  description = "single-account: the Config rules and alerts in this account and Region. organization: applied in the delegated administrator account, the rules reach every member account through a service-managed StackSet, with an organization aggregator."
  type        = string
  default     = "single-account"

  validation {
    condition     = contains(["single-account", "organization"], var.deployment_mode)
    error_message = "deployment_mode must be single-account or organization."
  }
}

variable "enable_monitoring" {
  description = "Deploy layers 2 and 3 (Config recorder and rules, alerts). False: only the Organizations policies of layer 1, for a module instance in the management account."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every taggable resource (the module adds ManagedBy = bedrock-gov)."
  type        = map(string)
  default     = {}
}

# ---- Layer 1: SCPs (and the org-enforced guardrail), applied in the management account ----

variable "policies_dir" {
  description = "Directory written by `bedrock-gov render` (manifest.json, the SCP documents, and BedrockPolicy.json when the intent enforces a guardrail). Null: no Organizations policy is managed here."
  type        = string
  default     = null
}

variable "scp_target_ids" {
  description = "Roots, OUs or accounts (r-..., ou-..., 12-digit IDs) to attach every rendered SCP to."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.scp_target_ids : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$", id))])
    error_message = "Each target must be a root (r-...), an OU (ou-...-...) or a 12-digit account ID."
  }
}

variable "scp_limits" {
  description = "AWS Organizations quota in force: current (10 SCPs per target since 2026-05-15) or legacy (5). FullAWSAccess counts against it."
  type        = string
  default     = "current"

  validation {
    condition     = contains(["current", "legacy"], var.scp_limits)
    error_message = "scp_limits must be current or legacy."
  }
}

variable "existing_scp_attachments" {
  description = "Target ID -> number of SCPs already attached there besides FullAWSAccess (they use the attachment budget)."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for count in values(var.existing_scp_attachments) : count >= 0 && floor(count) == count])
    error_message = "Attachment counts must be whole numbers, 0 or more."
  }
}

variable "bedrock_policy_target_ids" {
  description = "Roots, OUs or accounts to attach the rendered Bedrock policy (type BEDROCK_POLICY, org-enforced guardrail) to. Needs BedrockPolicy.json in policies_dir and the BEDROCK_POLICY type enabled on the root."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.bedrock_policy_target_ids : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$", id))])
    error_message = "Each target must be a root (r-...), an OU (ou-...-...) or a 12-digit account ID."
  }
}

variable "manage_guardrail_resource_policies" {
  description = "Attach to each enforced guardrail the resource-based policy that lets the organization's accounts call bedrock:ApplyGuardrail on it (required for org enforcement). The guardrails must be in this provider's Region."
  type        = bool
  default     = true
}

# ---- Layer 2: AWS Config ----

variable "rules_package_dir" {
  description = "Directory written by `bedrock-gov rules package --out DIR`: one zip per rule and rules.json (names, handlers, triggers). Null: no custom rule is deployed."
  type        = string
  default     = null
}

variable "lambda_runtime" {
  description = "Lambda runtime of the rule functions."
  type        = string
  default     = "python3.12"

  validation {
    condition     = can(regex("^python3\\.(1[1-9])$", var.lambda_runtime))
    error_message = "The handlers need Python 3.11 or later (python3.11, python3.12, ...)."
  }
}

variable "rule_parameters" {
  description = "Rule name -> its InputParameters (docs/rules.md). Unknown keys stop the rule, so only documented parameters belong here."
  type        = map(map(string))
  default     = {}

  validation {
    condition = alltrue([for name in keys(var.rule_parameters) : contains([
      "bedrock-agent-vpc-required", "bedrock-model-invocation-logging-enabled", "bedrock-no-long-term-api-keys",
      "bedrock-agent-guardrail-required", "bedrock-guardrail-prompt-attack-filter",
    ], name)])
    error_message = "rule_parameters keys must be rule names from docs/rules.md."
  }
}

variable "periodic_frequency" {
  description = "How often the periodic rules run."
  type        = string
  default     = "TwentyFour_Hours"

  validation {
    condition     = contains(["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"], var.periodic_frequency)
    error_message = "periodic_frequency must be One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours."
  }
}

variable "create_config_recorder" {
  description = "Create the Config recorder, delivery channel and bucket. Set false where a recorder already exists (one per account and Region; Control Tower manages its own)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the rule functions' log groups."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, ..., 365, ..., 3653)."
  }
}

# ---- Layer 3: alerts ----

variable "alert_emails" {
  description = "Addresses subscribed to the alert topic (each must confirm the subscription email)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for email in var.alert_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", email))])
    error_message = "Each alert email must look like name@example.com."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period before the alerts key is deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
}

# ---- Organization mode (applied in the delegated administrator account) ----

variable "organization_target_ou_ids" {
  description = "Organization mode: OUs (or the root) whose accounts receive the rules through the service-managed StackSet, in this Region. New accounts there get them automatically."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.organization_target_ou_ids : can(regex("^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$", id))])
    error_message = "Each StackSet target must be a root (r-...) or an OU (ou-...-...)."
  }
}
