# Layer 1: the SCPs `bedrock-gov render` wrote, one aws_organizations_policy per document.
# Applied in the management account (or an Organizations delegated administrator for policies).

locals {
  max_attached = var.scp_limits == "current" ? 10 : 5

  # FullAWSAccess + the SCPs already there + the rendered documents, per target.
  attachments_after = {
    for target in var.scp_target_ids : target => 1 + lookup(var.existing_scp_attachments, target, 0) + length(local.scp_documents)
  }

  scp_attachments = {
    for pair in setproduct(sort(keys(local.scp_documents)), var.scp_target_ids) : "${pair[1]}/${pair[0]}" => {
      policy = pair[0]
      target = pair[1]
    }
  }
}

resource "aws_organizations_policy" "scp" {
  for_each = local.scp_documents

  name        = each.key
  description = "bedrock-gov: ${join(", ", [for statement in each.value.statements : statement.sid])}"
  type        = "SERVICE_CONTROL_POLICY"
  content     = file("${var.policies_dir}/${each.value.file}")
  tags        = local.tags

  lifecycle {
    precondition {
      condition     = length(file("${var.policies_dir}/${each.value.file}")) <= (var.scp_limits == "current" ? 10240 : 5120)
      error_message = "${each.value.file} is longer than the ${var.scp_limits} SCP character limit; re-render with --limits ${var.scp_limits}."
    }
  }
}

resource "aws_organizations_policy_attachment" "scp" {
  for_each = local.scp_attachments

  policy_id = aws_organizations_policy.scp[each.value.policy].id
  target_id = each.value.target

  lifecycle {
    precondition {
      condition     = local.attachments_after[each.value.target] <= local.max_attached
      error_message = "Target ${each.value.target} would hold ${local.attachments_after[each.value.target]} SCPs (FullAWSAccess, ${lookup(var.existing_scp_attachments, each.value.target, 0)} existing, ${length(local.scp_documents)} rendered); the ${var.scp_limits} limit is ${local.max_attached}."
    }
  }
}
