"""What the store keeps of an association: its versions, its executions and their results.

Runs are many — a test may keep hundreds of associations on hundreds of nodes running every
30 minutes for a simulated week — so an execution keeps little: its id, the association
version it ran, its start and a :class:`RunResult`, the per-target results counted once.
Runs that end the same way on the same nodes share one RunResult: a target's times are
offsets from its execution's start, so one result fits every such run. What a target shows
at a given moment (Pending, InProgress, then its final status) is derived from those
offsets and the clock, so nothing needs a timer to move on.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from ... import errors
from ..shared.schedules import Schedule
from ..state import RegionState, ServiceState

PENDING = "Pending"
IN_PROGRESS = "InProgress"
SUCCESS = "Success"
FAILED = "Failed"


class TargetResult(NamedTuple):
    """One managed node in one run; times are seconds after the execution started."""

    instance_id: str
    status: str
    detailed_status: str
    started_after: float
    ended_after: float
    summary: str
    # A managed node, or the automation execution an Automation runbook's run started.
    resource_type: str = "ManagedInstance"

    def state_at(self, elapsed: float) -> tuple[str, str]:
        """(Status, DetailedStatus) ``elapsed`` seconds after the execution started."""
        if elapsed >= self.ended_after:
            return self.status, self.detailed_status
        if elapsed >= self.started_after:
            return IN_PROGRESS, IN_PROGRESS
        return PENDING, PENDING


@dataclass(frozen=True, eq=False)
class RunResult:
    """The results of one run over its targets (by instance id, in run order), counted once.
    ``note`` explains a run that could not reach any target (Automation, for now)."""

    targets: Mapping[str, TargetResult]
    counts: Mapping[str, int]
    settles_after: float
    status: str
    detailed_status: str
    note: str = ""

    @classmethod
    def of(cls, targets: Sequence[TargetResult]) -> RunResult:
        counts: dict[str, int] = {}
        for target in targets:
            counts[target.status] = counts.get(target.status, 0) + 1
        failed = any(t.status != SUCCESS for t in targets)
        status = FAILED if failed else SUCCESS
        settles = max((t.ended_after for t in targets), default=0.0)
        return cls({t.instance_id: t for t in targets}, counts, settles, status, status)

    @classmethod
    def failure(cls, detailed_status: str, note: str) -> RunResult:
        """A run that failed as a whole, before reaching any target."""
        return cls({}, {}, 0.0, FAILED, detailed_status, note)

    def state_at(self, elapsed: float) -> tuple[str, str]:
        """The execution's (Status, DetailedStatus) ``elapsed`` seconds after it started."""
        if elapsed >= self.settles_after:
            return self.status, self.detailed_status
        states = {t.state_at(elapsed)[0] for t in self.targets.values()}
        if IN_PROGRESS in states or (PENDING in states and len(states) > 1):
            return IN_PROGRESS, IN_PROGRESS
        return PENDING, PENDING

    def counts_at(self, elapsed: float) -> dict[str, int]:
        """Targets per Status at that moment."""
        if elapsed >= self.settles_after:
            return dict(self.counts)
        counts: dict[str, int] = {}
        for target in self.targets.values():
            status = target.state_at(elapsed)[0]
            counts[status] = counts.get(status, 0) + 1
        return counts


@dataclass(eq=False, slots=True)
class Execution:
    """One run of an association; ``partial`` when it ran on nodes that joined since the last
    full run (State Manager applies associations to new nodes as they appear)."""

    execution_id: str
    seq: int
    version: int
    created: datetime
    result: RunResult
    partial: bool = False

    def elapsed(self, now: datetime) -> float:
        return (now - self.created).total_seconds()

    def state(self, now: datetime) -> tuple[str, str]:
        return self.result.state_at(self.elapsed(now))

    def ended(self, target: TargetResult) -> datetime:
        return self.created + timedelta(seconds=target.ended_after)


@dataclass(frozen=True)
class AssociationVersion:
    """One version: the settings as the create or update request gave them (wire names),
    the parsed schedule and the kind of document it runs."""

    number: int
    created: datetime
    fields: Mapping[str, Any]
    schedule: Schedule | None
    document_type: str

    @property
    def name(self) -> str:
        return str(self.fields["Name"])

    @property
    def targets(self) -> list[dict[str, Any]]:
        return list(self.fields.get("Targets") or [])


class NodeStatus(NamedTuple):
    """A node's status as UpdateAssociationStatus set it."""

    date: datetime
    name: str
    message: str
    additional_info: str | None


@dataclass(eq=False)
class Association:
    """An association, its versions (oldest first) and its executions (oldest first)."""

    association_id: str
    seq: int
    created: datetime
    instance_id: str | None
    versions: list[AssociationVersion]
    status: NodeStatus
    tags: dict[str, str] = field(default_factory=dict)
    executions: list[Execution] = field(default_factory=list)
    execution_ids: dict[str, Execution] = field(default_factory=dict)
    last_success: datetime | None = None
    node_updates: dict[str, NodeStatus] = field(default_factory=dict)
    # Timers armed for an older generation (before an update or the delete) do nothing.
    generation: int = 0
    deleted: bool = False
    # Outcomes of the last run, reused while nothing that decides them changed (``runs``).
    cache: Any = None

    @property
    def current(self) -> AssociationVersion:
        return self.versions[-1]

    @property
    def updated(self) -> datetime:
        return self.current.created

    @property
    def latest(self) -> Execution | None:
        return self.executions[-1] if self.executions else None

    def record(self, execution: Execution) -> None:
        self.executions.append(execution)
        self.execution_ids[execution.execution_id] = execution
        if execution.result.status == SUCCESS:
            self.last_success = execution.created

    def since_last_full_run(self) -> list[Execution]:
        """The newest full run and the partial runs after it, oldest first (usually one)."""
        runs: list[Execution] = []
        for execution in reversed(self.executions):
            runs.append(execution)
            if not execution.partial:
                break
        runs.reverse()
        return runs

    def latest_for(self, instance_id: str) -> tuple[Execution, TargetResult] | None:
        """The newest execution that ran on the node, and its result there."""
        for execution in reversed(self.executions):
            target = execution.result.targets.get(instance_id)
            if target is not None:
                return execution, target
        return None

    def first_at_or_after(self, moment: datetime) -> int:
        """Index of the first execution created at or after ``moment`` (they are in time order)."""
        return bisect_left(self.executions, moment, key=lambda e: e.created)


class AssociationStore(RegionState):
    """The associations of one account and region, in creation order for paging."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.associations: dict[str, Association] = {}
        self.ordered: list[Association] = []
        # (document name, instance id) of associations made the legacy way, by InstanceId.
        self.legacy: dict[tuple[str, str], Association] = {}
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def add(self, association: Association) -> None:
        self.associations[association.association_id] = association
        self.ordered.append(association)
        if association.instance_id is not None:
            self.legacy[(association.current.name, association.instance_id)] = association

    def remove(self, association: Association) -> None:
        association.deleted = True
        del self.associations[association.association_id]
        index = bisect_left(self.ordered, association.seq, key=lambda a: a.seq)
        del self.ordered[index]
        if association.instance_id is not None:
            self.legacy.pop((association.current.name, association.instance_id), None)

    def require(self, association_id: str) -> Association:
        association = self.associations.get(association_id)
        if association is None:
            # Real output (Terraform, hashicorp/terraform-provider-aws#3416):
            # "AssociationDoesNotExist: Association xxxx does not exist."
            raise errors.AssociationDoesNotExist(f"Association {association_id} does not exist.")
        return association

    def require_legacy(self, name: str, instance_id: str) -> Association:
        association = self.legacy.get((name, instance_id))
        if association is None:
            raise errors.AssociationDoesNotExist(
                f"Association between document {name} and instance {instance_id} does not exist."
            )
        return association
