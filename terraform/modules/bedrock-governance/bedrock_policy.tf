# Layer 1b: the org-enforced guardrail. The Organizations policy type BEDROCK_POLICY makes every
# account in a target apply the named guardrail to every inference call. Applied in the
# management account, which must own the guardrails.

locals {
  bedrock_policy_attachments = {
    for pair in setproduct(sort(keys(local.bedrock_policies)), var.bedrock_policy_target_ids) : "${pair[1]}/${pair[0]}" => {
      policy = pair[0]
      target = pair[1]
    }
  }

  # Guardrail version ARNs (<guardrail ARN>:<version>) named in the rendered Bedrock policies.
  guardrail_identifiers = flatten([
    for doc in values(local.bedrock_policies) : [
      for region, configs in jsondecode(file("${var.policies_dir}/${doc.file}")).bedrock.guardrail_inference : [
        for config in values(configs) : config.identifier["@@assign"]
      ]
    ]
  ])
  # The resource-based policy goes on the guardrail itself (its ARN without the version), in this Region.
  guardrail_arns = toset([
    for identifier in local.guardrail_identifiers : regex("^(arn:[^:]+:bedrock:[^:]+:[0-9]{12}:guardrail/[a-z0-9]+):[0-9]+$", identifier)[0]
    if split(":", identifier)[3] == local.region
  ])
}

resource "aws_organizations_policy" "bedrock" {
  for_each = local.bedrock_policies

  name        = each.key
  description = "bedrock-gov: organization-enforced Bedrock guardrails"
  type        = "BEDROCK_POLICY"
  content     = file("${var.policies_dir}/${each.value.file}")
  tags        = local.tags
}

resource "aws_organizations_policy_attachment" "bedrock" {
  for_each = local.bedrock_policy_attachments

  policy_id = aws_organizations_policy.bedrock[each.value.policy].id
  target_id = each.value.target

  depends_on = [aws_cloudcontrolapi_resource.guardrail_policy]
}

# The AWS provider has no resource for guardrail resource-based policies (hashicorp/terraform-provider-aws
# issue 48674), so the CloudFormation type AWS::Bedrock::ResourcePolicy is managed through Cloud Control.
# Members may call bedrock:ApplyGuardrail on the guardrail only from inside this organization.
resource "aws_cloudcontrolapi_resource" "guardrail_policy" {
  for_each = var.manage_guardrail_resource_policies ? local.guardrail_arns : toset([])

  type_name = "AWS::Bedrock::ResourcePolicy"
  desired_state = jsonencode({
    ResourceArn = each.value
    PolicyDocument = {
      Version = "2012-10-17"
      Statement = [{
        Sid       = "OrganizationAppliesEnforcedGuardrail"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["bedrock:ApplyGuardrail"]
        Resource  = each.value
        Condition = { StringEquals = { "aws:PrincipalOrgID" = local.organization.id } }
      }]
    }
  })
}
