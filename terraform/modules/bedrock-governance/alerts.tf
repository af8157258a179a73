# Layer 3: NON_COMPLIANT results of this module's rules -> EventBridge -> an encrypted SNS topic
# -> email. The article's version never delivers: an encrypted topic needs a customer-managed key
# whose key policy lets EventBridge use it, and a topic policy that lets EventBridge publish.

locals {
  topic_name      = "${var.name_prefix}-alerts"
  event_rule_name = "${var.name_prefix}-noncompliant"
  event_rule_arn  = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/${local.event_rule_name}"

  # Matches AWS Config's "Config Rules Compliance Change" event for these rules' NON_COMPLIANT results.
  event_pattern = {
    source        = ["aws.config"]
    "detail-type" = ["Config Rules Compliance Change"]
    detail = {
      messageType         = ["ComplianceChangeNotification"]
      configRuleName      = local.all_rule_names
      newEvaluationResult = { complianceType = ["NON_COMPLIANT"] }
    }
  }
}

# One customer-managed key for the topic, the dead-letter queue, the Config bucket and the rule logs.
# (The AWS-managed aws/sns key cannot be used: its policy cannot grant EventBridge.)
data "aws_iam_policy_document" "kms" {
  #checkov:skip=CKV_AWS_111:A key policy's Resource "*" is the key itself (KMS developer guide, "Key policies"); each grant is scoped by principal and condition.
  #checkov:skip=CKV_AWS_356:A key policy's Resource "*" is the key itself, not every resource.
  #checkov:skip=CKV_AWS_109:The account-root kms:* statement is the KMS default that keeps the key manageable by the account's IAM; without it the key becomes unmanageable.
  count = var.enable_monitoring ? 1 : 0

  statement {
    sid       = "AccountAdministersKey"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  # EventBridge user guide, "Amazon SNS permissions" (encrypted topics) and SQS dead-letter queues.
  statement {
    sid       = "EventBridgeUsesKey"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }

  statement {
    sid       = "SnsUsesKey"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "ConfigDeliversEncrypted"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "LogsEncryptRuleLogs"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${local.region}.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_prefix}*"]
    }
  }
}

resource "aws_kms_key" "governance" {
  count = var.enable_monitoring ? 1 : 0

  description             = "bedrock-gov: alerts topic, dead-letter queue, Config bucket and rule logs"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_days
  policy                  = data.aws_iam_policy_document.kms[0].json
  tags                    = local.tags
}

resource "aws_kms_alias" "governance" {
  count = var.enable_monitoring ? 1 : 0

  name          = "alias/${var.name_prefix}"
  target_key_id = aws_kms_key.governance[0].key_id
}

resource "aws_sns_topic" "alerts" {
  count = var.enable_monitoring ? 1 : 0

  name              = local.topic_name
  kms_master_key_id = aws_kms_key.governance[0].arn
  tags              = local.tags
}

data "aws_iam_policy_document" "topic" {
  count = var.enable_monitoring ? 1 : 0

  statement {
    sid = "AccountManagesTopic"
    actions = [
      "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:AddPermission", "sns:RemovePermission",
      "sns:DeleteTopic", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish",
    ]
    resources = [aws_sns_topic.alerts[0].arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "EventBridgeRulePublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts[0].arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.event_rule_arn]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  count = var.enable_monitoring ? 1 : 0

  arn    = aws_sns_topic.alerts[0].arn
  policy = data.aws_iam_policy_document.topic[0].json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = var.enable_monitoring ? toset(var.alert_emails) : toset([])

  topic_arn = aws_sns_topic.alerts[0].arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_sqs_queue" "alerts_dlq" {
  count = var.enable_monitoring ? 1 : 0

  name                      = "${var.name_prefix}-alerts-dlq"
  kms_master_key_id         = aws_kms_key.governance[0].arn
  message_retention_seconds = 1209600
  tags                      = local.tags
}

data "aws_iam_policy_document" "dlq" {
  count = var.enable_monitoring ? 1 : 0

  statement {
    sid       = "EventBridgeRuleDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alerts_dlq[0].arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [local.event_rule_arn]
    }
  }
}

resource "aws_sqs_queue_policy" "alerts_dlq" {
  count = var.enable_monitoring ? 1 : 0

  queue_url = aws_sqs_queue.alerts_dlq[0].id
  policy    = data.aws_iam_policy_document.dlq[0].json
}

resource "aws_cloudwatch_event_rule" "noncompliant" {
  count = var.enable_monitoring ? 1 : 0

  name          = local.event_rule_name
  description   = "bedrock-gov: a governance rule found a resource NON_COMPLIANT"
  event_pattern = jsonencode(local.event_pattern)
  tags          = local.tags
}

resource "aws_cloudwatch_event_target" "alerts" {
  count = var.enable_monitoring ? 1 : 0

  rule      = aws_cloudwatch_event_rule.noncompliant[0].name
  target_id = "sns-alerts"
  arn       = aws_sns_topic.alerts[0].arn

  dead_letter_config {
    arn = aws_sqs_queue.alerts_dlq[0].arn
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }

  input_transformer {
    input_paths = {
      account       = "$.account"
      region        = "$.region"
      time          = "$.time"
      rule          = "$.detail.configRuleName"
      resource_type = "$.detail.resourceType"
      resource      = "$.detail.resourceId"
      annotation    = "$.detail.newEvaluationResult.annotation"
    }
    input_template = <<-EOT
      "Bedrock governance: AWS Config rule <rule> found <resource_type> <resource> NON_COMPLIANT. Account: <account>. Region: <region>. Time: <time>. Reason: <annotation>. Details: https://<region>.console.aws.amazon.com/config/home?region=<region>#/rules/details?configRuleName=<rule>"
    EOT
  }

  depends_on = [aws_sns_topic_policy.alerts, aws_sqs_queue_policy.alerts_dlq]
}
