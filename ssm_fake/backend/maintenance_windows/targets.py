"""A window's targets: Register/Describe/Update/DeregisterTargetFromMaintenanceWindow, and
whether a window targets given nodes (DescribeMaintenanceWindowsForTarget and the schedule).

Rules (API reference, "Systems Manager service quotas"):

* ``INSTANCE`` targets use the Target grammar of ``shared.targets`` (``InstanceIds``,
  ``tag:KEY``, ``tag-key``); ``RESOURCE_GROUP`` targets name ``resource-groups:Name`` (and
  optionally ``resource-groups:ResourceTypeFilters``). The fake accepts resource-group
  targets but does not model AWS Resource Groups, so tasks reaching them fail at run time.
* At most 100 targets per window.
* ``Safe=True`` refuses to deregister a target a task still uses (TargetInUseException);
  without it the target goes and the tasks keep running on their other targets.
"""

from __future__ import annotations

from typing import Any

from ... import errors
from ..instances.nodes import resolve_targets
from ..registry import Reply, Request, handles
from ..shared.pagination import with_next_token
from ..shared.targets import RESOURCE_GROUP_PREFIX, select
from ..state import RequestContext
from .filters import matcher, read_filters
from .paging import window_page
from .store import (
    Window,
    WindowStore,
    WindowTarget,
    new_uuid,
    registered_before,
    remember_client_token,
    require_target,
)
from .updates import updated_spec

MAX_TARGETS = 100
DEFAULT_PAGE = 10
_TARGET_FIELDS = ("Targets", "OwnerInformation", "Name", "Description")


def check_targets(resource_type: str, targets: list[dict[str, Any]]) -> None:
    """The targets a window target of ``resource_type`` may name."""
    if not targets:
        raise errors.ValidationException("Targets must name at least one target.")
    keys = [t["Key"] for t in targets]
    if resource_type == "RESOURCE_GROUP":
        if "resource-groups:Name" not in keys or any(not k.startswith(RESOURCE_GROUP_PREFIX) for k in keys):
            raise errors.ValidationException(
                "A RESOURCE_GROUP target takes the keys resource-groups:Name and, optionally, "
                "resource-groups:ResourceTypeFilters."
            )
        return
    if any(k.startswith(RESOURCE_GROUP_PREFIX) for k in keys):
        raise errors.ValidationException("resource-groups: keys need ResourceType RESOURCE_GROUP.")
    try:
        select(targets, [])
    except errors.InvalidTarget as error:
        raise errors.ValidationException(error.message) from None


@handles("RegisterTargetWithMaintenanceWindow")
def register_target_with_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    made = registered_before(window, window.target_tokens, window.targets, request, MAX_TARGETS, "target")
    if made is not None:
        return {"WindowTargetId": made}
    check_targets(request["ResourceType"], request["Targets"])
    spec = {name: request[name] for name in ("ResourceType", *_TARGET_FIELDS) if name in request}
    target = WindowTarget(new_uuid(), window.next_seq(), spec)
    window.targets[target.window_target_id] = target
    remember_client_token(window.target_tokens, request, target.window_target_id)
    return {"WindowTargetId": target.window_target_id}


@handles("DescribeMaintenanceWindowTargets")
def describe_maintenance_window_targets(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    filters = read_filters(request, ("Type", "WindowTargetId", "OwnerInformation"))
    keep = matcher(
        filters,
        {
            "Type": lambda t: t.resource_type,
            "WindowTargetId": lambda t: t.window_target_id,
            "OwnerInformation": lambda t: t.spec.get("OwnerInformation", ""),
        },
    )
    targets = list(window.targets.values())
    page, token = window_page(targets, request, key=lambda t: t.seq, default_limit=DEFAULT_PAGE, keep=keep)
    return with_next_token({"Targets": [_target_reply(window, t) for t in page]}, token)


@handles("UpdateMaintenanceWindowTarget")
def update_maintenance_window_target(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    target = require_target(window, request["WindowTargetId"])
    spec = updated_spec(
        target.spec,
        request,
        _TARGET_FIELDS,
        kept="ResourceType",
        required="Targets",
        register_action="RegisterTargetWithMaintenanceWindow",
    )
    check_targets(spec["ResourceType"], spec["Targets"])
    target.spec = spec
    reply = _target_reply(window, target)
    del reply["ResourceType"]
    return reply


@handles("DeregisterTargetFromMaintenanceWindow")
def deregister_target_from_maintenance_window(ctx: RequestContext, request: Request) -> Reply:
    window = ctx.state(WindowStore).require(request["WindowId"])
    target = require_target(window, request["WindowTargetId"])
    if request.get("Safe"):
        for task in window.tasks.values():
            for task_target in task.spec.get("Targets") or []:
                if task_target["Key"] == "WindowTargetIds" and target.window_target_id in task_target["Values"]:
                    raise errors.TargetInUseException(
                        "This Target cannot be deregistered because it is still referenced in Task: "
                        + task.window_task_id
                    )
    del window.targets[target.window_target_id]
    return {"WindowId": window.window_id, "WindowTargetId": target.window_target_id}


def _target_reply(window: Window, target: WindowTarget) -> dict[str, Any]:
    reply: dict[str, Any] = {"WindowId": window.window_id, "WindowTargetId": target.window_target_id}
    reply.update(target.spec)
    return reply


def matches_any(ctx: RequestContext, window: Window, resource_type: str, wanted: list[dict[str, Any]]) -> bool:
    """True when one of the window's targets of ``resource_type`` names what ``wanted`` names:
    the same nodes for ``InstanceIds`` (directly or through tags), else the same key and a
    shared value for every wanted target."""
    for target in window.targets.values():
        if target.resource_type != resource_type:
            continue
        registered: list[dict[str, Any]] = target.spec["Targets"]
        if _matches(ctx, resource_type, registered, wanted):
            return True
    return False


def _matches(
    ctx: RequestContext, resource_type: str, registered: list[dict[str, Any]], wanted: list[dict[str, Any]]
) -> bool:
    for item in wanted:
        values = set(item.get("Values") or [])
        if item["Key"].lower() == "instanceids" and resource_type == "INSTANCE":
            nodes = {node.instance_id for node in resolve_targets(ctx, registered)}
            named = {v for t in registered if t["Key"].lower() == "instanceids" for v in t.get("Values") or []}
            if not values & (nodes | named):
                return False
        elif not any(t["Key"] == item["Key"] and values & set(t.get("Values") or []) for t in registered):
            return False
    return True
