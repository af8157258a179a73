output "scp_policy_ids" {
  description = "The SCPs created in the management account."
  value       = module.organization_policies.scp_policy_ids
}

output "bedrock_policy_ids" {
  description = "The Bedrock policies (org-enforced guardrails)."
  value       = module.organization_policies.bedrock_policy_ids
}

output "stack_set_name" {
  description = "The StackSet that deploys the rules to member accounts."
  value       = module.organization_monitoring.stack_set_name
}

output "aggregator_name" {
  description = "The organization-wide Config aggregator."
  value       = module.organization_monitoring.aggregator_name
}

output "sns_topic_arn" {
  description = "The alerts topic."
  value       = module.organization_monitoring.sns_topic_arn
}
