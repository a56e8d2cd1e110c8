"""What an automation execution is while it runs and after: the execution, its step
executions, and the store that keeps them per account and region.

Statuses come from the model's ``AutomationExecutionStatus``; the fake uses the ones the
Automation user guide describes for runbooks: Pending, InProgress, Waiting, Success,
TimedOut, Cancelling, Cancelled and Failed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ... import errors
from ..state import RegionState, ServiceState

if TYPE_CHECKING:
    from ..documents.interface import DocumentVersion

FINAL_STATUSES = frozenset({"Success", "TimedOut", "Cancelled", "Failed"})
# "Concurrently running automations: 100 ... Automation queue: 1,000" (Systems Manager
# service quotas); beyond both, StartAutomationExecution fails.
MAX_RUNNING = 100
MAX_QUEUED = 1000


@dataclass(eq=False)
class StepExecution:
    """One step of a runbook as it ran: what the ``StepExecution`` shape reports."""

    step_execution_id: str
    index: int
    definition: Mapping[str, Any]
    status: str = "Pending"
    started: datetime | None = None
    ended: datetime | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    # The same outputs typed (str, int, bool, list, dict), for ``{{ step.Output }}``.
    values: dict[str, Any] = field(default_factory=dict)
    response: str | None = None
    failure_message: str | None = None
    failure_details: dict[str, Any] | None = None
    attempt: int = 0
    # Bumped whenever the step moves on, so timers set for an earlier state do nothing.
    generation: int = 0
    # The step the runbook goes to next when this one chose one (aws:branch).
    chosen_next: str | None = None
    # aws:approve: the approvals received so far.
    approvals: list[str] = field(default_factory=list)
    # What to undo when the step ends other than Success: cancel the command or the
    # execution it started (aws:runCommand, aws:executeAutomation).
    cleanup: Callable[[], None] | None = None

    @property
    def name(self) -> str:
        return str(self.definition.get("name", ""))

    @property
    def action(self) -> str:
        return str(self.definition.get("action", ""))

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


@dataclass(eq=False)
class AutomationExecution:
    """A StartAutomationExecution request as stored, and everything it has done so far."""

    execution_id: str
    seq: int
    account_id: str
    region: str
    document: DocumentVersion
    document_name: str
    parameters: dict[str, list[str]]
    mode: str
    requested: datetime
    executed_by: str
    request: dict[str, Any]
    status: str = "Pending"
    started: datetime | None = None
    ended: datetime | None = None
    steps: list[StepExecution] = field(default_factory=list)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    failure_message: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    parent_id: str | None = None
    target: str | None = None
    # Rate control: the target parameter's values, and the children started for them.
    target_parameter_name: str | None = None
    resolved_targets: list[str] = field(default_factory=list)
    max_concurrency: str | None = None
    max_errors: str | None = None
    children: list[AutomationExecution] = field(default_factory=list)
    # Rate control by TargetMaps: one child per map of parameters.
    target_maps: list[dict[str, list[str]]] = field(default_factory=list)
    # Whether it holds one of the 100 running slots (parents and queued ones don't).
    slot: bool = False
    # How the runbook goes on: a critical step's failure, a stop request.
    critical_failure: str | None = None
    stop_requested: str | None = None
    # Called once, with the execution, when it reaches a final status.
    watchers: list[Callable[[AutomationExecution], None]] = field(default_factory=list)

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def current(self) -> StepExecution | None:
        """The step running or waiting now, if any."""
        last = self.steps[-1] if self.steps else None
        return last if last is not None and not last.final else None

    @property
    def is_parent(self) -> bool:
        return self.target_parameter_name is not None or bool(self.target_maps)

    @property
    def main_steps(self) -> list[Mapping[str, Any]]:
        steps = self.document.body.get("mainSteps")
        return [step for step in steps if isinstance(step, Mapping)] if isinstance(steps, list) else []

    def step_index(self, name: str) -> int | None:
        return next((i for i, step in enumerate(self.main_steps) if step.get("name") == name), None)


class AutomationStore(RegionState):
    """The executions of one account and region, oldest first, and who waits for a slot."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.executions: dict[str, AutomationExecution] = {}
        # The same executions oldest first, for listing pages without copying them all.
        self.in_order: list[AutomationExecution] = []
        self.by_token: dict[str, tuple[str, dict[str, Any]]] = {}
        self.queue: deque[AutomationExecution] = deque()
        self.running = 0
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def add(self, execution: AutomationExecution) -> None:
        self.executions[execution.execution_id] = execution
        self.in_order.append(execution)

    def require(self, execution_id: str) -> AutomationExecution:
        execution = self.executions.get(execution_id)
        if execution is None:
            # The error's documentation: "There is no automation execution information for the requested
            # automation execution ID."
            raise errors.AutomationExecutionNotFoundException(
                f"There is no automation execution information for the requested automation execution ID "
                f"{execution_id} in account {self.account_id} and region {self.region}."
            )
        return execution
