"""Which AWS calls were made: a count for the snapshot, and each distinct operation for the
least-privilege test. Fed by botocore's `before-call` event, once per API call (retries are not
calls), on every client a session makes, whatever the outcome."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any, NamedTuple


class Operation(NamedTuple):
    """One AWS API operation: the IAM service prefix botocore signs for, and the operation name."""

    service: str
    name: str


class CallLog:
    """Counts API calls across threads; `attach` it to each boto3 session the collector uses."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: Counter[Operation] = Counter()

    def attach(self, session: Any) -> None:
        """Record every call made by clients of `session` (a boto3 Session), made before or after."""
        session.events.register("before-call", self._record)

    def _record(self, model: Any, **_: Any) -> None:
        operation = Operation(str(model.service_model.signing_name), str(model.name))
        with self._lock:
            self._calls[operation] += 1

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._calls.values())

    def operations(self) -> dict[Operation, int]:
        with self._lock:
            return dict(self._calls)
