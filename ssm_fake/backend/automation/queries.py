"""The reads: GetAutomationExecution, DescribeAutomationExecutions (newest first) and
DescribeAutomationStepExecutions (in the order the steps started, or reversed), with every
filter the model's enums name. Replies are rendered from the live state, so a read shows
whatever the clock has played out so far.

Filter rules from the ``AutomationExecutionFilter`` / ``StepExecutionFilter`` documentation:
several values of one key are alternatives, several keys must all match, times are
``yyyy-MM-dd'T'HH:mm:ss'Z'``; a value the key can't take is ``InvalidFilterValue``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache
from typing import TypeVar

from ... import errors, model
from ..registry import Reply, Request, handles
from ..shared.pagination import Window, page_of, with_next_token
from ..shared.tags import taggable
from ..state import RequestContext
from .model import AutomationExecution, AutomationStore, StepExecution
from .replies import execution_reply, listed_steps, metadata_reply, step_reply

DEFAULT_PAGE = 50
ItemT = TypeVar("ItemT")
Check = Callable[[ItemT], bool]
_TIME_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")


@handles("GetAutomationExecution")
def get_automation_execution(ctx: RequestContext, request: Request) -> Reply:
    execution = ctx.state(AutomationStore).require(request["AutomationExecutionId"])
    return {"AutomationExecution": execution_reply(execution)}


@handles("DescribeAutomationExecutions")
def describe_automation_executions(ctx: RequestContext, request: Request) -> Reply:
    checks = [_execution_check(item["Key"], item["Values"]) for item in request.get("Filters") or []]
    page, token = page_of(
        Window(ctx.state(AutomationStore).in_order, reverse=True),
        request,
        key=lambda execution: -execution.seq,
        default_limit=DEFAULT_PAGE,
        keep=lambda execution: all(check(execution) for check in checks),
    )
    return with_next_token({"AutomationExecutionMetadataList": [metadata_reply(e) for e in page]}, token)


@handles("DescribeAutomationStepExecutions")
def describe_automation_step_executions(ctx: RequestContext, request: Request) -> Reply:
    execution = ctx.state(AutomationStore).require(request["AutomationExecutionId"])
    checks = [_step_check(item["Key"], item["Values"]) for item in request.get("Filters") or []]
    reverse = bool(request.get("ReverseOrder", False))
    listed = listed_steps(execution)
    positions = list(range(len(listed)))
    if reverse:
        positions.reverse()
    page, token = page_of(
        positions,
        request,
        key=(lambda position: -position) if reverse else (lambda position: position),
        default_limit=DEFAULT_PAGE,
        keep=lambda position: all(check(listed[position]) for check in checks),
    )
    steps = [step_reply(execution, listed[position]) for position in page]
    return with_next_token({"StepExecutions": steps}, token)


# --- filters --------------------------------------------------------------------------------


def _moment(key: str, values: list[str]) -> datetime:
    if len(values) != 1:
        raise errors.InvalidFilterValue(f"The {key} filter takes exactly one time, got {len(values)}.")
    for pattern in _TIME_FORMATS:
        try:
            return datetime.strptime(values[0], pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise errors.InvalidFilterValue(
        f"The {key} filter value {values[0]!r} is not a time in the format yyyy-MM-dd'T'HH:mm:ss'Z'."
    )


@cache
def _model_statuses() -> tuple[str, ...]:
    """Every AutomationExecutionStatus the model names (PendingApproval, Exited, ...): all are
    valid filter values, though the fake's executions take only eight of them (``model``)."""
    shape = model.service_model().shape_for("AutomationExecutionStatus")
    return tuple(shape.enum)


def _statuses(key: str, values: list[str]) -> set[str]:
    wrong = [value for value in values if value not in _model_statuses()]
    if wrong:
        raise errors.InvalidFilterValue(
            f"The {key} filter value {wrong[0]!r} is not an execution status. Valid: {', '.join(_model_statuses())}."
        )
    return set(values)


def _execution_check(key: str, values: list[str]) -> Check[AutomationExecution]:
    wanted = set(values)
    if key == "DocumentNamePrefix":
        return lambda e: any(e.document_name.startswith(prefix) for prefix in values)
    if key == "ExecutionStatus":
        statuses = _statuses(key, values)
        return lambda e: e.status in statuses
    if key == "ExecutionId":
        return lambda e: e.execution_id in wanted
    if key == "ParentExecutionId":
        return lambda e: e.parent_id in wanted
    if key == "CurrentAction":
        return lambda e: e.current is not None and e.current.action in wanted
    if key in ("StartTimeBefore", "StartTimeAfter"):
        moment = _moment(key, values)
        before = key == "StartTimeBefore"
        return lambda e: (_start(e) < moment) if before else (_start(e) > moment)
    if key == "AutomationType":
        _only(key, values, ("CrossAccount", "Local"))
        return lambda e: "Local" in wanted  # the fake runs every execution in its own account and region
    if key == "AutomationSubtype":
        _only(key, values, ("ChangeRequest", "AccessRequest"))
        return lambda e: False  # no change or access requests in the fake
    if key == "TagKey":
        return lambda e: bool(wanted & e.tags.keys())
    if key in ("TargetResourceGroup", "OpsItemId"):
        return lambda e: False  # the fake keeps neither resource groups nor OpsItems
    raise errors.InvalidFilterKey(f"The filter key {key} is not valid for automation executions.")


def _start(execution: AutomationExecution) -> datetime:
    return execution.started or execution.requested


def _only(key: str, values: list[str], allowed: tuple[str, ...]) -> None:
    wrong = [value for value in values if value not in allowed]
    if wrong:
        raise errors.InvalidFilterValue(
            f"The {key} filter value {wrong[0]!r} is not valid. Valid: {', '.join(allowed)}."
        )


def _step_check(key: str, values: list[str]) -> Check[StepExecution]:
    wanted = set(values)
    if key in ("StartTimeBefore", "StartTimeAfter"):
        moment = _moment(key, values)
        before = key == "StartTimeBefore"
        return lambda s: s.started is not None and ((s.started < moment) if before else (s.started > moment))
    if key == "StepExecutionStatus":
        statuses = _statuses(key, values)
        return lambda s: s.status in statuses
    if key == "StepExecutionId":
        return lambda s: s.step_execution_id in wanted
    if key == "StepName":
        return lambda s: s.name in wanted
    if key == "Action":
        return lambda s: s.action in wanted
    if key in ("ParentStepExecutionId", "ParentStepIteration", "ParentStepIteratorValue"):
        return lambda s: False  # steps inside aws:loop; the fake does not run loops
    raise errors.InvalidFilterKey(f"The filter key {key} is not valid for step executions.")


# --- tags -----------------------------------------------------------------------------------


@taggable("Automation")
def _automation_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
    execution = ctx.state(AutomationStore).executions.get(resource_id)
    if execution is None:
        raise errors.InvalidResourceId(
            f"The resource ID isn't valid: there is no automation execution {resource_id} in this account and region."
        )
    return execution.tags
