"""Which AWS calls were made: a count for the snapshot, and each distinct operation for the
least-privilege test. Fed by botocore's `provide-client-params` event: once per API call (retries
are not calls), on every client of the event system it is attached to, whatever the outcome, and
before any `before-call` handler (a stub, a test's refusal) can answer in AWS's place."""

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

    def attach(self, events: Any) -> None:
        """Record every call made through `events`: a boto3 Session's (`session.events`, every client
        it makes from then on) or one client's (`client.meta.events`)."""
        events.register("provide-client-params", self._record)

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
