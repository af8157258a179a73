# Layer 2: the five custom Lambda rules of docs/rules.md in this account (single-account mode;
# organization mode deploys the same through the StackSet in organization.tf).

locals {
  local_rules = local.single_account && var.enable_monitoring ? local.deployed_rules : {}

  # What every rule function needs besides its own reads: report verdicts, read its earlier ones, log.
  common_statements = [
    { actions = ["config:PutEvaluations"], resources = ["*"] },
    { actions = ["config:GetComplianceDetailsByConfigRule"], resources = ["arn:${local.partition}:config:${local.region}:${local.account_id}:config-rule/*"] },
    { actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources = ["*"] },
  ]
}

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rule" {
  for_each = local.local_rules

  name               = local.function_name[each.key]
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "rule" {
  for_each = local.local_rules

  dynamic "statement" {
    for_each = concat(each.value.statements, local.common_statements)
    content {
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }

  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.rule[each.key].arn}:*"]
  }
}

resource "aws_iam_role_policy" "rule" {
  for_each = local.local_rules

  name   = "least-privilege"
  role   = aws_iam_role.rule[each.key].id
  policy = data.aws_iam_policy_document.rule[each.key].json
}

resource "aws_cloudwatch_log_group" "rule" {
  for_each = local.local_rules

  name              = "/aws/lambda/${local.function_name[each.key]}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.governance[0].arn
  tags              = local.tags
}

resource "aws_lambda_function" "rule" {
  #checkov:skip=CKV_AWS_117:The rules call only AWS APIs (Config, Bedrock, IAM, Lambda); a VPC would add NAT or endpoints and no protection.
  #checkov:skip=CKV_AWS_116:Config invokes the rule; a failed run shows in the rule's last-run status and Lambda's error metric and is retried on the next trigger, so a DLQ would hold nothing actionable.
  #checkov:skip=CKV_AWS_272:The zips are built reproducibly by `bedrock-gov rules package` (SHA-256 printed) and pinned by source_code_hash; Lambda code signing needs a signing profile the organization owns.
  #checkov:skip=CKV_AWS_173:The functions have no environment variables.
  for_each = local.local_rules

  function_name                  = local.function_name[each.key]
  description                    = each.value.description
  role                           = aws_iam_role.rule[each.key].arn
  runtime                        = var.lambda_runtime
  handler                        = local.handler[each.key]
  filename                       = local.rule_zip[each.key]
  source_code_hash               = filebase64sha256(local.rule_zip[each.key])
  timeout                        = 300
  memory_size                    = 256
  reserved_concurrent_executions = 5
  tags                           = local.tags

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.rule, aws_iam_role_policy.rule]
}

resource "aws_lambda_permission" "config" {
  for_each = local.local_rules

  statement_id   = "AllowConfigFromThisAccount"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.rule[each.key].function_name
  principal      = "config.amazonaws.com"
  source_account = local.account_id
}

resource "aws_config_config_rule" "custom" {
  for_each = local.local_rules

  name             = each.key
  description      = each.value.description
  input_parameters = length(lookup(var.rule_parameters, each.key, {})) > 0 ? jsonencode(var.rule_parameters[each.key]) : null
  tags             = local.tags

  dynamic "scope" {
    for_each = length(each.value.change_types) > 0 ? [each.value.change_types] : []
    content {
      compliance_resource_types = scope.value
    }
  }

  source {
    owner             = "CUSTOM_LAMBDA"
    source_identifier = aws_lambda_function.rule[each.key].arn

    dynamic "source_detail" {
      for_each = length(each.value.change_types) > 0 ? ["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"] : []
      content {
        event_source = "aws.config"
        message_type = source_detail.value
      }
    }

    dynamic "source_detail" {
      for_each = each.value.periodic ? [var.periodic_frequency] : []
      content {
        event_source                = "aws.config"
        message_type                = "ScheduledNotification"
        maximum_execution_frequency = source_detail.value
      }
    }
  }

  depends_on = [aws_lambda_permission.config, aws_config_configuration_recorder_status.this]
}
