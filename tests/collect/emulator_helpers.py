"""Filling the emulator's gaps openly in tests: moto lets any role be assumed."""

from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSResponse


def refuse_assume_role(session: Any, account_id: str) -> None:
    """Make AssumeRole into `account_id` fail as AWS does when the role is missing (moto assumes any
    role name, so the refusal is answered here, before the request leaves botocore)."""

    def refuse(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        role_arn = str((params.get("body") or {}).get("RoleArn"))  # the serialized request's parameters
        if f":{account_id}:" not in role_arn:
            return None
        message = f"User is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
        error = {"Error": {"Code": "AccessDenied", "Message": message}, "ResponseMetadata": {"HTTPStatusCode": 403}}
        return AWSResponse(url="", status_code=403, headers={}, raw=None), error

    session.events.register("before-call.sts.AssumeRole", refuse)
