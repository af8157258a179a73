"""bedrock-gov: governance as code for Amazon Bedrock across an AWS Organization."""

__version__ = "0.1.0"
