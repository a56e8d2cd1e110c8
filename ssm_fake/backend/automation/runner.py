"""The step engine: a runbook's ``mainSteps`` played out on the service's clock.

From the Automation user guide ("Runbook syntax", "Using conditional statements in
runbooks"): steps run in order; after a step succeeds the runbook goes to its ``nextStep``
(or the step an ``aws:branch`` chose), else the next step, and ends after the last one or a
step with ``isEnd``. A failed step is retried up to ``maxAttempts`` times, then its
``onFailure`` decides: ``Abort`` (the default) ends the execution Failed (TimedOut when the
step timed out), ``Continue`` goes on as after a success, ``step:NAME`` jumps there. A failed
step that ``isCritical`` (the default) makes the final status Failed even when the runbook
went on. ``timeoutSeconds`` bounds a step's time; a cancel runs the current step's
``onCancel`` (``step:NAME``) before the execution ends Cancelled.

Each next step is a timer at the current instant, so nothing recurses and
StartAutomationExecution's caller sees the execution Pending; by the next call it has run as
far as the clock allows. Step actions are in ``actions`` and register with :func:`action`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from ..state import RequestContext, ServiceState
from .model import MAX_RUNNING, AutomationExecution, AutomationStore, StepExecution
from .values import as_json, as_wire, declared_outputs, render, variables

_log = logging.getLogger("ssm_fake")
# What the execution's Outputs show for an output whose step did not succeed (the AWS CLI's
# documented get-automation-execution reply).
NO_OUTPUT = "No output available yet because the step is not successfully executed"
# A runbook that keeps jumping between steps ends Failed after this many step executions.
MAX_STEP_EXECUTIONS = 1000
ActionFn = Callable[["ActionRun"], None]
ACTIONS: dict[str, ActionFn] = {}


def action(name: str) -> Callable[[ActionFn], ActionFn]:
    """Register what the step action ``name`` does."""

    def register(fn: ActionFn) -> ActionFn:
        ACTIONS[name] = fn
        return fn

    return register


@dataclass
class ActionRun:
    """One attempt of one step, as its action sees it: the inputs with placeholders filled
    in, and the ways to end it now or later."""

    service: ServiceState
    execution: AutomationExecution
    step: StepExecution
    inputs: dict[str, Any]

    @property
    def now(self) -> datetime:
        return self.service.clock.now()

    def context(self) -> RequestContext:
        """A request context acting as the execution's account and region."""
        execution = self.execution
        return RequestContext(self.service, execution.account_id, execution.region, str(uuid.uuid4()), self.now)

    def succeed(self, response: Any = None, outputs: Mapping[str, Any] | None = None) -> None:
        """End the step Success; its ``outputs`` are selected from ``response``."""
        try:
            values = dict(outputs or {})
            values.update(declared_outputs(self.step.definition, response))
        except (ValueError, TypeError) as problem:
            self.fail(f"Step {self.step.name} has an output that does not fit its Type: {problem}", stage="Outputs")
            return
        finish(self.service, self.execution, self.step, "Success", values=values)

    def fail(
        self, message: str, *, failure_type: str = "Unknown", stage: str = "Invocation", status: str = "Failed"
    ) -> None:
        finish(
            self.service,
            self.execution,
            self.step,
            status,
            message=message,
            details={"FailureStage": stage, "FailureType": failure_type, "Details": {"ExceptionMessage": [message]}},
        )

    def wait(self) -> None:
        """The step now waits for a signal (aws:pause, aws:approve)."""
        self.step.status = "Waiting"
        if self.execution.status != "Cancelling":
            self.execution.status = "Waiting"

    def at(self, when: datetime, then: Callable[[], None]) -> None:
        """Run ``then`` at ``when`` unless the step has moved on meanwhile."""
        generation = self.step.generation

        def fire() -> None:
            if self.step.generation == generation and not self.step.final:
                then()

        self.service.clock.call_at(when, fire)


# --- starting -------------------------------------------------------------------------------


def store_of(service: ServiceState, execution: AutomationExecution) -> AutomationStore:
    return service.state(AutomationStore, execution.account_id, execution.region)


def launch(service: ServiceState, execution: AutomationExecution) -> None:
    """Begin at the current instant, or wait Pending in the queue while 100 others run."""
    store = store_of(service, execution)
    if store.running >= MAX_RUNNING:
        store.queue.append(execution)
        return
    store.running += 1
    execution.slot = True
    service.clock.call_at(service.clock.now(), partial(_begin, service, execution))


def _begin(service: ServiceState, execution: AutomationExecution) -> None:
    if execution.final:
        return  # cancelled while it waited
    execution.started = service.clock.now()
    if execution.stop_requested is not None:
        end(service, execution, "Cancelled" if execution.stop_requested == "Cancel" else "Success")
        return
    if execution.mode == "Interactive":
        execution.status = "Waiting"  # until a StartStep signal names a step
        return
    execution.status = "InProgress"
    if not execution.main_steps:
        end(service, execution, "Success")
        return
    _schedule_step(service, execution, 0)


def _schedule_step(service: ServiceState, execution: AutomationExecution, index: int) -> None:
    service.clock.call_at(service.clock.now(), partial(run_step, service, execution, index))


def run_step(service: ServiceState, execution: AutomationExecution, index: int) -> None:
    """Start the step at ``index`` of mainSteps."""
    if execution.final:
        return
    if len(execution.steps) >= MAX_STEP_EXECUTIONS:
        end(service, execution, "Failed", f"The execution ran {MAX_STEP_EXECUTIONS} steps; its runbook loops.")
        return
    step = StepExecution(str(uuid.uuid4()), index, execution.main_steps[index])
    step.started = service.clock.now()
    execution.steps.append(step)
    if execution.status != "Cancelling":
        execution.status = "InProgress"
    _attempt(service, execution, step)


def _attempt(service: ServiceState, execution: AutomationExecution, step: StepExecution) -> None:
    now = service.clock.now()
    step.attempt += 1
    step.generation += 1
    step.status = "InProgress"
    inputs = step.definition.get("inputs")
    rendered = render(dict(inputs) if isinstance(inputs, Mapping) else {}, execution, now)
    step.inputs = rendered
    run = ActionRun(service, execution, step, rendered)
    timeout = step_timeout(step.definition)
    if timeout is not None:
        run.at(
            now + timedelta(seconds=timeout),
            lambda: run.fail(
                f"Step {step.name} timed out after {timeout} seconds (its timeoutSeconds).",
                failure_type="Unknown",
                status="TimedOut",
            ),
        )
    perform = ACTIONS.get(step.action)
    if perform is None:
        run.fail(f"ssm_fake does not know the action {step.action}.", stage="InputValidation")
        return
    try:
        perform(run)
    except Exception:
        _log.exception("ssm_fake: action %s of step %s failed inside the fake", step.action, step.name)
        if not step.final:
            run.fail(f"ssm_fake failed while running {step.action} (a bug in ssm_fake); see the ssm_fake log.")


# --- step properties ------------------------------------------------------------------------


def _positive_int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if number > 0 else None


def step_timeout(definition: Mapping[str, Any]) -> int | None:
    value = definition.get("timeoutSeconds")
    return None if value is None else _positive_int(value)


def max_attempts(definition: Mapping[str, Any]) -> int:
    return _positive_int(definition.get("maxAttempts", 1)) or 1


def _flag(definition: Mapping[str, Any], name: str, default: bool) -> bool:
    value = definition.get(name, default)
    return value if isinstance(value, bool) else str(value).lower() == "true"


def is_critical(definition: Mapping[str, Any]) -> bool:
    return _flag(definition, "isCritical", True)


def is_end(definition: Mapping[str, Any]) -> bool:
    return _flag(definition, "isEnd", False)


def on_failure(definition: Mapping[str, Any]) -> str:
    return str(definition.get("onFailure", "Abort"))


# --- ending steps ---------------------------------------------------------------------------


def finish(
    service: ServiceState,
    execution: AutomationExecution,
    step: StepExecution,
    status: str,
    *,
    values: Mapping[str, Any] | None = None,
    message: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """End one attempt of ``step``; retry it, or move the runbook on."""
    if step.final:
        return
    retry = status in ("Failed", "TimedOut") and step.attempt < max_attempts(step.definition)
    if retry and execution.stop_requested is None:
        _clean_up(step)
        _attempt(service, execution, step)
        return
    step.generation += 1
    step.status = status
    step.ended = service.clock.now()
    _clean_up(step)
    if values:
        step.values = dict(values)
        step.outputs = {name: as_wire(value) for name, value in values.items()}
    if message is not None and step.attempt > 1 and status in ("Failed", "TimedOut"):
        message = f"Step {step.name} failed maximum allowed times. {message}"  # the service's wording
    step.failure_message = message
    step.failure_details = details
    advance(service, execution, step)


def cancel_step(service: ServiceState, step: StepExecution, message: str) -> None:
    """End a running or waiting step Cancelled, without moving the runbook on."""
    if step.final:
        return
    step.generation += 1
    step.status = "Cancelled"
    step.ended = service.clock.now()
    step.failure_message = message
    _clean_up(step)


def _clean_up(step: StepExecution) -> None:
    """A step that did not succeed stops what it started (a command, a nested execution)."""
    cleanup, step.cleanup = step.cleanup, None
    if cleanup is not None and step.status != "Success":
        try:
            cleanup()
        except Exception:
            _log.exception("ssm_fake: stopping what step %s started failed", step.name)


END = ""


def advance(service: ServiceState, execution: AutomationExecution, step: StepExecution) -> None:
    """Where the runbook goes after ``step`` ended."""
    if execution.final:
        return
    if execution.stop_requested == "Cancel":
        end(service, execution, "Cancelled")  # the onCancel step has run
        return
    if execution.stop_requested == "Complete":
        end(service, execution, natural_status(execution))
        return
    definition = step.definition
    if step.status == "Success":
        target = _after(execution, step)
    else:
        if is_critical(definition) and execution.critical_failure is None:
            execution.critical_failure = step.failure_message or f"Step {step.name} ended {step.status}."
        choice = on_failure(definition)
        if choice == "Abort":
            end(service, execution, "TimedOut" if step.status == "TimedOut" else "Failed", step.failure_message)
            return
        target = choice[len("step:") :] if choice.startswith("step:") else _after(execution, step)
    if execution.mode == "Interactive" and not is_end(definition):
        execution.status = "Waiting"
        return
    _go_to(service, execution, target)


def _after(execution: AutomationExecution, step: StepExecution) -> str:
    """The step after one that succeeded (or failed with onFailure Continue)."""
    definition = step.definition
    if is_end(definition):
        return END
    if step.chosen_next is not None:
        return step.chosen_next
    named = definition.get("nextStep")
    if isinstance(named, str):
        return named
    following = step.index + 1
    steps = execution.main_steps
    return str(steps[following].get("name", "")) if following < len(steps) else END


def _go_to(service: ServiceState, execution: AutomationExecution, target: str) -> None:
    if target == END:
        end(service, execution, natural_status(execution))
        return
    index = execution.step_index(target)
    if index is None:
        end(service, execution, "Failed", f"The runbook names step {target}, which is not one of its mainSteps.")
        return
    _schedule_step(service, execution, index)


def run_named(service: ServiceState, execution: AutomationExecution, name: str) -> None:
    """Run step ``name`` next (an onCancel step, an Interactive StartStep)."""
    _go_to(service, execution, name)


def natural_status(execution: AutomationExecution) -> str:
    return "Failed" if execution.critical_failure is not None else "Success"


# --- ending executions ----------------------------------------------------------------------


def end(service: ServiceState, execution: AutomationExecution, status: str, message: str | None = None) -> None:
    """The execution's final status; frees its slot for a queued one and tells the watchers."""
    if execution.final:
        return
    now = service.clock.now()
    current = execution.current
    if current is not None:
        cancel_step(service, current, f"The execution ended {status} while this step ran.")
    execution.status = status
    execution.ended = now
    if execution.started is None:
        execution.started = now
    if status == "Failed":
        execution.failure_message = message or execution.critical_failure
    elif message:
        execution.failure_message = message
    execution.outputs = _document_outputs(execution, now)
    _free_slot(service, execution)
    for watcher in list(execution.watchers):
        try:
            watcher(execution)
        except Exception:
            _log.exception("ssm_fake: a watcher of automation execution %s failed", execution.execution_id)


def _free_slot(service: ServiceState, execution: AutomationExecution) -> None:
    store = store_of(service, execution)
    if execution in store.queue:
        store.queue.remove(execution)
        return
    if not execution.slot:
        return
    execution.slot = False
    store.running -= 1
    while store.queue and store.running < MAX_RUNNING:
        waiting = store.queue.popleft()
        if not waiting.final:
            launch(service, waiting)


def _document_outputs(execution: AutomationExecution, now: datetime) -> dict[str, list[str]]:
    """The runbook's ``outputs`` ("step.Output" names) as they stand at the end."""
    declared = execution.document.body.get("outputs")
    known = variables(execution, now)
    found: dict[str, list[str]] = {}
    for name in declared if isinstance(declared, list) else ():
        if isinstance(name, str):
            found[name] = as_wire(known[name]) if name in known else [NO_OUTPUT]
    return found


def inputs_shown(step: StepExecution) -> dict[str, str]:
    """A step's inputs as the ``Inputs`` map shows them: each value as JSON text, strings
    quoted (``"ImageId": "\\"ami-f173cc91\\""`` in the AWS CLI's documented reply)."""
    return {name: as_json(value) for name, value in step.inputs.items()}


# --- stopping -------------------------------------------------------------------------------


def request_cancel(service: ServiceState, execution: AutomationExecution) -> None:
    """StopAutomationExecution Cancel: the current step ends Cancelled, its ``onCancel``
    step (``step:NAME``) runs, then the execution ends Cancelled."""
    execution.stop_requested = "Cancel"
    execution.status = "Cancelling"
    current = execution.current
    target = END
    if current is not None:
        choice = str(current.definition.get("onCancel", "Abort"))
        cancel_step(service, current, "The execution was cancelled (StopAutomationExecution).")
        if choice.startswith("step:"):
            target = choice[len("step:") :]
    if target == END or execution.step_index(target) is None:
        service.clock.call_at(service.clock.now(), partial(end, service, execution, "Cancelled"))
    else:
        _schedule_step(service, execution, execution.step_index(target) or 0)


def request_complete(service: ServiceState, execution: AutomationExecution) -> None:
    """StopAutomationExecution Complete: no further step starts; a running step may finish,
    a step waiting for a signal ends Cancelled; the status is what the steps so far give."""
    execution.stop_requested = "Complete"
    current = execution.current
    if current is None or current.status == "Waiting" or execution.started is None:
        end(service, execution, natural_status(execution))
