output "scp_policy_ids" {
  description = "The SCPs created in the management account."
  value       = module.policies.scp_policy_ids
}

output "config_rule_names" {
  description = "The Config rules in the workload account."
  value       = module.monitoring.config_rule_names
}

output "sns_topic_arn" {
  description = "The alerts topic (confirm the email subscriptions)."
  value       = module.monitoring.sns_topic_arn
}
