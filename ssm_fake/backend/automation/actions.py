"""What each step action does in the fake, from the Automation actions reference.

Run for real: ``aws:sleep`` (waits on the clock), ``aws:pause`` (waits for a Resume signal),
``aws:approve`` (waits for Approve / Reject signals), ``aws:branch``, ``aws:executeAwsApi``,
``aws:assertAwsResourceProperty`` and ``aws:waitForAwsResourceProperty`` when the Service is
``ssm`` (called against this fake, so their effects show), ``aws:runCommand`` (through Run
Command), ``aws:executeAutomation`` (a nested execution) and ``aws:executeScript`` with a
python3.x runtime once a test opted in with ``ssm.set_script_runner(...)``. Every other
action acts on a service the fake does not model (EC2, CloudFormation, Lambda, ...): its
step fails and says so — never a silent success.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Protocol, TypeVar

from ... import errors, model, protocol, validation
from ..commands.interface import Command, start_command
from .branch import ChoiceError, next_step
from .model import AutomationExecution
from .runner import ActionRun, action
from .scripts import PYTHON_RUNTIME, ScriptRun, current_runner
from .start import start_execution
from .values import as_json, select


class _Watched(Protocol):
    """What a step can wait for: something that calls its watchers once it ended."""

    @property
    def watchers(self) -> list[Callable[[Any], None]]: ...


WatchedT = TypeVar("WatchedT", bound=_Watched)

# aws:sleep: "The maximum supported duration is 604800 seconds (7 days)."
MAX_SLEEP = timedelta(days=7)
_DURATION = re.compile(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?")
# aws:waitForAwsResourceProperty: how often the fake asks again, and how long it waits when
# the step gives no timeoutSeconds (the fake's choice; the documentation gives neither).
POLL_SECONDS = 5
DEFAULT_WAIT = 3600
# The aws:runCommand inputs that are SendCommand members.
_COMMAND_INPUTS = (
    "DocumentName", "DocumentVersion", "DocumentHash", "DocumentHashType", "InstanceIds", "Targets", "Parameters",
    "Comment", "TimeoutSeconds", "MaxConcurrency", "MaxErrors", "NotificationConfig", "OutputS3BucketName",
    "OutputS3KeyPrefix", "OutputS3Region", "ServiceRoleArn", "CloudWatchOutputConfig",
)  # fmt: skip
# The inputs of aws:assertAwsResourceProperty and aws:waitForAwsResourceProperty beside the call's own.
_SELECTOR = "PropertySelector"
_DESIRED = "DesiredValues"
# What each action acts on, for the message of an action the fake does not run.
_OTHER_SERVICES = {
    "aws:changeInstanceState": "EC2 instances",
    "aws:copyImage": "EC2 images",
    "aws:createImage": "EC2 images",
    "aws:deleteImage": "EC2 images",
    "aws:runInstances": "EC2 instances",
    "aws:createTags": "tags on EC2 and other resources",
    "aws:createStack": "CloudFormation stacks",
    "aws:deleteStack": "CloudFormation stacks",
    "aws:invokeLambdaFunction": "Lambda functions",
    "aws:executeStateMachine": "Step Functions state machines",
    "aws:invokeWebhook": "Automation integrations (webhooks)",
    "aws:loop": "loops over steps",
    "aws:updateVariable": "runbook variables",
}


# --- waiting --------------------------------------------------------------------------------


@action("aws:sleep")
def sleep(run: ActionRun) -> None:
    try:
        until = _wake_time(run.inputs, run.now)
    except ValueError as problem:
        run.fail(f"Step {run.step.name}: {problem}", stage="InputValidation", failure_type="Verification")
        return
    if until <= run.now:
        run.succeed()
    else:
        run.at(until, run.succeed)


def _wake_time(inputs: Mapping[str, Any], now: datetime) -> datetime:
    """When an aws:sleep ends: ``Duration`` (ISO 8601, at most 7 days) or ``Timestamp``."""
    duration, timestamp = inputs.get("Duration"), inputs.get("Timestamp")
    if (duration is None) == (timestamp is None):
        raise ValueError("aws:sleep takes either Duration (e.g. PT10M) or Timestamp (e.g. 2026-01-01T00:00:00Z)")
    if timestamp is not None:
        try:
            moment = datetime.fromisoformat(str(timestamp).replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"Timestamp {timestamp!r} is not an ISO 8601 date and time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    match = _DURATION.fullmatch(str(duration))
    if match is None or not any(match.groups()):
        raise ValueError(f"Duration {duration!r} is not an ISO 8601 duration such as PT10M or P1D")
    weeks, days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    span = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    if span > MAX_SLEEP:
        raise ValueError(f"Duration {duration} is longer than the 7 days (604800 seconds) aws:sleep supports")
    return now + span


@action("aws:pause")
def pause(run: ActionRun) -> None:
    run.wait()  # until SendAutomationSignal Resume


@action("aws:approve")
def approve(run: ActionRun) -> None:
    approvers = run.inputs.get("Approvers")
    if not isinstance(approvers, list) or not approvers:
        run.fail("aws:approve needs Approvers: a list of IAM users, roles or groups.", stage="InputValidation")
        return
    if required_approvals(run.inputs) is None:
        run.fail("MinRequiredApprovals of aws:approve must be a whole number from 1.", stage="InputValidation")
        return
    run.wait()  # until SendAutomationSignal Approve / Reject


def required_approvals(inputs: Mapping[str, Any]) -> int | None:
    value = inputs.get("MinRequiredApprovals", 1)
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if number >= 1 else None


# --- deciding -------------------------------------------------------------------------------


@action("aws:branch")
def branch(run: ActionRun) -> None:
    try:
        run.step.chosen_next = next_step(run.inputs)
    except ChoiceError as problem:
        run.fail(f"Step {run.step.name}: {problem}.", stage="InputValidation", failure_type="Verification")
        return
    run.succeed()


# --- calling SSM ----------------------------------------------------------------------------


class _OtherService(Exception):
    """The API call is for a service the fake does not model."""


def _call_ssm(run: ActionRun) -> Any:
    """Run the step's ``Api`` with its other inputs against the fake; the reply as JSON."""
    service = str(run.inputs.get("Service", ""))
    if service.lower() != "ssm":
        raise _OtherService(
            f"ssm_fake does not run {run.step.action} against the service {service or '(none given)'}: "
            "it models Systems Manager (Service ssm) only."
        )
    operation = _operation_name(str(run.inputs.get("Api", "")))
    request = {key: value for key, value in run.inputs.items() if key not in ("Service", "Api", _SELECTOR, _DESIRED)}
    return protocol.invoke(run.context(), operation, request)


def _operation_name(api: str) -> str:
    """``GetParameter``, or boto3's spelling ``get_parameter``, as the model names it."""
    wanted = api.replace("_", "").lower()
    for name in model.operation_names():
        if name.lower() == wanted:
            return str(name)
    return api


def _api_failure(run: ActionRun, error: Exception) -> None:
    if isinstance(error, errors.ServiceError):
        run.fail(
            f"An error occurred ({error.error_code}) when calling the "
            f"{_operation_name(str(run.inputs.get('Api', '')))} operation: "
            f"{error.message}",
            failure_type="Unknown",
        )
    else:
        run.fail(str(error), stage="Invocation", failure_type="UnsupportedService")


@action("aws:executeAwsApi")
def execute_aws_api(run: ActionRun) -> None:
    try:
        reply = _call_ssm(run)
    except (errors.ServiceError, _OtherService) as error:
        _api_failure(run, error)
        return
    run.succeed(reply)


def _property_check(run: ActionRun) -> tuple[bool, Any] | None:
    """(matches, the value found) for the assert and wait actions; None when the step failed."""
    desired = run.inputs.get(_DESIRED)
    if not isinstance(desired, list) or not desired or not isinstance(run.inputs.get(_SELECTOR), str):
        run.fail(f"{run.step.action} needs a PropertySelector and a list of DesiredValues.", stage="InputValidation")
        return None
    try:
        reply = _call_ssm(run)
    except (errors.ServiceError, _OtherService) as error:
        _api_failure(run, error)
        return None
    found = select(reply, run.inputs[_SELECTOR])
    return _shown(found) in [_shown(value) for value in desired], found


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else as_json(value)


@action("aws:assertAwsResourceProperty")
def assert_property(run: ActionRun) -> None:
    checked = _property_check(run)
    if checked is None:
        return
    matches, found = checked
    if matches:
        run.succeed()
    else:
        run.fail(
            f"Step {run.step.name}: the property {run.inputs[_SELECTOR]} is {_shown(found)}, "
            f"not one of the desired values {as_json(run.inputs[_DESIRED])}.",
            stage="Verification",
            failure_type="Verification",
        )


@action("aws:waitForAwsResourceProperty")
def wait_for_property(run: ActionRun) -> None:
    if run.step.definition.get("timeoutSeconds") is None:
        run.at(
            run.now + timedelta(seconds=DEFAULT_WAIT),
            lambda: run.fail(
                f"Step {run.step.name} timed out after {DEFAULT_WAIT} seconds waiting for {run.inputs.get(_SELECTOR)}.",
                status="TimedOut",
            ),
        )
    _poll(run)


def _poll(run: ActionRun) -> None:
    checked = _property_check(run)
    if checked is None:
        return
    if checked[0]:
        run.succeed()
    else:
        run.at(run.now + timedelta(seconds=POLL_SECONDS), lambda: _poll(run))


# --- Run Command ----------------------------------------------------------------------------


@action("aws:runCommand")
def run_command(run: ActionRun) -> None:
    request = {key: run.inputs[key] for key in _COMMAND_INPUTS if key in run.inputs}
    _follow(
        run,
        "send the command",
        lambda: start_command(run.context(), validation.validate("SendCommand", request)),
        _command_ended,
        _cancel_command,
    )


def _follow(
    run: ActionRun,
    what: str,
    start: Callable[[], WatchedT],
    ended: Callable[[ActionRun, WatchedT], None],
    cancel: Callable[[ActionRun, WatchedT], None],
) -> None:
    """Start what the step waits for (a command, a nested execution): a refusal fails the
    step; its end is handed to ``ended`` unless the step moved on meanwhile (timed out,
    cancelled, retried), and a step that ends first cancels it."""
    try:
        started = start()
    except errors.ServiceError as error:
        run.fail(f"Step {run.step.name} could not {what}: {error.error_code}: {error.message}", stage="InputValidation")
        return
    generation = run.step.generation

    def on_end(done: WatchedT) -> None:
        if run.step.generation == generation and not run.step.final:
            ended(run, done)

    started.watchers.append(on_end)
    run.step.cleanup = lambda: cancel(run, started)


def _cancel_command(run: ActionRun, command: Command) -> None:
    """A step that timed out or was cancelled cancels its command, through CancelCommand."""
    if not command.ended:
        protocol.invoke(run.context(), "CancelCommand", {"CommandId": command.command_id})


def _command_ended(run: ActionRun, command: Command) -> None:
    status, details = command.state()
    first = command.invocations[0] if command.invocations else None
    plugin = first.plugins[0] if first is not None and first.plugins else None
    outputs: dict[str, Any] = {"CommandId": command.command_id, "Status": status}
    if plugin is not None:
        outputs["ResponseCode"] = str(plugin.response_code)
        outputs["Output"] = plugin.stdout[:2500]
    if status == "Success":
        run.succeed({"CommandId": command.command_id, "Status": status}, outputs)
        return
    # The shape of the service's message for a command that did not succeed.
    run.fail(
        f"Step fails when it is polling the command status. Command {command.command_id} returns unexpected "
        f"invocation result: {{Status=[{status}], StatusDetails=[{details}]}}.",
        stage="Invocation",
        status="TimedOut" if status == "TimedOut" else "Failed",
    )


# --- scripts --------------------------------------------------------------------------------


@action("aws:executeScript")
def execute_script(run: ActionRun) -> None:
    inputs = run.inputs
    runtime, handler, script = inputs.get("Runtime"), inputs.get("Handler"), inputs.get("Script")
    if not isinstance(runtime, str) or not PYTHON_RUNTIME.fullmatch(runtime):
        run.fail(
            f"ssm_fake runs aws:executeScript only with a python3.x Runtime (python3.11, ...), not {runtime!r}.",
            stage="InputValidation",
            failure_type="UnsupportedRuntime",
        )
        return
    if not isinstance(handler, str) or not isinstance(script, str):
        run.fail(
            "ssm_fake runs aws:executeScript scripts given inline: the step needs Handler and Script "
            "(attachments are not supported).",
            stage="InputValidation",
        )
        return
    runner = current_runner(run.service)
    if runner is None:
        run.fail(
            "ssm_fake does not run aws:executeScript scripts unless the test opts in: call "
            "ssm.set_script_runner(ssm_fake.LocalScriptRunner()) to run them in-process.",
            failure_type="ScriptsNotEnabled",
        )
        return
    payload = inputs.get("InputPayload") or {}
    script_run = ScriptRun(
        execution_id=run.execution.execution_id,
        step_name=run.step.name,
        runtime=runtime,
        handler=handler,
        script=script,
        input_payload=dict(payload) if isinstance(payload, Mapping) else {},
    )
    try:
        result = runner(script_run)
    except Exception:
        run.fail(f"Step {run.step.name}: the script raised an exception:\n{traceback.format_exc(limit=-3)}")
        return
    response = {"Payload": result}
    run.succeed(response, {"OutputPayload": as_json(response)})


# --- nested runbooks -----------------------------------------------------------------------

# aws:executeAutomation inputs and the StartAutomationExecution members they become.
_NESTED_INPUTS = {
    "DocumentName": "DocumentName", "DocumentVersion": "DocumentVersion", "RuntimeParameters": "Parameters",
    "Tags": "Tags", "TargetParameterName": "TargetParameterName", "Targets": "Targets", "TargetMaps": "TargetMaps",
    "MaxConcurrency": "MaxConcurrency", "MaxErrors": "MaxErrors", "TargetLocations": "TargetLocations",
}  # fmt: skip


@action("aws:executeAutomation")
def execute_automation(run: ActionRun) -> None:
    request = {member: run.inputs[name] for name, member in _NESTED_INPUTS.items() if name in run.inputs}
    parameters = request.get("Parameters")
    if isinstance(parameters, Mapping):
        request["Parameters"] = {
            key: value if isinstance(value, list) else [value] for key, value in parameters.items()
        }
    _follow(
        run,
        "start the automation",
        lambda: start_execution(run.context(), validation.validate("StartAutomationExecution", request)),
        _nested_ended,
        _cancel_nested,
    )


def _nested_ended(run: ActionRun, nested: AutomationExecution) -> None:
    outputs: dict[str, Any] = {"ExecutionId": nested.execution_id, "Status": nested.status}
    if nested.outputs:
        outputs["Output"] = as_json(nested.outputs)
    if nested.status == "Success":
        run.succeed({"ExecutionId": nested.execution_id, "Status": nested.status, "Output": nested.outputs}, outputs)
        return
    run.fail(
        f"Step {run.step.name}: automation execution {nested.execution_id} ended {nested.status}"
        + (f": {nested.failure_message}" if nested.failure_message else "."),
        status="TimedOut" if nested.status == "TimedOut" else "Failed",
    )


def _cancel_nested(run: ActionRun, nested: AutomationExecution) -> None:
    if not nested.final and nested.stop_requested is None:
        protocol.invoke(run.context(), "StopAutomationExecution", {"AutomationExecutionId": nested.execution_id})


# --- everything else ------------------------------------------------------------------------


def _not_run(run: ActionRun) -> None:
    what = _OTHER_SERVICES.get(run.step.action, "resources outside Systems Manager")
    run.fail(
        f"ssm_fake does not run {run.step.action}: it acts on {what}, which the fake does not model.",
        stage="Invocation",
        failure_type="UnsupportedAction",
    )


for _name in _OTHER_SERVICES:
    action(_name)(_not_run)
