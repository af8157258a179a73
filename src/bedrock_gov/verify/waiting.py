"""Waiting for AWS without a fixed sleep: ask, back off (doubling, capped), give up at the deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from bedrock_gov.verify.context import Timing

T = TypeVar("T")


def poll(probe: Callable[[], T | None], timing: Timing) -> tuple[T | None, int]:
    """Call `probe` until it returns something or `timing.timeout` passes; (answer or None, attempts)."""
    deadline = time.monotonic() + timing.timeout
    wait = timing.first_wait
    attempts = 0
    while True:
        attempts += 1
        answer = probe()
        if answer is not None:
            return answer, attempts
        left = deadline - time.monotonic()
        if left <= 0:
            return None, attempts
        time.sleep(min(wait, left))
        wait = min(wait * 2, timing.max_wait)
