# The read-only role bedrock-gov collect assumes in each member account. The permissions are
# docs/collector-policy.json (copied here; a test keeps the two identical): List/Read actions only.

data "aws_partition" "current" {}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "BedrockGovCollector"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type = "AWS"
      identifiers = length(var.trusted_principal_arns) > 0 ? var.trusted_principal_arns : [
        "arn:${data.aws_partition.current.partition}:iam::${var.trusted_account_id}:root"
      ]
    }
    dynamic "condition" {
      for_each = var.external_id == null ? [] : [var.external_id]
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "audit" {
  name                 = var.role_name
  description          = "Read-only role for bedrock-gov collect (organization-wide Bedrock governance audit)"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_policy" "collector" {
  name        = "${var.role_name}-collector"
  description = "List/Read actions bedrock-gov collect makes; no write action"
  policy      = file("${path.module}/collector-policy.json")
  tags        = var.tags
}

resource "aws_iam_role_policy_attachment" "collector" {
  role       = aws_iam_role.audit.name
  policy_arn = aws_iam_policy.collector.arn
}
