output "scp_policy_ids" {
  description = "Rendered SCP name -> Organizations policy ID."
  value       = { for name, policy in aws_organizations_policy.scp : name => policy.id }
}

output "bedrock_policy_ids" {
  description = "Rendered Bedrock policy name -> Organizations policy ID (type BEDROCK_POLICY)."
  value       = { for name, policy in aws_organizations_policy.bedrock : name => policy.id }
}

output "guardrail_resource_policy_arns" {
  description = "Guardrails given the organization's bedrock:ApplyGuardrail resource-based policy."
  value       = sort([for arn in keys(aws_cloudcontrolapi_resource.guardrail_policy) : arn])
}

output "config_rule_names" {
  description = "Names of the Config rules this module deploys (the same in every account); the alert rule matches exactly these."
  value       = local.all_rule_names
}

output "config_rule_arns" {
  description = "Single-account mode: Config rule name -> ARN."
  value       = merge({ for name, rule in aws_config_config_rule.custom : name => rule.arn }, { for rule in aws_config_config_rule.cloudtrail_enabled : rule.name => rule.arn })
}

output "lambda_function_arns" {
  description = "Single-account mode: rule name -> Lambda function ARN."
  value       = { for name, function in aws_lambda_function.rule : name => function.arn }
}

output "config_bucket_name" {
  description = "The Config delivery bucket (null when create_config_recorder is false)."
  value       = one(aws_s3_bucket.config[*].id)
}

output "sns_topic_arn" {
  description = "The alerts topic."
  value       = one(aws_sns_topic.alerts[*].arn)
}

output "event_rule_name" {
  description = "The EventBridge rule that matches NON_COMPLIANT results."
  value       = one(aws_cloudwatch_event_rule.noncompliant[*].name)
}

output "dead_letter_queue_url" {
  description = "Events that could not be delivered to the topic."
  value       = one(aws_sqs_queue.alerts_dlq[*].id)
}

output "kms_key_arn" {
  description = "The customer-managed key of the topic, queue, Config bucket and rule logs."
  value       = one(aws_kms_key.governance[*].arn)
}

output "aggregator_name" {
  description = "Organization mode: the organization-wide Config aggregator."
  value       = one(aws_config_configuration_aggregator.organization[*].name)
}

output "stack_set_name" {
  description = "Organization mode: the StackSet that puts the rules in member accounts."
  value       = one(aws_cloudformation_stack_set.member_rules[*].name)
}
