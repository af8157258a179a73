variable "role_name" {
  description = "Name of the read-only role `bedrock-gov collect --member-role` assumes."
  type        = string
  default     = "BedrockGovAudit"
}

variable "trusted_account_id" {
  description = "The management or delegated-administrator account that runs `bedrock-gov collect`."
  type        = string
  validation {
    condition     = can(regex("^[0-9]{12}$", var.trusted_account_id))
    error_message = "trusted_account_id must be a 12-digit AWS account ID."
  }
}

variable "trusted_principal_arns" {
  description = "Principals in the trusted account allowed to assume the role (empty: any principal the account's IAM allows)."
  type        = list(string)
  default     = []
}

variable "external_id" {
  description = "Optional sts:ExternalId the caller must present."
  type        = string
  default     = null
}

variable "max_session_duration" {
  description = "Maximum session length in seconds (a large organization may need more than an hour)."
  type        = number
  default     = 3600
}

variable "tags" {
  description = "Tags for the role and its policy."
  type        = map(string)
  default     = {}
}
