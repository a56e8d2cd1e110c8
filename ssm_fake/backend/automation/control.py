"""Steering a running execution: StopAutomationExecution and SendAutomationSignal.

Signals, from the SendAutomationSignal documentation: ``Approve`` / ``Reject`` answer an
``aws:approve`` step (Payload ``Comment``), ``Resume`` continues an ``aws:pause`` step,
``StartStep`` runs a named step of an Interactive execution (Payload ``StepName``),
``StopStep`` stops a running step (Payload ``StepExecutionId``); ``Revoke`` is for change
requests, which the fake does not model. A signal the execution can't take now is
``InvalidAutomationSignalException``; a step it does not have, ``AutomationStepNotFoundException``.
"""

from __future__ import annotations

import json
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..state import RequestContext
from .actions import required_approvals
from .fanout import cancel_parent, complete_parent
from .model import AutomationExecution, AutomationStore, StepExecution
from .runner import finish, request_cancel, request_complete, run_named


@handles("StopAutomationExecution")
def stop_automation_execution(ctx: RequestContext, request: Request) -> Reply:
    execution = ctx.state(AutomationStore).require(request["AutomationExecutionId"])
    if execution.final or execution.stop_requested is not None:
        # The error's documentation: "The specified update status operation isn't valid."
        raise errors.InvalidAutomationStatusUpdateException(
            f"The specified update status operation isn't valid: automation execution {execution.execution_id} "
            f"is {execution.status}."
        )
    cancel = request.get("Type", "Cancel") == "Cancel"
    if execution.is_parent:
        (cancel_parent if cancel else complete_parent)(ctx.service, execution)
    else:
        (request_cancel if cancel else request_complete)(ctx.service, execution)
    return {}


@handles("SendAutomationSignal")
def send_automation_signal(ctx: RequestContext, request: Request) -> Reply:
    execution = ctx.state(AutomationStore).require(request["AutomationExecutionId"])
    signal: str = request["SignalType"]
    payload: dict[str, list[str]] = request.get("Payload") or {}
    if execution.final:
        raise errors.InvalidAutomationSignalException(
            f"The signal {signal} isn't valid: automation execution {execution.execution_id} is {execution.status}."
        )
    if signal in ("Approve", "Reject"):
        _answer_approval(ctx, execution, signal, payload)
    elif signal == "Resume":
        _resume(ctx, execution, payload)
    elif signal == "StartStep":
        _start_step(ctx, execution, payload)
    elif signal == "StopStep":
        _stop_step(ctx, execution, payload)
    else:
        raise errors.InvalidAutomationSignalException(
            f"The signal {signal} isn't valid for automation execution {execution.execution_id}: "
            "Revoke applies to change requests only."
        )
    return {}


def _waiting_step(execution: AutomationExecution, signal: str, action: str) -> StepExecution:
    current = execution.current
    if current is None or current.action != action or current.status != "Waiting":
        doing = f"step {current.name} ({current.action}) is {current.status}" if current else "no step is running"
        raise errors.InvalidAutomationSignalException(
            f"The signal {signal} isn't valid for the current state of automation execution "
            f"{execution.execution_id}: it needs a {action} step waiting, and {doing}."
        )
    return current


def _answer_approval(
    ctx: RequestContext, execution: AutomationExecution, signal: str, payload: dict[str, list[str]]
) -> None:
    step = _waiting_step(execution, signal, "aws:approve")
    comment = " ".join(payload.get("Comment") or [])
    approver = f"arn:aws:iam::{ctx.account_id}:root"
    decisions = [*_decisions(step), {"Approver": approver, "Decision": signal, "Comment": comment}]
    step.response = json.dumps(decisions, separators=(",", ":"))
    outputs: dict[str, Any] = {"ApproverDecisions": decisions}
    if signal == "Reject":
        message = f"Step fails when it is Approval rejected by {approver}" + (f": {comment}" if comment else ".")
        outputs["ApprovalStatus"] = "Rejected"
        finish(
            ctx.service,
            execution,
            step,
            "Failed",
            values=outputs,
            message=message,
            details={"FailureStage": "Invocation", "FailureType": "Rejected", "Details": {"Comment": [comment]}},
        )
        return
    step.approvals.append(approver)
    if len(step.approvals) >= (required_approvals(step.inputs) or 1):
        outputs["ApprovalStatus"] = "Approved"
        finish(ctx.service, execution, step, "Success", values=outputs)


def _decisions(step: StepExecution) -> list[dict[str, str]]:
    if not step.response:
        return []
    earlier: list[dict[str, str]] = json.loads(step.response)
    return earlier


def _resume(ctx: RequestContext, execution: AutomationExecution, payload: dict[str, list[str]]) -> None:
    step = _waiting_step(execution, "Resume", "aws:pause")
    named = payload.get("StepName")
    if named and named[0] != step.name:
        raise errors.AutomationStepNotFoundException(
            f"The step {named[0]} is not the paused step of automation execution {execution.execution_id} "
            f"({step.name})."
        )
    finish(ctx.service, execution, step, "Success")


def _start_step(ctx: RequestContext, execution: AutomationExecution, payload: dict[str, list[str]]) -> None:
    if execution.mode != "Interactive" or execution.current is not None or execution.status != "Waiting":
        raise errors.InvalidAutomationSignalException(
            f"The signal StartStep isn't valid for automation execution {execution.execution_id}: it needs an "
            f"Interactive execution waiting between steps, and this one is {execution.mode}, {execution.status}."
        )
    named = payload.get("StepName")
    if not named:
        raise errors.InvalidAutomationSignalException("The StartStep signal needs the step to start: StepName.")
    if execution.step_index(named[0]) is None:
        raise errors.AutomationStepNotFoundException(
            f"The specified step name and execution ID don't exist: the runbook of automation execution "
            f"{execution.execution_id} has no step {named[0]}."
        )
    execution.status = "InProgress"
    run_named(ctx.service, execution, named[0])


def _stop_step(ctx: RequestContext, execution: AutomationExecution, payload: dict[str, list[str]]) -> None:
    wanted = (payload.get("StepExecutionId") or [""])[0]
    current = execution.current
    if not wanted:
        raise errors.InvalidAutomationSignalException("The StopStep signal needs the step to stop: StepExecutionId.")
    if current is None or current.step_execution_id != wanted:
        raise errors.AutomationStepNotFoundException(
            f"The specified step name and execution ID don't exist: no step execution {wanted} is running in "
            f"automation execution {execution.execution_id}."
        )
    finish(
        ctx.service, execution, current, "Cancelled", message="The step was stopped (SendAutomationSignal StopStep)."
    )
