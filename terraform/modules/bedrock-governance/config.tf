# Layer 2: the AWS Config recorder (the resource types the rules need, Bedrock's included), its
# delivery channel to an encrypted, versioned, private bucket, and recording switched on.

locals {
  recorder           = var.create_config_recorder && var.enable_monitoring
  config_bucket_name = "${var.name_prefix}-config-${local.account_id}-${local.region}"
}

resource "aws_s3_bucket" "config" {
  #checkov:skip=CKV_AWS_144:Config snapshots are re-creatable from the live resources; cross-Region replication is the organization's choice, not this module's.
  #checkov:skip=CKV_AWS_18:The Config bucket receives only AWS Config deliveries; its access is recorded by CloudTrail data events where the organization enables them.
  #checkov:skip=CKV2_AWS_62:Nothing consumes object-created events of Config snapshots; alerts come from Config compliance changes (alerts.tf).
  count = local.recorder ? 1 : 0

  bucket = local.config_bucket_name
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "config" {
  count = local.recorder ? 1 : 0

  bucket = aws_s3_bucket.config[0].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "config" {
  count = local.recorder ? 1 : 0

  bucket = aws_s3_bucket.config[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.governance[0].arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "config" {
  count = local.recorder ? 1 : 0

  bucket                  = aws_s3_bucket.config[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "config" {
  count = local.recorder ? 1 : 0

  bucket = aws_s3_bucket.config[0].id
  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 365
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

# AWS Config guide, "Permissions for the Amazon S3 bucket for the AWS Config delivery channel".
data "aws_iam_policy_document" "config_bucket" {
  count = local.recorder ? 1 : 0

  statement {
    sid       = "AWSConfigBucketPermissionsCheck"
    actions   = ["s3:GetBucketAcl", "s3:ListBucket"]
    resources = [aws_s3_bucket.config[0].arn]
    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "AWSConfigBucketDelivery"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.config[0].arn}/AWSLogs/${local.account_id}/Config/*"]
    principals {
      type        = "Service"
      identifiers = ["config.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.config[0].arn, "${aws_s3_bucket.config[0].arn}/*"]
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

resource "aws_s3_bucket_policy" "config" {
  count = local.recorder ? 1 : 0

  bucket     = aws_s3_bucket.config[0].id
  policy     = data.aws_iam_policy_document.config_bucket[0].json
  depends_on = [aws_s3_bucket_public_access_block.config]
}

data "aws_iam_policy_document" "config_assume" {
  statement {
    actions = ["sts:AssumeRole"]
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
}

resource "aws_iam_role" "config" {
  count = local.recorder ? 1 : 0

  name               = "${var.name_prefix}-config-recorder"
  assume_role_policy = data.aws_iam_policy_document.config_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "config" {
  count = local.recorder ? 1 : 0

  role       = aws_iam_role.config[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}

data "aws_iam_policy_document" "config_delivery" {
  count = local.recorder ? 1 : 0

  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.config[0].arn}/AWSLogs/${local.account_id}/Config/*"]
  }
  statement {
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.config[0].arn]
  }
  statement {
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [aws_kms_key.governance[0].arn]
  }
}

resource "aws_iam_role_policy" "config_delivery" {
  count = local.recorder ? 1 : 0

  name   = "deliver-to-config-bucket"
  role   = aws_iam_role.config[0].id
  policy = data.aws_iam_policy_document.config_delivery[0].json
}

resource "aws_config_configuration_recorder" "this" {
  #checkov:skip=CKV2_AWS_48:The recorder records the types this module's rules judge (and Bedrock's); recording everything is an organization-wide cost decision outside this module.
  count = local.recorder ? 1 : 0

  name     = "${var.name_prefix}-recorder"
  role_arn = aws_iam_role.config[0].arn

  recording_group {
    all_supported  = false
    resource_types = local.recorded_types
    recording_strategy {
      use_only = "INCLUSION_BY_RESOURCE_TYPES"
    }
  }
}

resource "aws_config_delivery_channel" "this" {
  count = local.recorder ? 1 : 0

  name           = "${var.name_prefix}-delivery"
  s3_bucket_name = aws_s3_bucket.config[0].id
  s3_kms_key_arn = aws_kms_key.governance[0].arn

  snapshot_delivery_properties {
    delivery_frequency = "TwentyFour_Hours"
  }

  depends_on = [aws_config_configuration_recorder.this, aws_s3_bucket_policy.config]
}

resource "aws_config_configuration_recorder_status" "this" {
  #checkov:skip=CKV2_AWS_45:The recorder records the types this module's rules judge (and Bedrock's); recording everything is an organization-wide cost decision outside this module.
  count = local.recorder ? 1 : 0

  name       = aws_config_configuration_recorder.this[0].name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.this]
}

resource "aws_config_config_rule" "cloudtrail_enabled" {
  count = local.single_account && var.enable_monitoring ? 1 : 0

  name        = local.managed_rule_name
  description = "A CloudTrail trail is enabled in the account (Config managed rule CLOUD_TRAIL_ENABLED)."

  source {
    owner             = "AWS"
    source_identifier = "CLOUD_TRAIL_ENABLED"
  }
  maximum_execution_frequency = var.periodic_frequency
  tags                        = local.tags

  depends_on = [aws_config_configuration_recorder_status.this]
}
