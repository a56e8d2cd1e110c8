"""A window's tasks: Register/Describe/Get/Update/DeregisterTaskFromMaintenanceWindow.

Rules from RegisterTaskWithMaintenanceWindow's documentation and the model:

* Targets are ``Key=WindowTargetIds`` (registered targets of this window) or
  ``Key=InstanceIds`` (only when the window has AllowUnassociatedTargets). RUN_COMMAND tasks
  need targets; the other types may go without ("Registering maintenance window tasks
  without targets"). At most 10 window targets per task: the service's "The maximum number
  of window targets is 10" (pasted in hashicorp/terraform-provider-aws#18372).
* With targets, MaxConcurrency and MaxErrors are required; a targetless task can't take
  them and shows the placeholder ``1``.
* TaskInvocationParameters holds the member of the task's type only.
* LAMBDA and STEP_FUNCTIONS tasks need Lambda or Step Functions in the region:
  FeatureNotAvailableException where botocore's endpoint data lists neither service.
* At most 20 tasks per window ("Systems Manager service quotas"). Priority defaults to 1,
  CutoffBehavior to CONTINUE_TASK.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.session

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import with_next_token
from ..state import RequestContext
from .filters import matcher, read_filters
from .paging import window_page
from .store import (
    DEFAULT_PRIORITY,
    Window,
    WindowStore,
    WindowTask,
    new_uuid,
    registered_before,
    remember_client_token,
    require_target,
    require_task,
)
from .updates import updated_spec

MAX_TASKS = 20
MAX_WINDOW_TARGETS_PER_TASK = 10
DEFAULT_PAGE = 10
# Members of a task as RegisterTaskWithMaintenanceWindow takes them (TaskType is fixed).
TASK_FIELDS = (
    "Targets",
    "TaskArn",
    "ServiceRoleArn",
    "TaskParameters",
    "TaskInvocationParameters",
    "Priority",
    "MaxConcurrency",
    "MaxErrors",
    "LoggingInfo",
    "Name",
    "Description",
    "CutoffBehavior",
    "AlarmConfiguration",
)
_INVOCATION_MEMBER = {
    "RUN_COMMAND": "RunCommand",
    "AUTOMATION": "Automation",
    "LAMBDA": "Lambda",
    "STEP_FUNCTIONS": "StepFunctions",
}
_SERVICE_OF = {"LAMBDA": "lambda", "STEP_FUNCTIONS": "stepfunctions"}


def check_task(ctx: RequestContext, window: Window, spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` checked as the service does; the defaults show in replies only."""
    task_type = spec["TaskType"]
    targets = spec.get("Targets") or []
    for target in targets:
        key, values = target["Key"], target.get("Values") or []
        if key == "WindowTargetIds":
            if len(values) > MAX_WINDOW_TARGETS_PER_TASK:
                raise errors.ValidationException(
                    f"The maximum number of window targets is {MAX_WINDOW_TARGETS_PER_TASK}"
                )
            for window_target_id in values:
                require_target(window, window_target_id)
        elif key == "InstanceIds":
            if not window.spec["AllowUnassociatedTargets"]:
                raise errors.ValidationException(
                    f"Maintenance window {window.window_id} does not allow unassociated targets: register the "
                    "nodes as window targets and use Key=WindowTargetIds, or set AllowUnassociatedTargets."
                )
        else:
            raise errors.ValidationException(f"Task targets take the key WindowTargetIds or InstanceIds, not {key!r}.")
    if task_type == "RUN_COMMAND" and not targets:
        raise errors.ValidationException(
            "One or more targets must be specified for maintenance window Run Command-type tasks."
        )
    if targets:
        missing = [name for name in ("MaxConcurrency", "MaxErrors") if name not in spec]
        if missing:
            raise errors.ValidationException(f"{' and '.join(missing)} must be given for a task with targets.")
    elif "MaxConcurrency" in spec or "MaxErrors" in spec:
        raise errors.ValidationException(
            "A task without targets can't take MaxConcurrency or MaxErrors; the service sets them to 1."
        )
    invocation = spec.get("TaskInvocationParameters") or {}
    others = [member for member in invocation if member != _INVOCATION_MEMBER[task_type]]
    if others:
        raise errors.ValidationException(
            f"TaskInvocationParameters of a {task_type} task take {_INVOCATION_MEMBER[task_type]} only, "
            f"not {', '.join(others)}."
        )
    service = _SERVICE_OF.get(task_type)
    if service is not None and ctx.region not in _regions_of(service):
        raise errors.FeatureNotAvailableException(
            f"{task_type} tasks are not available in {ctx.region}: the service they run is not offered there."
        )
    return spec


@functools.cache
def _regions_of(service: str) -> frozenset[str]:
    session = botocore.session.get_session()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions(service, partition_name=partition)
    )


@handles("RegisterTaskWithMaintenanceWindow")
def register_task_with_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    made = registered_before(window, window.task_tokens, window.tasks, request, MAX_TASKS, "task")
    if made is not None:
        return {"WindowTaskId": made}
    spec = {name: request[name] for name in ("TaskType", *TASK_FIELDS) if name in request}
    task = WindowTask(new_uuid(), window.next_seq(), check_task(ctx, window, spec))
    window.tasks[task.window_task_id] = task
    remember_client_token(window.task_tokens, request, task.window_task_id)
    return {"WindowTaskId": task.window_task_id}


@handles("DescribeMaintenanceWindowTasks")
def describe_maintenance_window_tasks(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    filters = read_filters(request, ("WindowTaskId", "TaskArn", "Priority", "TaskType"))
    keep = matcher(
        filters,
        {
            "WindowTaskId": lambda t: t.window_task_id,
            "TaskArn": lambda t: t.spec["TaskArn"],
            "Priority": lambda t: str(t.priority),
            "TaskType": lambda t: t.task_type,
        },
    )
    tasks = list(window.tasks.values())
    page, token = window_page(tasks, request, key=lambda t: t.seq, default_limit=DEFAULT_PAGE, keep=keep)
    replies = []
    for task in page:
        reply = _task_fields(window, task)
        reply.pop("TaskInvocationParameters", None)
        reply["Type"] = task.task_type
        replies.append(reply)
    return with_next_token({"Tasks": replies}, token)


@handles("GetMaintenanceWindowTask")
def get_maintenance_window_task(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    task = require_task(window, request["WindowTaskId"])
    reply = _task_fields(window, task)
    reply["TaskType"] = task.task_type
    return reply


@handles("UpdateMaintenanceWindowTask")
def update_maintenance_window_task(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    task = require_task(window, request["WindowTaskId"])
    spec = updated_spec(
        task.spec,
        request,
        TASK_FIELDS,
        kept="TaskType",
        required="TaskArn",
        register_action="RegisterTaskWithMaintenanceWindow",
    )
    updated = WindowTask(task.window_task_id, task.seq, check_task(ctx, window, spec))
    window.tasks[task.window_task_id] = updated  # running executions keep the old version
    return _task_fields(window, updated)


@handles("DeregisterTaskFromMaintenanceWindow")
def deregister_task_from_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    task = require_task(window, request["WindowTaskId"])
    del window.tasks[task.window_task_id]
    return {"WindowId": window.window_id, "WindowTaskId": task.window_task_id}


def _task_fields(window: Window, task: WindowTask) -> dict[str, Any]:
    reply: dict[str, Any] = {"WindowId": window.window_id, "WindowTaskId": task.window_task_id}
    reply.update({name: task.spec[name] for name in TASK_FIELDS if name in task.spec})
    reply.setdefault("Targets", [])
    reply.setdefault("Priority", DEFAULT_PRIORITY)
    reply.setdefault("CutoffBehavior", "CONTINUE_TASK")
    if not reply["Targets"]:
        reply.update(MaxConcurrency="1", MaxErrors="1")  # the documented placeholders
    return reply
