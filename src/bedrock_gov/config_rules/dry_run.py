"""Running a rule without sending its verdicts: a stand-in for the AWS Config client.

`PutEvaluations` is recorded instead of sent; any other Config call (GetResourceConfigHistory for
an oversized item, GetComplianceDetailsByConfigRule for disappeared resources) goes to a real
client, which is only made if such a call happens. So a change-triggered rule whose item is
inline makes no AWS call at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bedrock_gov.collect.aws_calls import ClientFactory


class RecordingConfigClient:
    """Records every PutEvaluations request; delegates other calls to `real_config()` made lazily.

    With `forward=True` the requests are also sent through the real client (a recorded live run).
    """

    def __init__(self, real_config: Callable[[], Any] | None = None, forward: bool = False) -> None:
        self.requests: list[dict[str, Any]] = []
        self._real_config = real_config
        self._real: Any = None
        self._forward = forward

    @property
    def evaluations(self) -> list[dict[str, Any]]:
        """Every evaluation sent, across batches, in order."""
        return [entry for request in self.requests for entry in request["Evaluations"]]

    def put_evaluations(self, **request: Any) -> dict[str, Any]:
        response: dict[str, Any] = {"FailedEvaluations": []}
        if self._forward:
            response = self._real_client("put_evaluations").put_evaluations(**request)
        self.requests.append(request)
        return response

    def _real_client(self, operation: str) -> Any:
        if self._real_config is None:
            raise AttributeError(f"dry run: no AWS Config client for {operation}")
        if self._real is None:
            self._real = self._real_config()
        return self._real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real_client(name), name)


def dry_run_clients(real: ClientFactory, forward: bool = False) -> tuple[ClientFactory, RecordingConfigClient]:
    """A factory whose "config" client records evaluations; every other service comes from `real`."""
    recorder = RecordingConfigClient(lambda: real("config"), forward=forward)

    def client(service: str) -> Any:
        return recorder if service == "config" else real(service)

    return client, recorder
