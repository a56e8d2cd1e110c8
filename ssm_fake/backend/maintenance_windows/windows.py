"""The windows themselves: Create/Get/Update/Delete/DescribeMaintenanceWindows, tags,
DescribeMaintenanceWindowSchedule and DescribeMaintenanceWindowsForTarget.

Limits from "Systems Manager service quotas": 50 maintenance windows per account and
region (ResourceLimitExceededException beyond). A ClientToken makes CreateMaintenanceWindow
idempotent: the same token with the same members gives the same window, with other members
IdempotentParameterMismatch. DeleteMaintenanceWindow of an unknown window answers like a
deleted one (the model gives the action no DoesNotExistException).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import decode_token, encode_token, with_next_token
from ..shared.tags import apply_tags, taggable
from ..state import RequestContext
from .filters import instant, matcher, read_filters
from .paging import window_page
from .runs import arm
from .settings import FIELDS, REQUIRED, next_run, show_time, window_settings
from .store import Window, WindowStore, check_client_token, new_window_id, remember_client_token
from .targets import matches_any

MAX_WINDOWS = 50
DEFAULT_PAGE = 10
DEFAULT_SCHEDULE_PAGE = 50
# Members of the window a reply shows, besides its id.
_SHOWN = ("Name", "Description", "StartDate", "EndDate", "Schedule", "ScheduleTimezone", "ScheduleOffset")


@handles("CreateMaintenanceWindow")
def create_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(WindowStore)
    made = check_client_token(store.client_tokens, request)
    if made is not None and made in store.windows:
        return {"WindowId": made}
    if len(store.windows) >= MAX_WINDOWS:
        raise errors.ResourceLimitExceededException(
            f"The maximum number of maintenance windows ({MAX_WINDOWS}) in this account and region has been reached."
        )
    spec = {name: request[name] for name in FIELDS if name in request}
    spec["Enabled"] = True
    settings = window_settings(spec, ctx.now)
    tags: dict[str, str] = {}
    apply_tags(tags, request.get("Tags") or [], "MaintenanceWindow")
    window = Window(new_window_id(), store.next_seq(), settings, ctx.now, ctx.now, ctx.now, tags)
    store.windows[window.window_id] = window
    store.in_order.append(window)
    remember_client_token(store.client_tokens, request, window.window_id)
    arm(store, window, ctx.now)
    return {"WindowId": window.window_id}


@handles("GetMaintenanceWindow")
def get_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    reply = _window_fields(window)
    reply.update(CreatedDate=window.created, ModifiedDate=window.modified)
    _add_next_execution(reply, window, ctx.now)
    return reply


@handles("UpdateMaintenanceWindow")
def update_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(WindowStore)
    window = store.require(request["WindowId"])
    given = {name: request[name] for name in FIELDS if name in request}
    if request.get("Replace"):
        missing = [name for name in REQUIRED if name not in given]
        if missing:
            raise errors.ValidationException(
                "With Replace, every member CreateMaintenanceWindow requires must be given; missing: "
                + ", ".join(missing)
            )
        spec = dict(given)
        spec.setdefault("Enabled", True)
    else:
        spec = {**window.spec, **given}
    settings = window_settings(spec, ctx.now, new_end_date="EndDate" in given)
    if any(spec.get(name) != window.spec.get(name) for name in ("Schedule", "ScheduleTimezone", "StartDate")):
        window.anchor = ctx.now
    window.settings = settings
    window.modified = ctx.now
    arm(store, window, ctx.now)
    return _window_fields(window)


@handles("DeleteMaintenanceWindow")
def delete_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(WindowStore)
    window = store.windows.pop(request["WindowId"], None)
    if window is not None:
        window.deleted = True
        store.in_order.remove(window)
        for execution in window.executions:
            store.executions.pop(execution.execution_id, None)
            for task_execution in execution.task_executions:
                store.task_executions.pop(task_execution.task_execution_id, None)
    return {"WindowId": request["WindowId"]}


@handles("DescribeMaintenanceWindows")
def describe_maintenance_windows(ctx: RequestContext, request: Request) -> Reply:
    filters = read_filters(request, ("Name", "Enabled"))
    filters = [(key, frozenset(v.lower() for v in values) if key == "Enabled" else values) for key, values in filters]
    keep = matcher(filters, {"Name": lambda w: w.spec["Name"], "Enabled": lambda w: str(w.enabled).lower()})
    store = ctx.state(WindowStore)
    page, token = window_page(store.in_order, request, key=lambda w: w.seq, default_limit=DEFAULT_PAGE, keep=keep)
    identities = []
    for window in page:
        identity = _window_fields(window)
        del identity["AllowUnassociatedTargets"]
        _add_next_execution(identity, window, ctx.now)
        identities.append(identity)
    return with_next_token({"WindowIdentities": identities}, token)


def _window_fields(window: Window) -> dict[str, Any]:
    spec = window.spec
    reply: dict[str, Any] = {"WindowId": window.window_id}
    reply.update({name: spec[name] for name in _SHOWN if spec.get(name) is not None})
    reply.update(
        Duration=spec["Duration"],
        Cutoff=spec["Cutoff"],
        AllowUnassociatedTargets=spec["AllowUnassociatedTargets"],
        Enabled=window.enabled,
    )
    return reply


def _add_next_execution(reply: dict[str, Any], window: Window, now: datetime) -> None:
    if window.enabled:
        when = next_run(window, now)
        if when is not None:
            reply["NextExecutionTime"] = show_time(window, when)


@taggable("MaintenanceWindow")
def _window_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
    # The tag actions answer InvalidResourceId for a missing resource (the model lists no
    # DoesNotExistException for them; aws-cloudformation-resource-providers-ssm PR 109).
    window = ctx.state(WindowStore).windows.get(resource_id)
    if window is None:
        raise errors.InvalidResourceId(
            "The resource ID isn't valid. Verify that you entered the correct ID and try again."
        )
    return window.tags


# --- which windows run, and when ----------------------------------------------------------------


@handles("DescribeMaintenanceWindowSchedule")
def describe_maintenance_window_schedule(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(WindowStore)
    targets = request.get("Targets") or []
    if request.get("WindowId"):
        if targets:
            raise errors.ValidationException("Specify either WindowId or Targets, not both.")
        windows = [store.require(request["WindowId"])]
    else:
        windows = _windows_for(ctx, request)
    after, before = ctx.now, None
    for key, values in read_filters(request, ("ScheduledAfter", "ScheduledBefore")):
        for value in values:
            moment = instant(key, value)
            if key == "ScheduledAfter":
                after = max(after, moment - timedelta(microseconds=1))
            else:
                before = moment if before is None else min(before, moment)
    resume: tuple[int, int] | None = None
    if request.get("NextToken"):
        decoded = decode_token(request["NextToken"], errors.ValidationException)
        if not (isinstance(decoded, tuple) and len(decoded) == 2 and all(isinstance(v, int) for v in decoded)):
            raise errors.ValidationException("The specified token is not valid.")
        resume = (int(decoded[0]), int(decoded[1]))
        after = max(after, _from_micros(resume[0]) - timedelta(microseconds=1))
    limit = request.get("MaxResults") or DEFAULT_SCHEDULE_PAGE
    runs = heapq.merge(*(_runs_of(window, after) for window in windows if window.enabled))
    page: list[tuple[datetime, int, Window]] = []
    token: str | None = None
    for when, seq, window in runs:
        if before is not None and when > before:
            break
        if resume is not None and (_micros(when), seq) <= resume:
            continue
        if len(page) == limit:
            token = encode_token((_micros(page[-1][0]), page[-1][1]))
            break
        page.append((when, seq, window))
    shown = [
        {"WindowId": window.window_id, "Name": window.spec["Name"], "ExecutionTime": show_time(window, when)}
        for when, _, window in page
    ]
    return with_next_token({"ScheduledWindowExecutions": shown}, token)


def _runs_of(window: Window, after: datetime) -> Iterator[tuple[datetime, int, Window]]:
    when = next_run(window, after)
    while when is not None:
        yield when, window.seq, window
        when = next_run(window, when)


def _micros(when: datetime) -> int:
    return int((when - _EPOCH) / timedelta(microseconds=1))


def _from_micros(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _windows_for(ctx: RequestContext, request: Request) -> list[Window]:
    targets = request.get("Targets") or []
    resource_type = request.get("ResourceType")
    if not targets or resource_type is None:
        raise errors.ValidationException("Specify a WindowId, or Targets together with a ResourceType.")
    store = ctx.state(WindowStore)
    return [w for w in store.in_order if matches_any(ctx, w, resource_type, targets)]


@handles("DescribeMaintenanceWindowsForTarget")
def describe_maintenance_windows_for_target(ctx: RequestContext, request: Request) -> Reply:
    targets = request["Targets"]
    if not targets:
        raise errors.ValidationException("Specify the Targets to look for.")
    resource_type = request["ResourceType"]
    store = ctx.state(WindowStore)
    page, token = window_page(
        store.in_order,
        request,
        key=lambda w: w.seq,
        default_limit=DEFAULT_PAGE,
        keep=lambda w: matches_any(ctx, w, resource_type, targets),
    )
    identities = [{"WindowId": w.window_id, "Name": w.spec["Name"]} for w in page]
    return with_next_token({"WindowIdentities": identities}, token)
