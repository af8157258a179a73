"""The non-compliant resource the Config and alert tests deploy: a Lambda function tagged
`BedrockAgent=true`, outside any VPC, with a temporary execution role that has no permissions.
The function is never invoked."""

from __future__ import annotations

import io
import json
import zipfile

from bedrock_gov.collect.aws_calls import error_code
from bedrock_gov.verify.cleanup import Ledger
from bedrock_gov.verify.context import AGENT_TAG, TAG_KEY, RunContext
from bedrock_gov.verify.outcome import Steps
from bedrock_gov.verify.waiting import poll

RUNTIME = "python3.12"
ROLE_NOT_READY = "InvalidParameterValueException"
"""What CreateFunction answers while a new role has not yet propagated to Lambda."""

_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def _code_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


def deploy_agent_function(run: RunContext, ledger: Ledger, steps: Steps, label: str) -> str:
    """Create the role and the tagged, VPC-less function; the function's name."""
    iam = run.clients("iam")
    role_name = run.name(f"{label}-role")
    with steps.timed("iam CreateRole"):
        ledger.add("iam-role", role_name)
        role = iam.create_role(
            RoleName=role_name,
            AssumeRolePolicyDocument=json.dumps(_TRUST),
            Description="bedrock-gov verify: execution role of a never-invoked test function",
            Tags=[{"Key": TAG_KEY, "Value": run.run_id}],
        )["Role"]
    function_name = run.name(label)
    code = _code_zip()

    def create() -> str | None:
        try:
            run.clients("lambda").create_function(
                FunctionName=function_name,
                Runtime=RUNTIME,
                Role=role["Arn"],
                Handler="index.handler",
                Code={"ZipFile": code},
                Description="bedrock-gov verify: a Bedrock agent outside any VPC (must be NON_COMPLIANT)",
                Timeout=3,
                MemorySize=128,
                Tags={**run.tags, AGENT_TAG[0]: AGENT_TAG[1]},
            )
        except Exception as error:
            if error_code(error) == ROLE_NOT_READY:
                return None
            raise
        return function_name

    with steps.timed("lambda CreateFunction") as detail:
        ledger.add("lambda-function", function_name)
        created, attempts = poll(create, run.timing)
        if created is None:
            raise TimeoutError(f"the new role was not usable by Lambda within {run.timing.timeout:.0f} s")
        detail.append(f"{function_name} ({attempts} attempt(s))")
    return function_name
