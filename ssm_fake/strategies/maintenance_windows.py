"""Request recipes for maintenance windows (``backend/maintenance_windows``).

A window's Cutoff is less than its Duration and a ScheduleOffset goes with a cron schedule
(``settings.py``); an update gives both or neither of Duration and Cutoff, and only cron
schedules, so what the stored window already has cannot make it invalid. Tasks run Amazon's
documents: AWS-RunShellScript on registered window targets (with MaxConcurrency and MaxErrors,
as tasks with targets need), AWS-RestartEC2Instance without targets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from .primitives import (
    HEX,
    INSTANCE_IDS,
    RESOURCE_NAMES,
    SMALL_TEXT,
    UUIDS,
    WORD,
    Request,
    RequestStrategy,
    max_results,
    request_of,
)
from .resources import tags
from .schedules import crons, window_schedules

WINDOW_IDS = st.text(HEX, min_size=17, max_size=17).map(lambda h: "mw-" + h)
_EXECUTION_IDS = UUIDS
_ZONES = st.sampled_from(["UTC", "America/New_York", "Europe/Paris", "Asia/Tokyo", "Australia/Sydney"])
_MOMENTS = st.sampled_from(["2024-11-04T05:00:00Z", "2030-01-01T12:30:00Z"])
_RATES = st.sampled_from(["1", "5", "10%", "100%"])
_STATUSES = st.sampled_from(["PENDING", "IN_PROGRESS", "SUCCESS", "FAILED", "TIMED_OUT", "CANCELLING", "CANCELLED"])
_NODE_TARGETS = st.one_of(
    st.lists(INSTANCE_IDS, min_size=1, max_size=3, unique=True).map(
        lambda ids: [{"Key": "InstanceIds", "Values": ids}]
    ),
    st.tuples(WORD, st.lists(WORD, min_size=1, max_size=3)).map(
        lambda pair: [{"Key": "tag:" + pair[0], "Values": pair[1]}]
    ),
)


@st.composite
def _timing(draw: st.DrawFn) -> Request:
    """Duration and Cutoff, Cutoff below Duration."""
    duration = draw(st.integers(1, 24))
    return {"Duration": duration, "Cutoff": draw(st.integers(0, duration - 1))}


@st.composite
def _schedule(draw: st.DrawFn, *, cron_only: bool) -> Request:
    if cron_only or draw(st.booleans()):
        chosen: Request = {"Schedule": draw(crons())}
        if draw(st.booleans()):
            chosen["ScheduleOffset"] = draw(st.integers(1, 6))
        return chosen
    return {"Schedule": draw(window_schedules())}


_WINDOW_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "Description": SMALL_TEXT.filter(bool),
    "ScheduleTimezone": _ZONES,
    "StartDate": st.just("2024-01-01T00:00:00Z"),
}


@st.composite
def _create_window(draw: st.DrawFn) -> Request:
    created: Request = {"Name": draw(RESOURCE_NAMES), "AllowUnassociatedTargets": draw(st.booleans())}
    created |= draw(_timing()) | draw(_schedule(cron_only=False))
    created |= draw(st.fixed_dictionaries({}, optional=_WINDOW_OPTIONAL | {"Tags": tags(min_size=1)}))
    return created


@st.composite
def _update_window(draw: st.DrawFn) -> Request:
    updated: Request = {"WindowId": draw(WINDOW_IDS)}
    updated |= draw(
        st.fixed_dictionaries(
            {},
            optional={
                "Name": RESOURCE_NAMES,
                "Description": SMALL_TEXT.filter(bool),
                "ScheduleTimezone": _ZONES,
                "Enabled": st.booleans(),
                "AllowUnassociatedTargets": st.booleans(),
            },
        )
    )
    if draw(st.booleans()):
        updated |= draw(_timing())
    if draw(st.booleans()):
        updated |= draw(_schedule(cron_only=True))
    return updated


def _filters(keys: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Filters of distinct keys, each with one to three values."""
    return st.lists(st.sampled_from(sorted(keys)), unique=True, min_size=1, max_size=len(keys)).flatmap(
        lambda chosen: st.tuples(
            *(
                st.fixed_dictionaries({"Key": st.just(key), "Values": st.lists(keys[key], min_size=1, max_size=3)})
                for key in chosen
            )
        ).map(list)
    )


@st.composite
def _register_task(draw: st.DrawFn) -> Request:
    task: Request = {"WindowId": draw(WINDOW_IDS)}
    if draw(st.booleans()):
        task |= {
            "TaskType": "RUN_COMMAND",
            "TaskArn": "AWS-RunShellScript",
            "Targets": [{"Key": "WindowTargetIds", "Values": draw(st.lists(UUIDS, min_size=1, max_size=3))}],
            "MaxConcurrency": draw(_RATES),
            "MaxErrors": draw(_RATES | st.just("0")),
        }
    else:
        task |= {"TaskType": "AUTOMATION", "TaskArn": "AWS-RestartEC2Instance"}
    return task | draw(
        st.fixed_dictionaries(
            {},
            optional={"Name": RESOURCE_NAMES, "Description": SMALL_TEXT.filter(bool), "Priority": st.integers(0, 10)},
        )
    )


@st.composite
def _update_target(draw: st.DrawFn) -> Request:
    """Node targets suit the INSTANCE targets these recipes register; Replace needs Targets."""
    updated: Request = {"WindowId": draw(WINDOW_IDS), "WindowTargetId": draw(UUIDS)}
    updated |= draw(
        st.fixed_dictionaries(
            {},
            optional={
                "Targets": _NODE_TARGETS,
                "OwnerInformation": SMALL_TEXT.filter(bool),
                "Name": RESOURCE_NAMES,
                "Description": SMALL_TEXT.filter(bool),
            },
        )
    )
    if "Targets" in updated and draw(st.booleans()):
        updated["Replace"] = True
    return updated


def _schedule_query() -> RequestStrategy:
    """A window's runs, or those of the windows that target some nodes."""
    which = st.one_of(
        request_of({"WindowId": WINDOW_IDS}),
        request_of({"Targets": _NODE_TARGETS, "ResourceType": st.just("INSTANCE")}),
    )
    more = request_of(
        {},
        {
            "Filters": _filters({"ScheduledAfter": _MOMENTS, "ScheduledBefore": _MOMENTS}),
            "MaxResults": max_results("DescribeMaintenanceWindowSchedule"),
        },
    )
    return st.tuples(which, more).map(lambda pair: pair[0] | pair[1])


def _of_window(operation: str, filter_keys: dict[str, st.SearchStrategy[str]]) -> RequestStrategy:
    return request_of(
        {"WindowId": WINDOW_IDS}, {"Filters": _filters(filter_keys), "MaxResults": max_results(operation)}
    )


RECIPES: dict[str, Callable[[], RequestStrategy]] = {
    "CreateMaintenanceWindow": _create_window,
    "GetMaintenanceWindow": lambda: request_of({"WindowId": WINDOW_IDS}),
    "UpdateMaintenanceWindow": _update_window,
    "DeleteMaintenanceWindow": lambda: request_of({"WindowId": WINDOW_IDS}),
    "DescribeMaintenanceWindows": lambda: request_of(
        {},
        {
            "Filters": _filters({"Name": RESOURCE_NAMES, "Enabled": st.sampled_from(["true", "false"])}),
            "MaxResults": max_results("DescribeMaintenanceWindows"),
        },
    ),
    "RegisterTargetWithMaintenanceWindow": lambda: request_of(
        {"WindowId": WINDOW_IDS, "ResourceType": st.just("INSTANCE"), "Targets": _NODE_TARGETS},
        {"OwnerInformation": SMALL_TEXT.filter(bool), "Name": RESOURCE_NAMES, "Description": SMALL_TEXT.filter(bool)},
    ),
    "RegisterTaskWithMaintenanceWindow": _register_task,
    "DescribeMaintenanceWindowTargets": lambda: _of_window(
        "DescribeMaintenanceWindowTargets",
        {"Type": st.sampled_from(["INSTANCE", "RESOURCE_GROUP"]), "WindowTargetId": UUIDS, "OwnerInformation": WORD},
    ),
    "DescribeMaintenanceWindowTasks": lambda: _of_window(
        "DescribeMaintenanceWindowTasks",
        {
            "WindowTaskId": UUIDS,
            "TaskArn": st.sampled_from(["AWS-RunShellScript", "AWS-RestartEC2Instance"]),
            "Priority": st.integers(0, 10).map(str),
            "TaskType": st.sampled_from(["RUN_COMMAND", "AUTOMATION"]),
        },
    ),
    "DescribeMaintenanceWindowExecutions": lambda: _of_window(
        "DescribeMaintenanceWindowExecutions", {"ExecutedBefore": _MOMENTS, "ExecutedAfter": _MOMENTS}
    ),
    "DescribeMaintenanceWindowSchedule": _schedule_query,
    "GetMaintenanceWindowExecution": lambda: request_of({"WindowExecutionId": _EXECUTION_IDS}),
    "DeregisterTargetFromMaintenanceWindow": lambda: request_of(
        {"WindowId": WINDOW_IDS, "WindowTargetId": UUIDS}, {"Safe": st.booleans()}
    ),
    "DeregisterTaskFromMaintenanceWindow": lambda: request_of({"WindowId": WINDOW_IDS, "WindowTaskId": UUIDS}),
    "GetMaintenanceWindowTask": lambda: request_of({"WindowId": WINDOW_IDS, "WindowTaskId": UUIDS}),
    "UpdateMaintenanceWindowTarget": _update_target,
    # Settings any task takes, whatever its type and targets.
    "UpdateMaintenanceWindowTask": lambda: request_of(
        {"WindowId": WINDOW_IDS, "WindowTaskId": UUIDS},
        {"Name": RESOURCE_NAMES, "Description": SMALL_TEXT.filter(bool), "Priority": st.integers(0, 10)},
    ),
    "DescribeMaintenanceWindowsForTarget": lambda: request_of(
        {"Targets": _NODE_TARGETS, "ResourceType": st.just("INSTANCE")},
        {"MaxResults": max_results("DescribeMaintenanceWindowsForTarget")},
    ),
    "CancelMaintenanceWindowExecution": lambda: request_of({"WindowExecutionId": _EXECUTION_IDS}),
    "DescribeMaintenanceWindowExecutionTasks": lambda: request_of(
        {"WindowExecutionId": _EXECUTION_IDS},
        {
            "Filters": _filters({"STATUS": _STATUSES}),
            "MaxResults": max_results("DescribeMaintenanceWindowExecutionTasks"),
        },
    ),
    "GetMaintenanceWindowExecutionTask": lambda: request_of({"WindowExecutionId": _EXECUTION_IDS, "TaskId": UUIDS}),
    "DescribeMaintenanceWindowExecutionTaskInvocations": lambda: request_of(
        {"WindowExecutionId": _EXECUTION_IDS, "TaskId": UUIDS},
        {
            "Filters": _filters({"STATUS": _STATUSES}),
            "MaxResults": max_results("DescribeMaintenanceWindowExecutionTaskInvocations"),
        },
    ),
    "GetMaintenanceWindowExecutionTaskInvocation": lambda: request_of(
        {"WindowExecutionId": _EXECUTION_IDS, "TaskId": UUIDS, "InvocationId": UUIDS}
    ),
}

_MISSING = ["DoesNotExistException"]
STATE_ERRORS: dict[str, list[str]] = {
    "GetMaintenanceWindow": _MISSING,
    "UpdateMaintenanceWindow": _MISSING,
    "RegisterTargetWithMaintenanceWindow": [*_MISSING, "ResourceLimitExceededException"],
    # A task's InstanceIds need AllowUnassociatedTargets; these tasks name window targets instead.
    "RegisterTaskWithMaintenanceWindow": [*_MISSING, "ResourceLimitExceededException"],
    "DescribeMaintenanceWindowTargets": _MISSING,
    "DescribeMaintenanceWindowTasks": _MISSING,
    "DescribeMaintenanceWindowExecutions": _MISSING,
    "DescribeMaintenanceWindowSchedule": _MISSING,
    "GetMaintenanceWindowExecution": _MISSING,
    "DeregisterTargetFromMaintenanceWindow": [*_MISSING, "TargetInUseException"],
    "DeregisterTaskFromMaintenanceWindow": _MISSING,
    "GetMaintenanceWindowTask": _MISSING,
    "UpdateMaintenanceWindowTarget": _MISSING,
    "UpdateMaintenanceWindowTask": _MISSING,
    "CancelMaintenanceWindowExecution": _MISSING,
    "DescribeMaintenanceWindowExecutionTasks": _MISSING,
    "GetMaintenanceWindowExecutionTask": _MISSING,
    "DescribeMaintenanceWindowExecutionTaskInvocations": _MISSING,
    "GetMaintenanceWindowExecutionTaskInvocation": _MISSING,
}
