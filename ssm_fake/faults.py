"""Errors a test plants for the next calls of an operation, to exercise retry logic.

``SSMFake.inject_error("GetParameter", "ThrottlingException", times=2)`` makes the next
two GetParameter calls fail before the fake looks at them; botocore's own retries see
them exactly as they would see the service's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InjectedError


@dataclass(slots=True)
class _PlannedFault:
    code: str
    message: str
    status: int
    remaining: int


class FaultPlan:
    """Pending injected errors, per operation, consumed first in, first out."""

    def __init__(self) -> None:
        self._pending: dict[str, list[_PlannedFault]] = {}

    def add(self, operation: str, code: str, message: str, times: int, status: int) -> None:
        if times < 1:
            raise ValueError("inject_error(times=...) must be at least 1")
        if not 400 <= status <= 599:
            raise ValueError("inject_error(status=...) must be an HTTP error status (400-599)")
        self._pending.setdefault(operation, []).append(_PlannedFault(code, message, status, times))

    def take(self, operation: str) -> InjectedError | None:
        """The error the next call of ``operation`` must fail with, if one is planned."""
        if not self._pending:
            return None
        queue = self._pending.get(operation)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining == 0:
            queue.pop(0)
            if not queue:
                del self._pending[operation]
        return InjectedError(fault.code, fault.message, fault.status)

    def clear(self) -> None:
        self._pending.clear()
