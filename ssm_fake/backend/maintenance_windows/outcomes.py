"""How LAMBDA and STEP_FUNCTIONS task invocations end, as a test decides it.

The fake runs no Lambda function and no state machine, so each such invocation asks the
rules a test set with ``ssm.set_task_outcome(...)`` (the most recent matching rule wins;
``window_id=None`` matches every window) and otherwise succeeds at once::

    ssm.set_task_outcome(task_type="LAMBDA", status="FAILED", status_details="Function error", duration=30)

RUN_COMMAND and AUTOMATION tasks end through Run Command and Automation themselves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..state import RegionState, ServiceState

TASK_TYPES = ("LAMBDA", "STEP_FUNCTIONS")
STATUSES = ("SUCCESS", "FAILED", "TIMED_OUT", "CANCELLED")
_WINDOW_ID = re.compile(r"mw-[0-9a-f]{17}")


@dataclass(frozen=True)
class TaskOutcome:
    """How one invocation ends: ``status``, its StatusDetails, what the function returned
    (``output``) and how many seconds of clock time it stays IN_PROGRESS first."""

    status: str = "SUCCESS"
    status_details: str = ""
    output: Any = None
    duration: float = 0

    def __post_init__(self) -> None:
        if not isinstance(self.status, str) or self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {self.status!r}")
        if not isinstance(self.status_details, str):
            raise TypeError(f"status_details must be a str, got {self.status_details!r}")
        if self.output is not None and not isinstance(self.output, str):
            try:
                json.dumps(self.output)
            except (TypeError, ValueError):
                raise TypeError(
                    f"output must be a str or a JSON-serialisable value (dict, list, ...), got {self.output!r}"
                ) from None
        if isinstance(self.duration, bool) or not isinstance(self.duration, (int, float)) or self.duration < 0:
            raise ValueError(f"duration must be a number of seconds >= 0, got {self.duration!r}")

    def details(self) -> str:
        """StatusDetails: the given details, else the output as the function returned it."""
        if self.status_details or self.output is None:
            return self.status_details
        return self.output if isinstance(self.output, str) else json.dumps(self.output, separators=(",", ":"))


@dataclass(frozen=True)
class _Rule:
    task_type: str
    window_id: str | None
    outcome: TaskOutcome


class TaskSteering(RegionState):
    """The rules of one mock; one per service, so ``ssm.reset()`` forgets them."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.rules: list[_Rule] = []


def add_rule(service: ServiceState, task_type: object, window_id: object, outcome: TaskOutcome) -> None:
    if not isinstance(task_type, str):
        raise TypeError(f"task_type must be a str, 'LAMBDA' or 'STEP_FUNCTIONS', got {task_type!r}")
    if task_type not in TASK_TYPES:
        raise ValueError(
            f"task_type must be 'LAMBDA' or 'STEP_FUNCTIONS', got {task_type!r} "
            "(RUN_COMMAND tasks end as set_command_outcome decides)"
        )
    if window_id is not None and (not isinstance(window_id, str) or not _WINDOW_ID.fullmatch(window_id)):
        raise ValueError(
            f"window_id must be None (every window) or a window id like 'mw-0123456789abcdef0', got {window_id!r}"
        )
    service.state(TaskSteering, "-", "-").rules.append(_Rule(task_type, window_id, outcome))


def outcome_for(service: ServiceState, task_type: str, window_id: str) -> TaskOutcome:
    for rule in reversed(service.state(TaskSteering, "-", "-").rules):
        if rule.task_type == task_type and rule.window_id in (None, window_id):
            return rule.outcome
    return TaskOutcome()
