variable "region" {
  description = "Region of the Config rules and alerts (run the example once per Region where Bedrock is used)."
  type        = string
  default     = "us-east-1"
}

variable "workload_account_id" {
  description = "The account the SCPs are attached to and the rules run in (must match targets in governance.yaml)."
  type        = string
  default     = "222233334444"

  validation {
    condition     = can(regex("^[0-9]{12}$", var.workload_account_id))
    error_message = "workload_account_id must be a 12-digit account ID."
  }
}

variable "workload_role_arn" {
  description = "Role in the workload account that Terraform assumes for layers 2 and 3."
  type        = string
}

variable "alert_emails" {
  description = "Who receives NON_COMPLIANT alerts."
  type        = list(string)
}
