"""Facts of the IAM policy language and of AWS Organizations that several layers share."""

from __future__ import annotations

POLICY_VERSION = "2012-10-17"
"""The only policy-language version an SCP may name."""

LEGACY_POLICY_VERSION = "2008-10-17"
"""Still accepted in resource-based policies (SNS writes it into every default topic policy); in it,
`${...}` is literal text, not a policy variable."""

FULL_AWS_ACCESS = "FullAWSAccess"
"""The AWS-managed SCP attached to every root, OU and account unless removed."""

FULL_AWS_ACCESS_DOCUMENT = (
    '{"Version":"' + POLICY_VERSION + '","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
)

CREATE_CREDENTIAL = "iam:CreateServiceSpecificCredential"
"""The IAM action that creates long-term service-specific credentials, Bedrock API keys among them."""

CREDENTIAL_SERVICE_KEY = "iam:ServiceSpecificCredentialServiceName"
CREDENTIAL_AGE_KEY = "iam:ServiceSpecificCredentialAgeDays"

IAM_REGION = "us-east-1"
"""IAM is a global service; its requests carry aws:RequestedRegion = us-east-1."""

EXAMPLE_ACCOUNT = "111122223333"
"""The account AWS's documentation uses in examples; our example requests and counterexamples use it too."""

EXAMPLE_USER = f"arn:aws:iam::{EXAMPLE_ACCOUNT}:user/dev"
