"""What a command invocation produces, as a test decides it: outcome rules and a handler.

There is no machine to run a command on, so each plugin of each invocation asks, in this
order and as they stood when the command was sent: the handler set with
``ssm.set_command_handler(fn)`` (``fn(run)`` returns a :class:`CommandOutcome`, a dict of
its fields, or None to pass), then the most recent matching ``ssm.set_command_outcome(...)``
rule, then the default: Success, code 0, no output, no delay::

    ssm.set_command_outcome(instance_id=bad, status="Failed", response_code=2, stderr="disk full")
    ssm.set_command_handler(lambda run: {"stdout": " ".join(run.plugin.inputs["runCommand"])})
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..state import RegionState, ServiceState

if TYPE_CHECKING:
    from ..documents.interface import Step

_log = logging.getLogger("ssm_fake")
# The agent's execution timeout when a plugin gives no ``timeoutSeconds`` input.
DEFAULT_PLUGIN_TIMEOUT = 3600

# An outcome status -> (Status, StatusDetails) of the plugin and invocation it ends.
FINAL_STATES: dict[str, tuple[str, str]] = {
    "Success": ("Success", "Success"),
    "Failed": ("Failed", "Failed"),
    "TimedOut": ("TimedOut", "ExecutionTimedOut"),
    "ExecutionTimedOut": ("TimedOut", "ExecutionTimedOut"),
    "DeliveryTimedOut": ("TimedOut", "DeliveryTimedOut"),
    "Cancelled": ("Cancelled", "Cancelled"),
    "Undeliverable": ("Failed", "Undeliverable"),
    "InvalidPlatform": ("Failed", "InvalidPlatform"),
    "AccessDenied": ("Failed", "AccessDenied"),
    "Terminated": ("Cancelled", "Terminated"),
}


@dataclass(frozen=True)
class CommandOutcome:
    """How one plugin run ends: final ``status`` (a key of FINAL_STATES), exit code,
    output, and how many seconds of clock time it stays InProgress first."""

    status: str = "Success"
    response_code: int = 0
    stdout: str = ""
    stderr: str = ""
    duration: float = 0

    def __post_init__(self) -> None:
        if self.status not in FINAL_STATES:
            raise ValueError(f"status must be one of {', '.join(FINAL_STATES)}, got {self.status!r}")
        if isinstance(self.response_code, bool) or not isinstance(self.response_code, int):
            raise TypeError(f"response_code must be an int, got {self.response_code!r}")
        if not isinstance(self.stdout, str) or not isinstance(self.stderr, str):
            raise TypeError("stdout and stderr must be str")
        if isinstance(self.duration, bool) or not isinstance(self.duration, (int, float)) or self.duration < 0:
            raise ValueError(f"duration must be a number of seconds >= 0, got {self.duration!r}")


@dataclass(frozen=True)
class CommandRun:
    """One plugin of one invocation, as a command handler sees it."""

    command_id: str
    instance_id: str
    platform: str
    document_name: str
    document_version: str
    parameters: Mapping[str, list[str]]
    plugin: Step
    comment: str = ""


def plugin_timeout(inputs: Mapping[str, Any]) -> int:
    """A plugin's execution timeout in seconds: its ``timeoutSeconds`` input, else 3600."""
    value = inputs.get("timeoutSeconds")
    try:
        seconds = int(str(value).strip()) if value is not None else DEFAULT_PLUGIN_TIMEOUT
    except ValueError:
        return DEFAULT_PLUGIN_TIMEOUT
    return seconds if seconds > 0 else DEFAULT_PLUGIN_TIMEOUT


CommandHandler = Callable[[CommandRun], "CommandOutcome | Mapping[str, Any] | None"]


@dataclass(frozen=True)
class _Rule:
    document_name: str | None
    instance_id: str | None
    outcome: CommandOutcome

    def matches(self, run: CommandRun) -> bool:
        return (self.document_name is None or self.document_name == run.document_name) and (
            self.instance_id is None or self.instance_id == run.instance_id
        )


class CommandSteering(RegionState):
    """The rules and handler of one mock; one per service (not per account or region), so
    that ``ssm.reset()`` forgets them with everything else."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.rules: list[_Rule] = []
        self.handler: CommandHandler | None = None


def steering(service: ServiceState) -> CommandSteering:
    return service.state(CommandSteering, "-", "-")


def add_rule(
    service: ServiceState, document_name: str | None, instance_id: str | None, outcome: CommandOutcome
) -> None:
    steering(service).rules.append(_Rule(document_name, instance_id, outcome))


def set_handler(service: ServiceState, handler: CommandHandler | None) -> None:
    if handler is not None and not callable(handler):
        raise TypeError(f"a command handler must be callable (or None to remove it), got {handler!r}")
    steering(service).handler = handler


@dataclass(frozen=True)
class Playbook:
    """The handler and rules as they stood when a command was sent: they decide its runs,
    whatever the test changes afterwards."""

    handler: CommandHandler | None
    rules: tuple[_Rule, ...]

    def outcome(self, run: CommandRun) -> CommandOutcome:
        """The handler's answer if it gives one, else the latest matching rule, else Success."""
        if self.handler is not None:
            answer = _ask_handler(self.handler, run)
            if answer is not None:
                return answer
        for rule in reversed(self.rules):
            if rule.matches(run):
                return rule.outcome
        return CommandOutcome()


def current_playbook(service: ServiceState) -> Playbook:
    control = steering(service)
    return Playbook(control.handler, tuple(control.rules))


def _ask_handler(handler: CommandHandler, run: CommandRun) -> CommandOutcome | None:
    """A handler that raises (or answers nonsense) fails the plugin, with the reason in stderr."""
    try:
        answer = handler(run)
        if answer is None or isinstance(answer, CommandOutcome):
            return answer
        if isinstance(answer, Mapping):
            return CommandOutcome(**answer)
        raise TypeError(f"a command handler must return a CommandOutcome, a dict or None, not {answer!r}")
    except Exception:
        _log.exception("ssm_fake: the command handler failed on %s for %s", run.plugin.name, run.instance_id)
        return CommandOutcome(
            status="Failed", response_code=1, stderr="ssm_fake: the command handler raised\n" + traceback.format_exc()
        )
