"""How executions and steps look on the wire: ``AutomationExecution`` (GetAutomationExecution),
``AutomationExecutionMetadata`` (DescribeAutomationExecutions) and ``StepExecution``."""

from __future__ import annotations

from typing import Any

from ..shared.replies import present
from .model import AutomationExecution, StepExecution
from .runner import inputs_shown, is_critical, is_end, max_attempts, on_failure, step_timeout


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def step_reply(execution: AutomationExecution, step: StepExecution) -> dict[str, Any]:
    definition = step.definition
    reply = present(
        StepName=step.name,
        Action=step.action,
        TimeoutSeconds=step_timeout(definition),
        OnFailure=on_failure(definition),
        MaxAttempts=max_attempts(definition),
        ExecutionStartTime=step.started,
        ExecutionEndTime=step.ended,
        StepStatus=step.status,
        Inputs=inputs_shown(step),
        Outputs=step.outputs,
        Response=step.response,
        FailureMessage=step.failure_message,
        FailureDetails=step.failure_details,
        StepExecutionId=step.step_execution_id,
        NextStep=step.chosen_next or _text(definition.get("nextStep")),
        ValidNextSteps=_valid_next_steps(execution, step),
    )
    reply["IsEnd"] = is_end(definition)
    reply["IsCritical"] = is_critical(definition)
    return reply


def _valid_next_steps(execution: AutomationExecution, step: StepExecution) -> list[str]:
    """Where the runbook may go from ``step``: branch choices and Default, nextStep, an
    onFailure step, and the step after it."""
    definition = step.definition
    inputs = definition.get("inputs")
    inputs = inputs if isinstance(inputs, dict) else {}
    names: list[Any] = []
    if step.action == "aws:branch":
        choices = inputs.get("Choices")
        if isinstance(choices, list):
            names.extend(choice.get("NextStep") for choice in choices if isinstance(choice, dict))
        names.append(inputs.get("Default"))
    names.append(definition.get("nextStep"))
    failure = on_failure(definition)
    if failure.startswith("step:"):
        names.append(failure[len("step:") :])
    if not is_end(definition) and step.index + 1 < len(execution.main_steps):
        names.append(execution.main_steps[step.index + 1].get("name"))
    return list(dict.fromkeys(name for name in names if isinstance(name, str)))


def _common(execution: AutomationExecution) -> dict[str, Any]:
    """Members the two execution shapes share."""
    reply = present(
        AutomationExecutionId=execution.execution_id,
        DocumentName=execution.document_name,
        DocumentVersion=execution.document.document_version,
        AutomationExecutionStatus=execution.status,
        ExecutionStartTime=execution.started or execution.requested,
        ExecutionEndTime=execution.ended,
        Outputs=execution.outputs,
        Mode=execution.mode,
        ParentAutomationExecutionId=execution.parent_id,
        ExecutedBy=execution.executed_by,
        FailureMessage=execution.failure_message,
        TargetParameterName=execution.target_parameter_name,
        Targets=execution.request.get("Targets") if execution.parent_id is None else None,
        TargetMaps=execution.target_maps,
        MaxConcurrency=execution.max_concurrency,
        MaxErrors=execution.max_errors,
        Target=execution.target,
    )
    current = execution.current
    if current is not None:
        reply.update(CurrentStepName=current.name, CurrentAction=current.action)
    if execution.is_parent:
        reply["ResolvedTargets"] = {"ParameterValues": list(execution.resolved_targets), "Truncated": False}
    return reply


def listed_steps(execution: AutomationExecution) -> list[StepExecution]:
    """The steps as the service lists them: those that ran, in the order they started, then
    every step of the runbook that has not run, ``Pending`` — as in the real reply the AWS CLI
    documents for get-automation-execution (steps after a failed one stay "Pending")."""
    ran = {step.name for step in execution.steps}
    waiting = [
        StepExecution("", index, definition)
        for index, definition in enumerate(execution.main_steps)
        if definition.get("name") not in ran
    ]
    return execution.steps + waiting


def execution_reply(execution: AutomationExecution) -> dict[str, Any]:
    reply = _common(execution)
    reply["StepExecutions"] = [step_reply(execution, step) for step in listed_steps(execution)]
    reply["StepExecutionsTruncated"] = False
    reply["Parameters"] = _parameters(execution)
    if execution.is_parent:
        children = execution.children
        reply["ProgressCounters"] = {
            "TotalSteps": len(children),
            "SuccessSteps": sum(1 for child in children if child.status == "Success"),
            "FailedSteps": sum(1 for child in children if child.status == "Failed"),
            "CancelledSteps": sum(1 for child in children if child.status == "Cancelled"),
            "TimedOutSteps": sum(1 for child in children if child.status == "TimedOut"),
        }
    return reply


def _parameters(execution: AutomationExecution) -> dict[str, list[str]]:
    given: dict[str, list[str]] = execution.request.get("Parameters") or {}
    return execution.parameters or dict(given)


def metadata_reply(execution: AutomationExecution) -> dict[str, Any]:
    reply = _common(execution)
    reply["AutomationType"] = "Local"
    return reply
