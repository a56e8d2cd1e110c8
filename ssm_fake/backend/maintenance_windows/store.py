"""What one account and region holds of maintenance windows, and how each is looked up.

Windows keep their registered targets and tasks and the executions the clock started;
executions, task executions and invocations are also indexed by id for the Get actions.
An invocation id is derived from its task execution id and position (:func:`invocation_id`),
so RUN_COMMAND tasks need no object per invocation beyond what Run Command keeps.

The ``DoesNotExistException`` message follows what the service answers for an unknown
window ("Maintenance window mw-xxxxxxxx does not exist", pasted from a real account in
aws-samples/aws-security-reference-architecture-examples#288); the other kinds of resource
follow the same pattern.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ... import errors
from ..state import RegionState, ServiceState

if TYPE_CHECKING:
    from ..commands.interface import Command
    from ..shared.schedules import Schedule

# Final statuses of executions, task executions and invocations.
FINAL = frozenset({"SUCCESS", "FAILED", "TIMED_OUT", "CANCELLED", "SKIPPED_OVERLAPPING"})
# A task registered without Priority runs with priority 1.
DEFAULT_PRIORITY = 1
# StatusDetails is at most 250 characters (model: MaintenanceWindowExecutionStatusDetails).
DETAILS_LIMIT = 250


def new_window_id() -> str:
    return "mw-" + secrets.token_hex(9)[:17]


def new_uuid() -> str:
    return str(uuid.uuid4())


def invocation_id(task_execution_id: str, index: int) -> str:
    """The id of invocation ``index`` of a task execution: the task execution's UUID plus
    ``index + 1``, so it is unique, stable and maps back with :func:`invocation_index`."""
    return str(uuid.UUID(int=(uuid.UUID(task_execution_id).int + index + 1) % (1 << 128)))


def invocation_index(task_execution_id: str, invocation: str) -> int:
    return (uuid.UUID(invocation).int - uuid.UUID(task_execution_id).int - 1) % (1 << 128)


def clip(details: str) -> str:
    return details if len(details) <= DETAILS_LIMIT else details[: DETAILS_LIMIT - 3] + "..."


@dataclass(eq=False)
class WindowSettings:
    """A window's own fields in wire names (``spec``) and what they mean for the clock."""

    spec: dict[str, Any]
    schedule: Schedule
    start: datetime | None
    end: datetime | None


@dataclass(eq=False)
class WindowTarget:
    window_target_id: str
    seq: int
    spec: dict[str, Any]  # ResourceType, Targets, OwnerInformation, Name, Description

    @property
    def resource_type(self) -> str:
        return str(self.spec["ResourceType"])


@dataclass(eq=False)
class WindowTask:
    """A registered task as its wire fields; an update replaces the object, so running
    executions keep the version they started with."""

    window_task_id: str
    seq: int
    spec: dict[str, Any]  # every RegisterTaskWithMaintenanceWindow member but WindowId/ClientToken

    @property
    def task_type(self) -> str:
        return str(self.spec["TaskType"])

    @property
    def priority(self) -> int:
        return int(self.spec.get("Priority", DEFAULT_PRIORITY))


@dataclass(eq=False, slots=True)
class InvocationTarget:
    """Who one invocation runs for: a node (or nothing, for a targetless task)."""

    resource_id: str
    window_target_id: str
    owner_information: str | None


@dataclass(eq=False, slots=True)
class TaskInvocation:
    """One invocation of a task run invocation by invocation (all but batched RUN_COMMAND)."""

    target: InvocationTarget | None
    parameters: str
    status: str = "PENDING"
    status_details: str = ""
    execution_id: str = ""
    start: datetime | None = None
    end: datetime | None = None
    command: Command | None = None  # the command of a RUN_COMMAND invocation

    @property
    def final(self) -> bool:
        return self.status in FINAL


# How a task execution reports its end: (status, status details).
TaskEnd = Callable[[str, str], None]


@dataclass(eq=False, slots=True)
class TaskExecution:
    task_execution_id: str
    execution: Execution
    task: WindowTask
    start: datetime
    status: str = "IN_PROGRESS"
    status_details: str = ""
    end: datetime | None = None
    on_end: TaskEnd | None = None
    # One entry per invocation; None for the one invocation of a targetless task.
    targets: list[InvocationTarget | None] = field(default_factory=list)
    # Batched RUN_COMMAND: one command for every target; invocation i is the command's i-th.
    command: Command | None = None
    command_parameters: str = ""
    # Every other task: one record per invocation, run under the task's rate control.
    invocations: list[TaskInvocation] = field(default_factory=list)
    next_index: int = 0
    running: int = 0
    completed: int = 0
    errors: int = 0
    pumping: bool = False
    # Set by the cutoff (CANCEL_TASK), a cancel or the window's end: start no more
    # invocations, and end the task with this status if any never started.
    stopped_as: str | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def invocation_count(self) -> int:
        return len(self.command.invocations) if self.command is not None else len(self.invocations)


@dataclass(eq=False, slots=True)
class Execution:
    execution_id: str
    window: Window
    seq: int
    start: datetime
    status: str = "IN_PROGRESS"
    status_details: str = ""
    end: datetime | None = None
    task_executions: list[TaskExecution] = field(default_factory=list)
    # Tasks not started yet, lowest priority first, each group's tasks together.
    waiting: list[list[WindowTask]] = field(default_factory=list)
    cutoff_reached: bool = False
    skipped_tasks: int = 0
    running_tasks: int = 0
    dispatching: bool = False

    @property
    def final(self) -> bool:
        return self.status in FINAL


@dataclass(eq=False)
class Window:
    window_id: str
    seq: int
    settings: WindowSettings
    created: datetime
    modified: datetime
    anchor: datetime  # rate schedules count from here; cron times before it never run
    tags: dict[str, str] = field(default_factory=dict)
    targets: dict[str, WindowTarget] = field(default_factory=dict)
    tasks: dict[str, WindowTask] = field(default_factory=dict)
    executions: list[Execution] = field(default_factory=list)
    target_tokens: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    task_tokens: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    armed: int = 0  # generation of the one live timer; older timers do nothing
    deleted: bool = False
    _seq: int = 0

    @property
    def spec(self) -> dict[str, Any]:
        return self.settings.spec

    @property
    def enabled(self) -> bool:
        return bool(self.spec.get("Enabled", True))

    @property
    def running(self) -> Execution | None:
        last = self.executions[-1] if self.executions else None
        return last if last is not None and not last.final else None

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq


class WindowStore(RegionState):
    """The maintenance windows of one account and region."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.windows: dict[str, Window] = {}
        self.in_order: list[Window] = []  # creation order, for O(page) listing
        self.executions: dict[str, Execution] = {}
        self.task_executions: dict[str, TaskExecution] = {}
        self.client_tokens: dict[str, tuple[dict[str, Any], str]] = {}
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def require(self, window_id: str) -> Window:
        window = self.windows.get(window_id)
        if window is None:
            raise errors.DoesNotExistException(f"Maintenance window {window_id} does not exist")
        return window

    def require_execution(self, execution_id: str) -> Execution:
        execution = self.executions.get(execution_id)
        if execution is None:
            raise errors.DoesNotExistException(f"Maintenance window execution {execution_id} does not exist")
        return execution

    def require_task_execution(self, execution_id: str, task_execution_id: str) -> TaskExecution:
        self.require_execution(execution_id)
        found = self.task_executions.get(task_execution_id)
        if found is None or found.execution.execution_id != execution_id:
            raise errors.DoesNotExistException(f"Maintenance window execution task {task_execution_id} does not exist")
        return found


def require_target(window: Window, window_target_id: str) -> WindowTarget:
    target = window.targets.get(window_target_id)
    if target is None:
        raise errors.DoesNotExistException(
            f"Maintenance window target {window_target_id} does not exist in maintenance window {window.window_id}"
        )
    return target


def require_task(window: Window, window_task_id: str) -> WindowTask:
    task = window.tasks.get(window_task_id)
    if task is None:
        raise errors.DoesNotExistException(
            f"Maintenance window task {window_task_id} does not exist in maintenance window {window.window_id}"
        )
    return task


def registered_before(
    window: Window,
    tokens: dict[str, tuple[dict[str, Any], str]],
    registered: Mapping[str, object],
    request: dict[str, Any],
    limit: int,
    kind: str,
) -> str | None:
    """What a Register action checks first: the id an earlier request with the same
    ClientToken made (None when there is none), else room for one more ``kind``."""
    made = check_client_token(tokens, request)
    if made is not None and made in registered:
        return made
    if len(registered) >= limit:
        raise errors.ResourceLimitExceededException(
            f"Maintenance window {window.window_id} already has the maximum number of {kind}s ({limit})."
        )
    return None


def check_client_token(
    tokens: dict[str, tuple[dict[str, Any], str]], request: dict[str, Any], ignored: tuple[str, ...] = ()
) -> str | None:
    """The id made by an earlier request with the same ClientToken and members, or None;
    IdempotentParameterMismatch when the token was used with other members."""
    token = request.get("ClientToken")
    if token is None or token not in tokens:
        return None
    fingerprint, made = tokens[token]
    if fingerprint != _fingerprint(request, ignored):
        raise errors.IdempotentParameterMismatch(
            f"ClientToken {token} was already used with different parameters; use a new token for a new request."
        )
    return made


def remember_client_token(
    tokens: dict[str, tuple[dict[str, Any], str]], request: dict[str, Any], made: str, ignored: tuple[str, ...] = ()
) -> None:
    token = request.get("ClientToken")
    if token is not None:
        tokens[token] = (_fingerprint(request, ignored), made)


def _fingerprint(request: dict[str, Any], ignored: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in request.items() if k != "ClientToken" and k not in ignored}
