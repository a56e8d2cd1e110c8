"""Rate-controlled executions: one child execution per target, under MaxConcurrency and
MaxErrors ("Run automated operations at scale" in the Automation user guide).

A parent with ``TargetParameterName`` and ``Targets`` starts one child per resolved value
of the target parameter (``TargetMaps``: one per map of parameters), each a normal
execution with ``ParentAutomationExecutionId`` set. Children start as shared rate control
allows (one at first, then one more per completed child, up to MaxConcurrency); once more
children failed than MaxErrors allows, no more start and the parent ends Failed, else it
ends Success when the last child ended. Cancelling the parent cancels its running children.
"""

from __future__ import annotations

import uuid
from functools import partial

from ... import errors
from ..documents.interface import check_document_parameters
from ..shared.rate_control import RateControl
from ..state import ServiceState
from .model import AutomationExecution, AutomationStore
from .runner import end, launch, request_cancel

# Child statuses that count against MaxErrors.
ERROR_STATUSES = frozenset({"Failed", "TimedOut"})


def begin_parent(service: ServiceState, parent: AutomationExecution) -> None:
    service.clock.call_at(service.clock.now(), partial(_begin, service, parent))


def _begin(service: ServiceState, parent: AutomationExecution) -> None:
    if parent.final:
        return
    parent.started = service.clock.now()
    parent.status = "InProgress"
    dispatch(service, parent)


def plans(parent: AutomationExecution) -> list[tuple[str | None, dict[str, list[str]]]]:
    """(Target shown on the child, the parameters it adds) for every child the parent makes."""
    if parent.target_maps:
        return [(None, target_map) for target_map in parent.target_maps]
    name = parent.target_parameter_name or ""
    return [(value, {name: [value]}) for value in parent.resolved_targets]


def _rate_control(parent: AutomationExecution) -> RateControl:
    return RateControl(parent.max_concurrency or "10", parent.max_errors or "0", len(plans(parent)))


def error_count(parent: AutomationExecution) -> int:
    return sum(1 for child in parent.children if child.status in ERROR_STATUSES)


def dispatch(service: ServiceState, parent: AutomationExecution) -> None:
    """Start the children rate control allows now; end the parent once nothing more will run."""
    if parent.final:
        return
    limits = _rate_control(parent)
    todo = plans(parent)
    while True:
        exceeded = limits.exceeded(error_count(parent))
        running = sum(1 for child in parent.children if not child.final)
        left = len(todo) - len(parent.children)
        if parent.stop_requested is not None or exceeded or left == 0:
            if running == 0:
                _end_parent(service, parent, exceeded)
            return
        room = limits.may_start(running, len(parent.children) - running)
        if room == 0:
            return
        for target, added in todo[len(parent.children) : len(parent.children) + room]:
            _start_child(service, parent, target, added)


def _start_child(
    service: ServiceState, parent: AutomationExecution, target: str | None, added: dict[str, list[str]]
) -> None:
    store = service.state(AutomationStore, parent.account_id, parent.region)
    now = service.clock.now()
    given = {**parent.request.get("Parameters", {}), **added}
    child = AutomationExecution(
        execution_id=str(uuid.uuid4()),
        seq=store.next_seq(),
        account_id=parent.account_id,
        region=parent.region,
        document=parent.document,
        document_name=parent.document_name,
        parameters={},
        mode="Auto",
        requested=now,
        executed_by=parent.executed_by,
        request={"Parameters": given},
        parent_id=parent.execution_id,
        target=target,
    )
    parent.children.append(child)
    store.add(child)
    try:
        child.parameters = check_document_parameters(parent.document, given)
    except errors.InvalidParameters as problem:
        end(service, child, "Failed", problem.message)
        return
    child.watchers.append(lambda _: dispatch(service, parent))
    launch(service, child)


def _end_parent(service: ServiceState, parent: AutomationExecution, exceeded: bool) -> None:
    if parent.stop_requested == "Cancel":
        end(service, parent, "Cancelled")
    elif exceeded:
        failed = error_count(parent)
        end(
            service,
            parent,
            "Failed",
            f"{failed} of {len(parent.children)} child automations failed, more than MaxErrors "
            f"({parent.max_errors or '0'}) allows.",
        )
    else:
        end(service, parent, "Success")


def cancel_parent(service: ServiceState, parent: AutomationExecution) -> None:
    """Cancel the running children; the parent ends Cancelled once they did."""
    parent.stop_requested = "Cancel"
    parent.status = "Cancelling"
    for child in parent.children:
        if not child.final:
            request_cancel(service, child)
    service.clock.call_at(service.clock.now(), partial(dispatch, service, parent))


def complete_parent(service: ServiceState, parent: AutomationExecution) -> None:
    """Start no more children; the parent ends once the running ones did."""
    parent.stop_requested = "Complete"
    dispatch(service, parent)
