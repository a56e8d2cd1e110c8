"""How one task execution runs: its targets, its invocations, and how each task type ends.

* Targets are resolved when the task starts: ``WindowTargetIds`` through the window's
  registered targets (tags and ids, via ``instances.nodes.resolve_targets``), ``InstanceIds``
  directly. ``RESOURCE_GROUP`` targets are accepted at registration, but the fake does not
  model AWS Resource Groups: a task that reaches one ends ``FAILED`` saying so.
* RUN_COMMAND sends real commands (``commands.interface.start_command``: SendCommand's
  checks, visible in ListCommands, ending as ``set_command_outcome`` decides). One command
  covers every target, with the task's MaxConcurrency and MaxErrors, unless the parameters
  use a per-invocation pseudo parameter such as ``{{TARGET_ID}}``: then each invocation
  sends its own command under the task's rate control.
* LAMBDA and STEP_FUNCTIONS invocations end as ``ssm.set_task_outcome`` decides.
* AUTOMATION: :func:`start_automation`, the one place to wire Automation in.
"""

from __future__ import annotations

import json
from datetime import timedelta
from functools import partial
from typing import Any

from ...errors import NotImplementedByFake, ServiceError
from ..automation.interface import start_execution
from ..commands.interface import Command, cancel_all, start_command
from ..instances.nodes import resolve_targets
from ..shared.rate_control import RateControl
from ..state import RequestContext
from . import pseudo
from .outcomes import outcome_for
from .store import (
    InvocationTarget,
    TaskEnd,
    TaskExecution,
    TaskInvocation,
    WindowStore,
    clip,
    invocation_id,
    new_uuid,
)

# A Run Command status -> the maintenance-window status an invocation or task shows.
COMMAND_STATUS = {
    "Pending": "PENDING",
    "InProgress": "IN_PROGRESS",
    "Delayed": "IN_PROGRESS",
    "Success": "SUCCESS",
    "Failed": "FAILED",
    "TimedOut": "TIMED_OUT",
    "Cancelled": "CANCELLED",
}
ERROR_STATUSES = frozenset({"FAILED", "TIMED_OUT"})
# An automation execution's final status -> the task invocation's status.
AUTOMATION_END_STATUS = {"Success": "SUCCESS", "Failed": "FAILED", "TimedOut": "TIMED_OUT", "Cancelled": "CANCELLED"}
# RunCommand members that go into the command as they are (TaskInvocationParameters).
_COMMAND_MEMBERS = (
    "Comment",
    "DocumentHash",
    "DocumentHashType",
    "DocumentVersion",
    "NotificationConfig",
    "OutputS3BucketName",
    "OutputS3KeyPrefix",
    "ServiceRoleArn",
    "TimeoutSeconds",
    "CloudWatchOutputConfig",
)


def run_task(store: WindowStore, task_execution: TaskExecution, on_end: TaskEnd) -> None:
    """Start the task execution; ``on_end(status, details)`` is called once it ended."""
    task_execution.on_end = on_end
    try:
        task_execution.targets = _invocation_targets(store, task_execution)
    except ServiceError as error:
        on_end("FAILED", error.message)
        return
    task = task_execution.task
    if task.task_type == "RUN_COMMAND" and not pseudo.uses_per_invocation(run_command_parameters(task.spec)):
        _run_batched_command(store, task_execution)
    else:
        _pump(store, task_execution)


def _context(store: WindowStore) -> RequestContext:
    return RequestContext(store.service, store.account_id, store.region, new_uuid(), store.service.clock.now())


def _invocation_targets(store: WindowStore, task_execution: TaskExecution) -> list[InvocationTarget | None]:
    targets = task_execution.task.spec.get("Targets") or []
    if not targets:
        return [None]
    window = task_execution.execution.window
    ctx = _context(store)
    found: dict[str, InvocationTarget | None] = {}
    for target in targets:
        values = target.get("Values") or []
        if target["Key"] == "WindowTargetIds":
            for window_target_id in values:
                registered = window.targets.get(window_target_id)
                if registered is None:
                    continue  # deregistered since
                if registered.resource_type == "RESOURCE_GROUP":
                    raise NotImplementedByFake(
                        f"ssm_fake does not model AWS Resource Groups, so window target {window_target_id} "
                        "(RESOURCE_GROUP) resolves no resources; register INSTANCE targets instead."
                    )
                owner = registered.spec.get("OwnerInformation")
                for node in resolve_targets(ctx, registered.spec["Targets"]):
                    found.setdefault(node.instance_id, InvocationTarget(node.instance_id, window_target_id, owner))
        else:  # InstanceIds, allowed when the window allows unassociated targets
            for node in resolve_targets(ctx, [{"Key": "InstanceIds", "Values": values}]):
                found.setdefault(node.instance_id, InvocationTarget(node.instance_id, "", None))
    return list(found.values())


def _common_values(task_execution: TaskExecution) -> dict[str, str]:
    spec = task_execution.task.spec
    logging = spec.get("LoggingInfo") or {}
    return {
        "WINDOW_ID": task_execution.execution.window.window_id,
        "WINDOW_TASK_ID": task_execution.task.window_task_id,
        "WINDOW_EXECUTION_ID": task_execution.execution.execution_id,
        "TASK_EXECUTION_ID": task_execution.task_execution_id,
        "LOGGING_S3_BUCKET_NAME": logging.get("S3BucketName", ""),
        "LOGGING_S3_KEY_PREFIX": logging.get("S3KeyPrefix", ""),
        "LOGGING_S3_REGION": logging.get("S3Region", ""),
    }


def _invocation_values(task_execution: TaskExecution, index: int) -> dict[str, str]:
    values = _common_values(task_execution)
    target = task_execution.targets[index]
    values["INVOCATION_ID"] = invocation_id(task_execution.task_execution_id, index)
    if target is not None:
        values.update(
            TARGET_ID=target.resource_id,
            TARGET_TYPE="INSTANCE",
            RESOURCE_ID=target.resource_id,
            RESOURCE_TYPE="INSTANCE",
            WINDOW_TARGET_ID=target.window_target_id,
        )
    return values


# --- RUN_COMMAND ------------------------------------------------------------------------------


def run_command_parameters(spec: dict[str, Any]) -> dict[str, Any]:
    """The task's RunCommand parameters; the legacy TaskParameters and LoggingInfo fill in
    what TaskInvocationParameters leaves out."""
    found = dict((spec.get("TaskInvocationParameters") or {}).get("RunCommand") or {})
    if "Parameters" not in found and spec.get("TaskParameters"):
        found["Parameters"] = {name: value.get("Values", []) for name, value in spec["TaskParameters"].items()}
    logging = spec.get("LoggingInfo")
    if logging and "OutputS3BucketName" not in found:
        found["OutputS3BucketName"] = logging["S3BucketName"]
        if "S3KeyPrefix" in logging:
            found["OutputS3KeyPrefix"] = logging["S3KeyPrefix"]
    return found


# The rate limits of a command that runs one invocation on one node: the task's own rate
# control counts its failure.
ONE_NODE = ("1", "0")


def _command_request(
    task_execution: TaskExecution, values: dict[str, str], instance_ids: list[str], limits: tuple[str, str]
) -> dict[str, Any]:
    spec = task_execution.task.spec
    parameters = pseudo.substitute(run_command_parameters(spec), values)
    request: dict[str, Any] = {
        "DocumentName": spec["TaskArn"],
        "InstanceIds": instance_ids,
        "Parameters": parameters.get("Parameters") or {},
        "MaxConcurrency": limits[0],
        "MaxErrors": limits[1],
    }
    request.update({name: parameters[name] for name in _COMMAND_MEMBERS if name in parameters})
    logging = spec.get("LoggingInfo")
    if logging and "OutputS3BucketName" in request:
        request.setdefault("OutputS3Region", logging["S3Region"])
    return request


def command_parameters_text(command: Command, instance_id: str) -> str:
    """An invocation's Parameters as the service shows them for Run Command tasks."""
    request = command.request
    shown = {
        "comment": request.get("Comment", ""),
        "documentName": command.document_name,
        "instanceIds": [instance_id],
        "maxConcurrency": command.max_concurrency,
        "maxErrors": command.max_errors,
        "parameters": command.parameters,
        "timeoutSeconds": command.timeout_seconds,
    }
    return json.dumps(shown, separators=(",", ":"))


def _run_batched_command(store: WindowStore, task_execution: TaskExecution) -> None:
    assert task_execution.on_end is not None
    instance_ids = [t.resource_id for t in task_execution.targets if t is not None]
    if not instance_ids:
        task_execution.on_end("SUCCESS", "No managed nodes matched the task's targets.")
        return
    spec = task_execution.task.spec
    limits = (spec["MaxConcurrency"], spec["MaxErrors"])  # a Run Command task always has targets
    request = _command_request(task_execution, _common_values(task_execution), instance_ids, limits)
    try:
        command = start_command(_context(store), request)
    except ServiceError as error:
        task_execution.on_end("FAILED", f"{error.error_code}: {error.message}")
        return
    task_execution.command = command
    command.watchers.append(partial(_batched_command_ended, task_execution))


def _batched_command_ended(task_execution: TaskExecution, command: Command) -> None:
    status, details = command.state()
    shown = COMMAND_STATUS.get(status, "FAILED")
    if shown == "CANCELLED" and task_execution.stopped_as is not None:
        shown = task_execution.stopped_as
    assert task_execution.on_end is not None
    task_execution.on_end(shown, details)


def _start_command_invocation(
    store: WindowStore, task_execution: TaskExecution, invocation: TaskInvocation, index: int
) -> None:
    target = task_execution.targets[index]
    if target is None:
        _invocation_ended(store, task_execution, invocation, "FAILED", "A Run Command task needs targets.")
        return
    request = _command_request(
        task_execution, _invocation_values(task_execution, index), [target.resource_id], ONE_NODE
    )
    try:
        command = start_command(_context(store), request)
    except ServiceError as error:
        _invocation_ended(store, task_execution, invocation, "FAILED", f"{error.error_code}: {error.message}")
        return
    invocation.command = command
    invocation.execution_id = command.command_id
    invocation.parameters = command_parameters_text(command, target.resource_id)

    def ended(done: Command) -> None:
        status, details = done.state()
        _invocation_ended(store, task_execution, invocation, COMMAND_STATUS.get(status, "FAILED"), details)

    command.watchers.append(ended)


# --- invocation by invocation, under the task's rate control -----------------------------------


def _limits(task_execution: TaskExecution) -> RateControl:
    spec = task_execution.task.spec
    return RateControl(spec.get("MaxConcurrency", "1"), spec.get("MaxErrors", "0"), len(task_execution.targets))


def _pump(store: WindowStore, task_execution: TaskExecution) -> None:
    """Start what the rate control allows; end the task once nothing runs and nothing may start."""
    if task_execution.pumping or task_execution.final:
        return
    task_execution.pumping = True
    try:
        limits = _limits(task_execution)
        total = len(task_execution.targets)
        while not task_execution.final:
            if (
                task_execution.next_index >= total
                or task_execution.stopped_as is not None
                or limits.exceeded(task_execution.errors)
            ):
                if task_execution.running == 0:
                    _conclude(task_execution, limits)
                return
            count = min(
                limits.may_start(task_execution.running, task_execution.completed), total - task_execution.next_index
            )
            if count == 0:
                return
            for _ in range(count):
                index = task_execution.next_index
                task_execution.next_index += 1
                task_execution.running += 1
                invocation = TaskInvocation(task_execution.targets[index], "")
                invocation.status, invocation.start = "IN_PROGRESS", store.service.clock.now()
                task_execution.invocations.append(invocation)
                _start_invocation(store, task_execution, invocation, index)
    finally:
        task_execution.pumping = False


def _conclude(task_execution: TaskExecution, limits: RateControl) -> None:
    assert task_execution.on_end is not None
    if task_execution.stopped_as is not None and task_execution.next_index < len(task_execution.targets):
        task_execution.on_end(task_execution.stopped_as, "The cutoff was reached before every invocation started.")
    elif limits.exceeded(task_execution.errors):
        task_execution.on_end(
            "FAILED",
            f"{task_execution.errors} of {task_execution.completed} invocations failed: more than MaxErrors "
            f"({limits.max_errors}) allows.",
        )
    else:
        task_execution.on_end("SUCCESS", "")


def _invocation_ended(
    store: WindowStore, task_execution: TaskExecution, invocation: TaskInvocation, status: str, details: str
) -> None:
    if invocation.final:
        return
    invocation.status, invocation.status_details = status, clip(details)
    invocation.end = store.service.clock.now()
    task_execution.running -= 1
    task_execution.completed += 1
    if status in ERROR_STATUSES:
        task_execution.errors += 1
    _pump(store, task_execution)


def _start_invocation(
    store: WindowStore, task_execution: TaskExecution, invocation: TaskInvocation, index: int
) -> None:
    task_type = task_execution.task.task_type
    if task_type == "RUN_COMMAND":
        _start_command_invocation(store, task_execution, invocation, index)
        return
    values = _invocation_values(task_execution, index)
    members = pseudo.substitute(_type_parameters(task_execution), values)
    invocation.parameters = json.dumps(_jsonable(members), separators=(",", ":"))
    done = partial(_invocation_ended, store, task_execution, invocation)
    if task_type == "AUTOMATION":
        start_automation(_context(store), task_execution, invocation, members, done)
        return
    spec = task_execution.task.spec
    invocation.execution_id = (
        new_uuid() if task_type == "LAMBDA" else _state_machine_execution(store, spec["TaskArn"], members.get("Name"))
    )
    outcome = outcome_for(store.service, task_type, task_execution.execution.window.window_id)
    finish = partial(done, outcome.status, outcome.details())
    if outcome.duration > 0:
        store.service.clock.call_at(store.service.clock.now() + timedelta(seconds=outcome.duration), finish)
    else:
        finish()


def start_automation(
    ctx: RequestContext,
    task_execution: TaskExecution,
    invocation: TaskInvocation,
    parameters: dict[str, Any],
    done: TaskEnd,
) -> None:
    """Start the automation execution of an AUTOMATION task invocation: the runbook
    ``TaskArn`` with the invocation's DocumentVersion and Parameters (pseudo parameters
    already filled in). ExecutionId is the automation execution's id ("the ID of the action
    performed in the service that actually handled the task invocation"); the invocation
    ends as the execution does. A runbook the service would refuse fails the invocation
    with StartAutomationExecution's error."""
    request: dict[str, Any] = {"DocumentName": task_execution.task.spec["TaskArn"]}
    for member in ("DocumentVersion", "Parameters"):
        if parameters.get(member):
            request[member] = parameters[member]
    try:
        execution = start_execution(ctx, request)
    except ServiceError as problem:
        done("FAILED", f"{problem.code}: {problem.message}")
        return
    invocation.execution_id = execution.execution_id
    execution.watchers.append(
        lambda ended: done(AUTOMATION_END_STATUS[ended.status], ended.failure_message or "")
    )


def _type_parameters(task_execution: TaskExecution) -> dict[str, Any]:
    spec = task_execution.task.spec
    member = {"AUTOMATION": "Automation", "LAMBDA": "Lambda", "STEP_FUNCTIONS": "StepFunctions"}[
        task_execution.task.task_type
    ]
    found = dict((spec.get("TaskInvocationParameters") or {}).get(member) or {})
    if not found and spec.get("TaskParameters") and member == "Automation":
        found["Parameters"] = {name: value.get("Values", []) for name, value in spec["TaskParameters"].items()}
    return found


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _state_machine_execution(store: WindowStore, state_machine: str, name: str | None) -> str:
    machine = state_machine.rsplit(":", 1)[-1]
    return f"arn:aws:states:{store.region}:{store.account_id}:execution:{machine}:{name or new_uuid()}"


def stop_task(store: WindowStore, task_execution: TaskExecution, status: str) -> None:
    """No more invocations start; commands still running are cancelled. Lambda and Step
    Functions invocations already running go on, unless the task itself ended (``status``
    is then theirs too)."""
    task_execution.stopped_as = status
    service = store.service
    if task_execution.command is not None and not task_execution.command.ended:
        cancel_all(service, task_execution.command)
    ending = task_execution.final
    now = service.clock.now()
    for invocation in task_execution.invocations:
        if invocation.final:
            continue
        if invocation.command is not None and not invocation.command.ended:
            cancel_all(service, invocation.command)
        elif ending:
            invocation.status, invocation.end = status, now
    if not ending:
        _pump(store, task_execution)
