"""State Manager, the reading half: ListAssociations, ListAssociationVersions,
DescribeAssociationExecutions, DescribeAssociationExecutionTargets,
DescribeEffectiveInstanceAssociations and DescribeInstanceAssociationsStatus.

Lists page over indexes kept in order (associations by creation, versions by number,
executions by time), so a page costs what its items cost, however many there are in all;
filters that only narrow (AssociationId, ExecutionId, CreatedTime) jump straight to their
items. Every entry is derived at the moment of the read (``replies``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from functools import partial

from ... import errors
from ..documents.interface import resolve_document
from ..instances.nodes import InstanceRegistry, ManagedNode
from ..registry import Reply, Request, handles
from ..shared.pagination import Window, page_of, with_next_token
from ..shared.targets import RESOURCE_GROUP_PREFIX
from ..state import RequestContext
from .model import Association, AssociationStore, Execution, TargetResult
from .replies import (
    execution_entry,
    execution_target_entry,
    instance_status_entry,
    list_entry,
    overview,
    version_entry,
)
from .runs import applies_to

DEFAULT_PAGE_SIZE = 50
# EffectiveInstanceAssociationMaxResults: at most 5 per page.
EFFECTIVE_PAGE_SIZE = 5
OVERVIEW_STATUSES = ("Pending", "Success", "Failed")
AssociationCheck = Callable[[Association], bool]
ExecutionCheck = Callable[[Execution], bool]


@handles("ListAssociations")
def list_associations(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(AssociationStore)
    gone = ctx.state(InstanceRegistry).deregistered
    filters = request.get("AssociationFilterList") or []
    check = _association_check(ctx, filters, gone)
    by_id = [f["value"] for f in filters if f["key"] == "AssociationId"]
    candidates: Sequence[Association] = store.ordered
    if by_id:
        candidates = sorted((store.associations[i] for i in set(by_id) if i in store.associations), key=lambda a: a.seq)
    page, token = page_of(candidates, request, key=lambda a: a.seq, default_limit=DEFAULT_PAGE_SIZE, keep=check)
    reply: Reply = {"Associations": [list_entry(a, ctx.now, gone) for a in page]}
    return with_next_token(reply, token)


def _association_check(ctx: RequestContext, filters: list[dict[str, str]], gone: set[str]) -> AssociationCheck:
    """Values of one key are alternatives; different keys must all match."""
    wanted: dict[str, set[str]] = {}
    for item in filters:
        wanted.setdefault(item["key"], set()).add(item["value"])
    checks: list[AssociationCheck] = []
    for key, values in wanted.items():
        checks.append(_filter(ctx, key, values, gone))
    return lambda association: all(check(association) for check in checks)


def _filter(ctx: RequestContext, key: str, values: set[str], gone: set[str]) -> AssociationCheck:
    if key == "InstanceId":
        # "Filtering associations using the InstanceID attribute only returns legacy
        # associations created using the InstanceID attribute."
        return lambda a: a.instance_id in values
    if key == "Name":
        return lambda a: a.current.name in values or a.current.name.rsplit("/", 1)[-1] in values
    if key == "AssociationId":
        return lambda a: a.association_id in values
    if key == "AssociationName":
        return lambda a: a.current.fields.get("AssociationName") in values
    if key == "AssociationStatusName":
        bad = sorted(values - set(OVERVIEW_STATUSES))
        if bad:
            raise errors.ValidationException(
                f"The AssociationStatusName filter value {bad[0]!r} is not valid. "
                f"Valid: {', '.join(OVERVIEW_STATUSES)}."
            )
        return lambda a: overview(a, ctx.now, gone)["Status"] in values
    if key in ("LastExecutedBefore", "LastExecutedAfter"):
        moments = [_timestamp(key, value, errors.ValidationException) for value in values]
        before = key == "LastExecutedBefore"
        return lambda a: (
            a.latest is not None
            and any((a.latest.created < moment) if before else (a.latest.created > moment) for moment in moments)
        )
    if key == "ResourceGroupName":
        return lambda a: any(
            t.get("Key") == RESOURCE_GROUP_PREFIX + "Name" and values & set(t.get("Values") or [])
            for t in a.current.targets
        )
    raise errors.ValidationException(f"The filter key {key!r} is not valid.")  # the model's enum answers first


@handles("ListAssociationVersions")
def list_association_versions(ctx: RequestContext, request: Request) -> Reply:
    association = ctx.state(AssociationStore).require(request["AssociationId"])
    page, token = page_of(association.versions, request, key=lambda v: v.number, default_limit=DEFAULT_PAGE_SIZE)
    reply: Reply = {"AssociationVersions": [version_entry(association, v) for v in page]}
    return with_next_token(reply, token)


@handles("DescribeAssociationExecutions")
def describe_association_executions(ctx: RequestContext, request: Request) -> Reply:
    """Newest first. ExecutionId and CreatedTime narrow by lookup and binary search; Status
    is checked on the way."""
    association = ctx.state(AssociationStore).require(request["AssociationId"])
    lo, hi = 0, len(association.executions)
    checks: list[ExecutionCheck] = []
    execution_ids: set[str] = set()
    for item in request.get("Filters") or []:
        key, value, kind = item["Key"], item["Value"], item["Type"]
        if key == "CreatedTime":
            moment = _timestamp(key, value, errors.ValidationException)
            first, after = association.first_at_or_after(moment), _first_after(association, moment)
            if kind == "GREATER_THAN":
                lo = max(lo, after)
            elif kind == "LESS_THAN":
                hi = min(hi, first)
            else:
                lo, hi = max(lo, first), min(hi, after)
            continue
        if kind != "EQUAL":
            raise errors.ValidationException(f"The {key} filter takes the EQUAL type only, not {kind}.")
        if key == "ExecutionId":
            execution_ids.add(value)
        else:
            checks.append(partial(_has_status, value, ctx.now))
    items: Sequence[Execution] = Window(association.executions, lo, hi, reverse=True)
    if execution_ids:
        found = association.execution_ids.get(execution_ids.pop()) if len(execution_ids) == 1 else None
        items = [found] if found is not None and lo < found.seq <= hi else []
    page, token = page_of(
        items,
        request,
        key=lambda e: -e.seq,
        default_limit=DEFAULT_PAGE_SIZE,
        keep=(lambda e: all(check(e) for check in checks)) if checks else None,
    )
    reply: Reply = {"AssociationExecutions": [execution_entry(association, e, ctx.now) for e in page]}
    return with_next_token(reply, token)


def _has_status(wanted: str, now: datetime, execution: Execution) -> bool:
    return execution.state(now)[0] == wanted


def _first_after(association: Association, moment: datetime) -> int:
    executions = association.executions
    index = association.first_at_or_after(moment)
    while index < len(executions) and executions[index].created == moment:
        index += 1
    return index


@handles("DescribeAssociationExecutionTargets")
def describe_association_execution_targets(ctx: RequestContext, request: Request) -> Reply:
    association = ctx.state(AssociationStore).require(request["AssociationId"])
    execution_id = request["ExecutionId"]
    execution = association.execution_ids.get(execution_id)
    if execution is None:
        raise errors.AssociationExecutionDoesNotExist(
            f"The specified execution ID {execution_id} doesn't exist for association "
            f"{association.association_id}. Verify the ID number and try again."
        )
    gone = ctx.state(InstanceRegistry).deregistered
    elapsed = execution.elapsed(ctx.now)
    wanted: dict[str, set[str]] = {}
    for item in request.get("Filters") or []:
        wanted.setdefault(item["Key"], set()).add(item["Value"])

    def keep(entry: tuple[int, TargetResult]) -> bool:
        target = entry[1]
        if target.instance_id in gone:
            return False
        if "ResourceId" in wanted and target.instance_id not in wanted["ResourceId"]:
            return False
        if "ResourceType" in wanted and "ManagedInstance" not in wanted["ResourceType"]:
            return False
        return "Status" not in wanted or bool(set(target.state_at(elapsed)) & wanted["Status"])

    targets = list(enumerate(execution.result.targets.values()))
    page, token = page_of(targets, request, key=lambda entry: entry[0], default_limit=DEFAULT_PAGE_SIZE, keep=keep)
    entries = [execution_target_entry(association, execution, target, ctx.now) for _, target in page]
    return with_next_token({"AssociationExecutionTargets": entries}, token)


def _applying_to_node(
    ctx: RequestContext, request: Request, default_limit: int
) -> tuple[ManagedNode, list[Association], str | None]:
    """The node ``InstanceId`` names, and a page of the associations that apply to it."""
    node = _require_node(ctx, request["InstanceId"])
    page, token = page_of(
        ctx.state(AssociationStore).ordered,
        request,
        key=lambda a: a.seq,
        default_limit=default_limit,
        keep=lambda a: applies_to(a, node),
    )
    return node, page, token


@handles("DescribeEffectiveInstanceAssociations")
def describe_effective_instance_associations(ctx: RequestContext, request: Request) -> Reply:
    node, page, token = _applying_to_node(ctx, request, EFFECTIVE_PAGE_SIZE)
    entries = [
        {
            "AssociationId": a.association_id,
            "InstanceId": node.instance_id,
            "Content": _content(ctx, a),
            "AssociationVersion": str(a.current.number),
        }
        for a in page
    ]
    return with_next_token({"Associations": entries}, token)


def _content(ctx: RequestContext, association: Association) -> str:
    """The document the node runs for the association, as GetDocument shows its content."""
    version = association.current
    document = resolve_document(ctx, version.name, version.fields.get("DocumentVersion"))
    return document.content or json.dumps(document.body)


@handles("DescribeInstanceAssociationsStatus")
def describe_instance_associations_status(ctx: RequestContext, request: Request) -> Reply:
    node, page, token = _applying_to_node(ctx, request, DEFAULT_PAGE_SIZE)
    entries = [instance_status_entry(a, node.instance_id, ctx.now) for a in page]
    return with_next_token({"InstanceAssociationStatusInfos": entries}, token)


def _require_node(ctx: RequestContext, instance_id: str) -> ManagedNode:
    node = ctx.state(InstanceRegistry).node(instance_id)
    if node is None:
        raise errors.InvalidInstanceId(
            f"Instance {instance_id} is not a managed instance in account {ctx.account_id} and region {ctx.region}."
        )
    return node


def _timestamp(key: str, value: str, error: type[errors.ServiceError]) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise error(
            f"The {key} filter value {value!r} is not a timestamp; use ISO 8601, e.g. 2024-07-07T00:00:00Z."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
