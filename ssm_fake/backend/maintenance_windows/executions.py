"""Reading executions back, and CancelMaintenanceWindowExecution.

Every reply is rendered from the live state, so a read shows whatever the clock has played
out so far; a batched RUN_COMMAND invocation reads its status straight from the command's
invocation on that node. Executions list newest first; ``ExecutedAfter`` /
``ExecutedBefore`` and paging find their place by binary search, so a page costs O(page)
however long the history.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import Window, with_next_token
from ..state import RequestContext
from .filters import instant, read_filters
from .paging import window_page
from .runs import CANCELLED, stop
from .store import Execution, TaskExecution, WindowStore, invocation_id, invocation_index
from .task_runners import COMMAND_STATUS, command_parameters_text, run_command_parameters

DEFAULT_PAGE = 10
STATUS_KEYS = ("STATUS",)


@handles("DescribeMaintenanceWindowExecutions")
def describe_maintenance_window_executions(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).windows.get(request["WindowId"])
    executions = window.executions if window is not None else []
    lo, hi = 0, len(executions)
    for key, values in read_filters(request, ("ExecutedBefore", "ExecutedAfter")):
        for value in values:
            moment = instant(key, value)
            if key == "ExecutedAfter":
                lo = max(lo, bisect_left(executions, moment, key=lambda e: e.start))
            else:
                hi = min(hi, bisect_right(executions, moment, key=lambda e: e.start))
    view = Window(executions, lo, hi, reverse=True)
    page, token = window_page(view, request, key=lambda e: -e.seq, default_limit=DEFAULT_PAGE)
    return with_next_token({"WindowExecutions": [_execution_identity(e) for e in page]}, token)


def _execution_identity(execution: Execution) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "WindowId": execution.window.window_id,
        "WindowExecutionId": execution.execution_id,
        "Status": execution.status,
        "StatusDetails": execution.status_details,
        "StartTime": execution.start,
    }
    if execution.end is not None:
        reply["EndTime"] = execution.end
    return reply


@handles("GetMaintenanceWindowExecution")
def get_maintenance_window_execution(ctx: RequestContext, request: Request) -> Reply:
    execution = ctx.state(WindowStore).require_execution(request["WindowExecutionId"])
    reply = _execution_identity(execution)
    del reply["WindowId"]
    reply["TaskIds"] = [t.task_execution_id for t in execution.task_executions]
    return reply


@handles("CancelMaintenanceWindowExecution")
def cancel_maintenance_window_execution(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(WindowStore)
    execution = store.require_execution(request["WindowExecutionId"])
    stop(store, execution, "CANCELLED", CANCELLED)
    return {"WindowExecutionId": execution.execution_id}


@handles("DescribeMaintenanceWindowExecutionTasks")
def describe_maintenance_window_execution_tasks(ctx: RequestContext, request: Request) -> Reply:
    execution = ctx.state(WindowStore).require_execution(request["WindowExecutionId"])
    statuses = _status_filter(request)
    positions = range(len(execution.task_executions))
    page, token = window_page(
        positions,
        request,
        key=lambda i: i,
        default_limit=DEFAULT_PAGE,
        keep=lambda i: statuses is None or execution.task_executions[i].status in statuses,
    )
    identities = [_task_identity(execution.task_executions[i]) for i in page]
    return with_next_token({"WindowExecutionTaskIdentities": identities}, token)


def _task_identity(task_execution: TaskExecution) -> dict[str, Any]:
    spec = task_execution.task.spec
    reply: dict[str, Any] = {
        "WindowExecutionId": task_execution.execution.execution_id,
        "TaskExecutionId": task_execution.task_execution_id,
        "Status": task_execution.status,
        "StatusDetails": task_execution.status_details,
        "StartTime": task_execution.start,
        "TaskArn": spec["TaskArn"],
        "TaskType": task_execution.task.task_type,
    }
    if task_execution.end is not None:
        reply["EndTime"] = task_execution.end
    if "AlarmConfiguration" in spec:
        reply["AlarmConfiguration"] = spec["AlarmConfiguration"]
    return reply


@handles("GetMaintenanceWindowExecutionTask")
def get_maintenance_window_execution_task(ctx: RequestContext, request: Request) -> Reply:
    task_execution = ctx.state(WindowStore).require_task_execution(request["WindowExecutionId"], request["TaskId"])
    reply = _task_identity(task_execution)
    spec = task_execution.task.spec
    reply["Type"] = reply.pop("TaskType")
    reply.update(
        TaskParameters=_task_parameters(spec),
        Priority=task_execution.task.priority,
        MaxConcurrency=spec.get("MaxConcurrency", "1"),
        MaxErrors=spec.get("MaxErrors", "1"),
    )
    if "ServiceRoleArn" in spec:
        reply["ServiceRole"] = spec["ServiceRoleArn"]
    return reply


def _task_parameters(spec: dict[str, Any]) -> list[dict[str, Any]]:
    if spec["TaskType"] == "RUN_COMMAND":
        parameters = run_command_parameters(spec).get("Parameters") or {}
        return [{name: {"Values": values} for name, values in parameters.items()}] if parameters else []
    return [spec["TaskParameters"]] if spec.get("TaskParameters") else []


@handles("DescribeMaintenanceWindowExecutionTaskInvocations")
def describe_maintenance_window_execution_task_invocations(ctx: RequestContext, request: Request) -> Reply:
    task_execution = ctx.state(WindowStore).require_task_execution(request["WindowExecutionId"], request["TaskId"])
    statuses = _status_filter(request)
    page, token = window_page(
        range(task_execution.invocation_count()),
        request,
        key=lambda i: i,
        default_limit=DEFAULT_PAGE,
        keep=lambda i: statuses is None or _status_of(task_execution, i) in statuses,
    )
    invocations = [_invocation(task_execution, i) for i in page]
    return with_next_token({"WindowExecutionTaskInvocationIdentities": invocations}, token)


@handles("GetMaintenanceWindowExecutionTaskInvocation")
def get_maintenance_window_execution_task_invocation(ctx: RequestContext, request: Request) -> Reply:
    task_execution = ctx.state(WindowStore).require_task_execution(request["WindowExecutionId"], request["TaskId"])
    wanted = request["InvocationId"]
    index = invocation_index(task_execution.task_execution_id, wanted)
    if index >= task_execution.invocation_count():
        raise errors.DoesNotExistException(f"Maintenance window execution task invocation {wanted} does not exist")
    reply = _invocation(task_execution, index)
    reply["TaskType"] = reply.pop("TaskType")
    return reply


def _status_filter(request: Request) -> frozenset[str] | None:
    filters = read_filters(request, STATUS_KEYS)
    if not filters:
        return None
    allowed: frozenset[str] = frozenset.intersection(*(values for _, values in filters))
    return allowed


def _status_of(task_execution: TaskExecution, index: int) -> str:
    if task_execution.command is not None:
        return COMMAND_STATUS.get(task_execution.command.invocations[index].status, "FAILED")
    return task_execution.invocations[index].status


def _invocation(task_execution: TaskExecution, index: int) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "WindowExecutionId": task_execution.execution.execution_id,
        "TaskExecutionId": task_execution.task_execution_id,
        "InvocationId": invocation_id(task_execution.task_execution_id, index),
        "TaskType": task_execution.task.task_type,
    }
    target = task_execution.targets[index]
    command = task_execution.command
    if command is not None:
        on_node = command.invocations[index]
        plugins = on_node.plugins
        started = plugins[0].started if plugins and plugins[0].started else command.requested
        finished = [p.finished for p in plugins if p.finished is not None]
        reply.update(
            ExecutionId=command.command_id,
            Parameters=command_parameters_text(command, on_node.instance_id),
            Status=COMMAND_STATUS.get(on_node.status, "FAILED"),
            StatusDetails=on_node.status_details,
            StartTime=started,
        )
        if on_node.final:
            reply["EndTime"] = max(finished) if finished else started
    else:
        invocation = task_execution.invocations[index]
        reply.update(
            ExecutionId=invocation.execution_id,
            Parameters=invocation.parameters,
            Status=invocation.status,
            StatusDetails=invocation.status_details,
        )
        if invocation.start is not None:
            reply["StartTime"] = invocation.start
        if invocation.end is not None:
            reply["EndTime"] = invocation.end
    if target is not None:
        if target.owner_information is not None:
            reply["OwnerInformation"] = target.owner_information
        if target.window_target_id:
            reply["WindowTargetId"] = target.window_target_id
    return reply
