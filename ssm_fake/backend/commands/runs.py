"""The life of a sent command on the service's clock, as the user guide's "Understanding
command statuses" and "Run commands at scale" pages describe it: invocations start one at
first, then exponentially more up to MaxConcurrency; their plugins run one after the other
and end as ``outcomes`` decides; queued ones are terminated once more than MaxErrors
failed; none starts after TimeoutSeconds, and whatever has not ended at the total timeout
(``ExpiresAfter``) ends ``DeliveryTimedOut``.

Nothing here sleeps: every step is a timer on ``service.clock``. SendCommand schedules the
first dispatch at the current instant, so the command is ``Pending`` in its reply and has
moved on by the next call; a plugin with a ``duration`` stays ``InProgress`` until the
clock passes it (``ssm.clock.advance(...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from ... import errors
from ..shared.rate_control import RateControl
from ..state import RegionState, ServiceState
from .outcomes import FINAL_STATES, CommandOutcome, CommandRun, Playbook, plugin_timeout

if TYPE_CHECKING:
    from ..documents.interface import DocumentVersion, Step

PENDING = ("Pending", "Pending")
IN_PROGRESS = ("InProgress", "InProgress")
NOT_FINAL = frozenset({"Pending", "InProgress", "Delayed"})
# Details that count against MaxErrors, as the StatusDetails documentation says.
ERROR_DETAILS = frozenset({"Failed", "ExecutionTimedOut"})
# Details that don't count against MaxErrors, yet make the command Failed when every
# invocation ends so ("Understanding command statuses": Undeliverable, Invalid Platform,
# Access Denied).
UNRUN_DETAILS = frozenset({"Undeliverable", "InvalidPlatform", "AccessDenied"})


@dataclass(eq=False)
class PluginRun:
    """One plugin (step) of one invocation."""

    step: Step
    status: str = "Pending"
    status_details: str = "Pending"
    response_code: int = -1
    stdout: str = ""
    stderr: str = ""
    started: datetime | None = None
    finished: datetime | None = None

    @property
    def final(self) -> bool:
        return self.status not in NOT_FINAL

    def end(self, state: str, now: datetime, outcome: CommandOutcome | None = None) -> None:
        self.status, self.status_details = FINAL_STATES[state]
        self.finished = now if self.started is not None else None
        if outcome is not None:
            self.response_code = outcome.response_code
            self.stdout = outcome.stdout
            self.stderr = outcome.stderr


@dataclass(eq=False)
class Invocation:
    """The command on one managed node."""

    command: Command
    instance_id: str
    instance_name: str
    platform: str
    index: int
    plugins: list[PluginRun]
    status: str = "Pending"
    status_details: str = "Pending"

    @property
    def final(self) -> bool:
        return self.status not in NOT_FINAL

    def end(self, state: str, now: datetime) -> None:
        """End the invocation and whatever of it has not ended yet (cancel, terminate, expire)."""
        self.status, self.status_details = FINAL_STATES[state]
        for plugin in self.plugins:
            if not plugin.final:
                plugin.end(state, now)

    def settle(self) -> None:
        """Take the state of the first plugin that did not succeed, else Success."""
        for plugin in self.plugins:
            if plugin.status != "Success":
                self.status, self.status_details = plugin.status, plugin.status_details
                return
        self.status, self.status_details = FINAL_STATES["Success"]


@dataclass(eq=False)
class Command:
    """A SendCommand request as stored: what was asked and the invocations it made."""

    command_id: str
    seq: int
    request: dict[str, Any]
    document: DocumentVersion
    document_name: str
    document_version: str
    parameters: dict[str, list[str]]
    requested: datetime
    timeout_seconds: int
    max_concurrency: str
    max_errors: str
    region: str
    playbook: Playbook
    invocations: list[Invocation] = field(default_factory=list)
    cancelled: bool = False
    # Called once, when every invocation has ended: how other capabilities follow a command.
    watchers: list[Callable[[Command], None]] = field(default_factory=list)
    ended: bool = False

    @property
    def expires_after(self) -> datetime:
        """Delivery timeout plus the longest plugin execution timeout."""
        steps = self.invocations[0].plugins if self.invocations else []
        execution = max((plugin_timeout(p.step.inputs) for p in steps), default=plugin_timeout({}))
        return self.requested + timedelta(seconds=self.timeout_seconds + execution)

    @property
    def delivery_deadline(self) -> datetime:
        """TimeoutSeconds after the request: "If this time is reached and the command hasn't
        already started running, it won't run." """
        return self.requested + timedelta(seconds=self.timeout_seconds)

    @property
    def rate_control(self) -> RateControl:
        return RateControl(self.max_concurrency, self.max_errors, len(self.invocations))

    def state(self) -> tuple[str, str]:
        """(Status, StatusDetails) of the whole command, aggregated as "Understanding command
        statuses" documents it."""
        invocations = self.invocations
        if not invocations:
            return "Success", "NoInstancesInTag"
        if all(i.status == "Pending" for i in invocations):
            return PENDING
        if any(not i.final for i in invocations):
            return IN_PROGRESS
        return self._final_state([i.status_details for i in invocations])

    def _final_state(self, details: list[str]) -> tuple[str, str]:
        if self.cancelled and "Cancelled" in details:
            return "Cancelled", "Cancelled"
        allowed = self.rate_control.allowed_errors
        if self.error_count() > allowed:
            return ("Failed", "Failed") if "Failed" in details else ("TimedOut", "ExecutionTimedOut")
        if details.count("DeliveryTimedOut") > allowed:
            return "TimedOut", "DeliveryTimedOut"
        if all(detail == "Success" for detail in details):
            return "Success", "Success"
        if all(detail in UNRUN_DETAILS for detail in details):
            return "Failed", "AccessDenied" if set(details) == {"AccessDenied"} else "Failed"
        return "Success", "Incomplete"

    def notify_if_ended(self) -> None:
        """Tell the watchers once every invocation has ended."""
        if self.ended or any(not i.final for i in self.invocations):
            return
        self.ended = True
        for watcher in self.watchers:
            watcher(self)

    def error_count(self) -> int:
        return sum(1 for i in self.invocations if i.status_details in ERROR_DETAILS)

    def completed_count(self) -> int:
        return sum(1 for i in self.invocations if i.final)

    def delivery_timed_out_count(self) -> int:
        return sum(1 for i in self.invocations if i.status_details == "DeliveryTimedOut")


class CommandStore(RegionState):
    """The commands sent in one account and region, oldest first."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.commands: dict[str, Command] = {}
        self._seq = 0

    def require(self, command_id: str) -> Command:
        command = self.commands.get(command_id)
        if command is None:
            raise errors.InvalidCommandId(
                f"Command {command_id} does not exist in account {self.account_id} and region {self.region}."
            )
        return command

    def add(self, command: Command) -> None:
        self.commands[command.command_id] = command

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq


# --- the lifecycle -------------------------------------------------------------------------


def launch(service: ServiceState, command: Command) -> None:
    """Schedule the command's first dispatch now and its expiry at the total timeout."""
    clock = service.clock
    clock.call_at(command.requested, lambda: dispatch(service, command))
    clock.call_at(command.expires_after, lambda: _expire(service, command))


def dispatch(service: ServiceState, command: Command) -> None:
    """Start what may start now (:func:`_start_queued`), then tell the watchers if the command ended."""
    _start_queued(service, command)
    command.notify_if_ended()


def _start_queued(service: ServiceState, command: Command) -> None:
    """Start queued invocations as rate control allows (one at first, then one more per
    completed one, up to MaxConcurrency); once more than MaxErrors failed, terminate the
    rest. Past TimeoutSeconds nothing more starts. Invocations that end at once open room
    for the next ones."""
    limits = command.rate_control
    while True:
        queued = [i for i in command.invocations if i.status == "Pending"]
        if not queued:
            return
        now = service.clock.now()
        if limits.exceeded(command.error_count()):
            for invocation in queued:
                invocation.end("Terminated", now)
            return
        if now >= command.delivery_deadline:
            return  # they wait, Pending, for the expiry to mark them DeliveryTimedOut
        running = sum(1 for i in command.invocations if i.status == "InProgress")
        wave = queued[: limits.may_start(running, command.completed_count())]
        if not wave:
            return
        for invocation in wave:
            invocation.status, invocation.status_details = IN_PROGRESS
        for invocation in wave:
            _run_plugins(service, invocation, 0)


def cancel_all(service: ServiceState, command: Command) -> None:
    """CancelCommand for the whole command: every invocation not ended yet is cancelled."""
    command.cancelled = True
    cancel(service, command.invocations)


def cancel(service: ServiceState, invocations: list[Invocation]) -> None:
    now = service.clock.now()
    for invocation in invocations:
        if not invocation.final:
            invocation.end("Cancelled", now)
    for command in {id(i.command): i.command for i in invocations}.values():
        command.notify_if_ended()


def _run_plugins(service: ServiceState, invocation: Invocation, index: int) -> bool:
    """Run the plugins from ``index`` on until one takes clock time; True when all ended."""
    clock = service.clock
    for position in range(index, len(invocation.plugins)):
        plugin = invocation.plugins[position]
        now = clock.now()
        plugin.status, plugin.status_details = IN_PROGRESS
        plugin.started = now
        outcome = invocation.command.playbook.outcome(_run_of(invocation, plugin.step))
        limit = plugin_timeout(plugin.step.inputs)
        if outcome.duration > limit:
            outcome = CommandOutcome("TimedOut", outcome.response_code, outcome.stdout, outcome.stderr, limit)
        if outcome.duration > 0:
            ends = now + timedelta(seconds=outcome.duration)
            clock.call_at(ends, partial(_finish_plugin, service, invocation, plugin, outcome, position))
            return False
        plugin.end(outcome.status, now, outcome)
    invocation.settle()
    return True


def _finish_plugin(
    service: ServiceState, invocation: Invocation, plugin: PluginRun, outcome: CommandOutcome, position: int
) -> None:
    if plugin.final or invocation.final:
        return  # cancelled or expired meanwhile
    plugin.end(outcome.status, service.clock.now(), outcome)
    if _run_plugins(service, invocation, position + 1):
        dispatch(service, invocation.command)


def _expire(service: ServiceState, command: Command) -> None:
    """At ExpiresAfter, invocations still Pending, InProgress or Delayed end DeliveryTimedOut
    (the ExpiresAfter documentation)."""
    now = service.clock.now()
    for invocation in command.invocations:
        if not invocation.final:
            invocation.end("DeliveryTimedOut", now)
    command.notify_if_ended()


def _run_of(invocation: Invocation, step: Step) -> CommandRun:
    command = invocation.command
    return CommandRun(
        command_id=command.command_id,
        instance_id=invocation.instance_id,
        platform=invocation.platform,
        document_name=command.document.name,
        document_version=command.document.document_version,
        parameters=command.parameters,
        plugin=step,
        comment=command.request.get("Comment", ""),
    )
