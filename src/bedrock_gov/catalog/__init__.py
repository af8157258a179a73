"""What AWS publishes and we rely on: IAM actions, Bedrock resource shapes, SCP limits."""
