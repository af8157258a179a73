output "role_name" {
  description = "Pass to `bedrock-gov collect --member-role`."
  value       = aws_iam_role.audit.name
}

output "role_arn" {
  description = "ARN of the audit role."
  value       = aws_iam_role.audit.arn
}

output "policy_arn" {
  description = "ARN of the collector's read-only policy."
  value       = aws_iam_policy.collector.arn
}
