# Organization mode, applied in the delegated administrator account for AWS Config and
# CloudFormation StackSets. A service-managed StackSet puts the same rules (same names) and a
# forwarding EventBridge rule into every account of the target OUs; the forwarded NON_COMPLIANT
# events reach this account's default bus, where alerts.tf turns them into emails. An organization
# aggregator gives the compliance view of all accounts and Regions.
# (Config organization custom rules are not used: their Lambda runs in this account and would have
# to assume a role in each member to read resources and call PutEvaluations there, which the
# handlers do not do.)

locals {
  org_monitoring = local.org_mode && var.enable_monitoring
  org_rules      = local.org_monitoring ? local.deployed_rules : {}
  org_rule_names = sort(keys(local.org_rules))

  code_bucket_name = "${var.name_prefix}-rule-code-${local.account_id}-${local.region}"
  default_bus_arn  = "arn:${local.partition}:events:${local.region}:${local.account_id}:event-bus/default"

  member_rule_resources = merge([
    for index, name in local.org_rule_names : {
      "Role${index}" = {
        Type = "AWS::IAM::Role"
        Properties = {
          RoleName = local.function_name[name]
          AssumeRolePolicyDocument = {
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
          }
          Policies = [{
            PolicyName = "least-privilege"
            PolicyDocument = {
              Version = "2012-10-17"
              Statement = concat(
                [for statement in local.rules[name].statements : { Effect = "Allow", Action = statement.actions, Resource = statement.resources }],
                [
                  { Effect = "Allow", Action = ["config:PutEvaluations", "xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource = "*" },
                  { Effect = "Allow", Action = ["config:GetComplianceDetailsByConfigRule"], Resource = { "Fn::Sub" = "arn:$${AWS::Partition}:config:$${AWS::Region}:$${AWS::AccountId}:config-rule/*" } },
                  { Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = { "Fn::Sub" = "arn:$${AWS::Partition}:logs:$${AWS::Region}:$${AWS::AccountId}:log-group:/aws/lambda/${local.function_name[name]}:*" } },
                ],
              )
            }
          }]
        }
      }
      "Logs${index}" = {
        Type       = "AWS::Logs::LogGroup"
        Properties = { LogGroupName = "/aws/lambda/${local.function_name[name]}", RetentionInDays = var.log_retention_days }
      }
      "Function${index}" = {
        Type      = "AWS::Lambda::Function"
        DependsOn = ["Logs${index}"]
        Properties = {
          FunctionName  = local.function_name[name]
          Description   = local.rules[name].description
          Runtime       = var.lambda_runtime
          Handler       = local.handler[name]
          Role          = { "Fn::GetAtt" = ["Role${index}", "Arn"] }
          Timeout       = 300
          MemorySize    = 256
          TracingConfig = { Mode = "Active" }
          Code = {
            S3Bucket        = local.code_bucket_name
            S3Key           = "${name}.zip"
            S3ObjectVersion = aws_s3_object.rule_code[name].version_id
          }
        }
      }
      "Permission${index}" = {
        Type = "AWS::Lambda::Permission"
        Properties = {
          Action        = "lambda:InvokeFunction"
          FunctionName  = { Ref = "Function${index}" }
          Principal     = "config.amazonaws.com"
          SourceAccount = { Ref = "AWS::AccountId" }
        }
      }
      "Rule${index}" = {
        Type      = "AWS::Config::ConfigRule"
        DependsOn = ["Permission${index}"]
        Properties = merge(
          {
            ConfigRuleName = name
            Description    = local.rules[name].description
            Source = {
              Owner            = "CUSTOM_LAMBDA"
              SourceIdentifier = { "Fn::GetAtt" = ["Function${index}", "Arn"] }
              SourceDetails = concat(
                [for type in(length(local.rules[name].change_types) > 0 ? ["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"] : []) : { EventSource = "aws.config", MessageType = type }],
                local.rules[name].periodic ? [{ EventSource = "aws.config", MessageType = "ScheduledNotification", MaximumExecutionFrequency = var.periodic_frequency }] : [],
              )
            }
          },
          length(local.rules[name].change_types) > 0 ? { Scope = { ComplianceResourceTypes = local.rules[name].change_types } } : {},
          length(lookup(var.rule_parameters, name, {})) > 0 ? { InputParameters = var.rule_parameters[name] } : {},
        )
      }
    }
  ]...)

  member_template = {
    AWSTemplateFormatVersion = "2010-09-09"
    Description              = "bedrock-gov: Bedrock governance Config rules and alert forwarding in a member account"
    Resources = merge(local.member_rule_resources, {
      CloudTrailEnabled = {
        Type = "AWS::Config::ConfigRule"
        Properties = {
          ConfigRuleName            = local.managed_rule_name
          Source                    = { Owner = "AWS", SourceIdentifier = "CLOUD_TRAIL_ENABLED" }
          MaximumExecutionFrequency = var.periodic_frequency
        }
      }
      ForwardNonCompliant = {
        Type = "AWS::Events::Rule"
        Properties = {
          Name         = local.event_rule_name
          Description  = "bedrock-gov: forward NON_COMPLIANT results to the governance account"
          EventPattern = local.event_pattern
          Targets      = [{ Id = "governance-account", Arn = local.default_bus_arn }]
        }
      }
    })
  }
}

resource "aws_s3_bucket" "rule_code" {
  #checkov:skip=CKV_AWS_144:The zips are rebuilt reproducibly by `bedrock-gov rules package`; replication adds nothing.
  #checkov:skip=CKV_AWS_18:The bucket holds only the rule zips, read by member accounts' CloudFormation; CloudTrail records that access.
  #checkov:skip=CKV2_AWS_62:Nothing reacts to new zips; the StackSet pins each object version.
  #checkov:skip=CKV2_AWS_61:Versions are pinned by the StackSet template; expiring them would break older stack instances.
  #checkov:skip=CKV_AWS_145:Member accounts' Lambda service fetches the code cross-account; SSE-S3 avoids granting every account use of a KMS key for public-source zips.
  count = length(local.org_rules) > 0 ? 1 : 0

  bucket = local.code_bucket_name
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "rule_code" {
  count = length(local.org_rules) > 0 ? 1 : 0

  bucket = aws_s3_bucket.rule_code[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "rule_code" {
  count = length(local.org_rules) > 0 ? 1 : 0

  bucket = aws_s3_bucket.rule_code[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "rule_code" {
  count = length(local.org_rules) > 0 ? 1 : 0

  bucket                  = aws_s3_bucket.rule_code[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "rule_code" {
  count = length(local.org_rules) > 0 ? 1 : 0

  statement {
    sid       = "OrganizationReadsRuleCode"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${aws_s3_bucket.rule_code[0].arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [local.organization.id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.rule_code[0].arn, "${aws_s3_bucket.rule_code[0].arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "rule_code" {
  count = length(local.org_rules) > 0 ? 1 : 0

  bucket     = aws_s3_bucket.rule_code[0].id
  policy     = data.aws_iam_policy_document.rule_code[0].json
  depends_on = [aws_s3_bucket_public_access_block.rule_code]
}

resource "aws_s3_object" "rule_code" {
  for_each = local.org_rules

  bucket      = aws_s3_bucket.rule_code[0].id
  key         = "${each.key}.zip"
  source      = local.rule_zip[each.key]
  source_hash = filemd5(local.rule_zip[each.key])
  tags        = local.tags

  depends_on = [aws_s3_bucket_versioning.rule_code]
}

# Member accounts' forwarding rules may put events on this account's default bus.
data "aws_iam_policy_document" "bus" {
  count = local.org_monitoring ? 1 : 0

  statement {
    sid       = "OrganizationForwardsComplianceEvents"
    actions   = ["events:PutEvents"]
    resources = [local.default_bus_arn]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [local.organization.id]
    }
  }
}

resource "aws_cloudwatch_event_bus_policy" "organization" {
  count = local.org_monitoring ? 1 : 0

  event_bus_name = "default"
  policy         = data.aws_iam_policy_document.bus[0].json
}

resource "aws_cloudformation_stack_set" "member_rules" {
  count = local.org_monitoring ? 1 : 0

  name             = "${var.name_prefix}-member-rules"
  description      = "bedrock-gov: Config rules and alert forwarding in every member account"
  permission_model = "SERVICE_MANAGED"
  call_as          = "DELEGATED_ADMIN"
  capabilities     = ["CAPABILITY_NAMED_IAM"]
  template_body    = jsonencode(local.member_template)
  tags             = local.tags

  auto_deployment {
    enabled                          = true
    retain_stacks_on_account_removal = false
  }

  lifecycle {
    ignore_changes = [administration_role_arn]
  }
}

resource "aws_cloudformation_stack_set_instance" "member_rules" {
  count = local.org_monitoring && length(var.organization_target_ou_ids) > 0 ? 1 : 0

  stack_set_name = aws_cloudformation_stack_set.member_rules[0].name
  call_as        = "DELEGATED_ADMIN"
  region         = local.region

  deployment_targets {
    organizational_unit_ids = var.organization_target_ou_ids
  }

  depends_on = [aws_cloudwatch_event_bus_policy.organization, aws_s3_bucket_policy.rule_code]
}

resource "aws_iam_role" "aggregator" {
  count = local.org_monitoring ? 1 : 0

  name               = "${var.name_prefix}-config-aggregator"
  assume_role_policy = data.aws_iam_policy_document.config_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "aggregator" {
  count = local.org_monitoring ? 1 : 0

  role       = aws_iam_role.aggregator[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations"
}

resource "aws_config_configuration_aggregator" "organization" {
  count = local.org_monitoring ? 1 : 0

  name = "${var.name_prefix}-organization"
  tags = local.tags

  organization_aggregation_source {
    all_regions = true
    role_arn    = aws_iam_role.aggregator[0].arn
  }

  depends_on = [aws_iam_role_policy_attachment.aggregator]
}
