variable "region" {
  description = "Home Region: the guardrails named for it get their resource policy here, and the StackSet deploys the rules here."
  type        = string
  default     = "us-east-1"
}

variable "ai_workloads_ou_ids" {
  description = "The OUs governed (must match targets in governance.yaml)."
  type        = list(string)
  default     = ["ou-ab12-aiwork01"]
}

variable "existing_scp_attachments" {
  description = "SCPs already attached to each OU besides FullAWSAccess (governance.yaml lists them under existing_scps)."
  type        = map(number)
  default     = { "ou-ab12-aiwork01" = 1 } # DenyLeaveOrganization
}

variable "delegated_admin_role_arn" {
  description = "Role in the delegated administrator (security tooling) account that Terraform assumes."
  type        = string
}

variable "alert_emails" {
  description = "Who receives NON_COMPLIANT alerts from every account."
  type        = list(string)
}
