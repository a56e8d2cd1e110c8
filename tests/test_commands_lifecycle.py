"""How a command plays out on the clock: outcome rules and handlers, durations, MaxConcurrency
waves, MaxErrors, delivery and execution timeouts, CancelCommand, the ``command_executed``
waiter and LocalShellHandler running real shell commands."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import WaiterError
from service_errors import service_error

from ssm_fake import LocalShellHandler
from ssm_fake.backend.commands.outcomes import CommandOutcome

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SHELL = "AWS-RunShellScript"
FAST_WAITER = {"Delay": 0, "MaxAttempts": 3}


def _send(client: Any, instance_ids: list[str], *commands: str, **kwargs: Any) -> str:
    parameters = kwargs.pop("Parameters", {"commands": list(commands) or ["true"]})
    sent = client.send_command(
        InstanceIds=instance_ids, DocumentName=kwargs.pop("DocumentName", SHELL), Parameters=parameters, **kwargs
    )
    return str(sent["Command"]["CommandId"])


def _command(client: Any, command_id: str) -> dict[str, Any]:
    (command,) = client.list_commands(CommandId=command_id)["Commands"]
    return dict(command)


def _states(client: Any, command_id: str) -> dict[str, tuple[str, str]]:
    listed = client.list_command_invocations(CommandId=command_id)["CommandInvocations"]
    return {item["InstanceId"]: (item["Status"], item["StatusDetails"]) for item in listed}


def _statuses(client: Any, command_id: str) -> list[str]:
    return [status for status, _ in _states(client, command_id).values()]


def _counts(command: dict[str, Any]) -> tuple[int, int, int, int]:
    return (command["TargetCount"], command["CompletedCount"], command["ErrorCount"], command["DeliveryTimedOutCount"])


@pytest.fixture
def frozen(ssm_fake: Any) -> Any:
    ssm_fake.clock.freeze(START)
    return ssm_fake


def test_by_default_a_command_succeeds_at_the_first_read(ssm_client: Any, ssm_fake: Any) -> None:
    a, b = ssm_fake.add_instance(), ssm_fake.add_instance()
    command_id = _send(ssm_client, [a, b], "uptime")
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"]) == ("Success", "Success")
    assert _counts(command) == (2, 2, 0, 0)
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=a)
    assert (result["Status"], result["StatusDetails"], result["ResponseCode"]) == ("Success", "Success", 0)
    assert (result["StandardOutputContent"], result["StandardErrorContent"]) == ("", "")
    assert result["PluginName"] == "aws:runShellScript"


def test_an_outcome_rule_decides_status_code_and_output(ssm_client: Any, frozen: Any) -> None:
    instance_id = frozen.add_instance()
    frozen.set_command_outcome(status="Failed", response_code=2, stdout="partial\n", stderr="disk full\n")
    command_id = _send(ssm_client, [instance_id], "make")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["StatusDetails"], result["ResponseCode"]) == ("Failed", "Failed", 2)
    assert (result["StandardOutputContent"], result["StandardErrorContent"]) == ("partial\n", "disk full\n")
    assert result["ExecutionStartDateTime"] == "2026-03-01T12:00:00.000Z"
    assert result["ExecutionElapsedTime"] == "PT0.000S"
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"]) == ("Failed", "Failed")
    assert _counts(command) == (1, 1, 1, 0)


def test_the_most_recent_matching_rule_wins(ssm_client: Any, ssm_fake: Any) -> None:
    a, b = ssm_fake.add_instance(), ssm_fake.add_instance()
    ssm_fake.set_command_outcome(status="Failed", response_code=1)
    ssm_fake.set_command_outcome(instance_id=b, stdout="b only")
    ssm_fake.set_command_outcome(document_name="AWS-RunPowerShellScript", status="Cancelled")
    # MaxErrors 1: with the default 0, a's failure would stop b from being sent at all.
    command_id = _send(ssm_client, [a, b], "id", MaxErrors="1")
    assert _states(ssm_client, command_id) == {a: ("Failed", "Failed"), b: ("Success", "Success")}
    b_result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=b)
    assert b_result["StandardOutputContent"] == "b only"


def test_rules_and_handler_bind_when_the_command_is_sent(ssm_client: Any, frozen: Any) -> None:
    instance_id = frozen.add_instance()
    frozen.set_command_outcome(duration=10)
    command_id = _send(ssm_client, [instance_id], "work")
    frozen.set_command_outcome(status="Failed", response_code=1)
    frozen.set_command_handler(lambda run: {"stdout": "too late"})
    frozen.clock.advance(10)
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["StandardOutputContent"]) == ("Success", "")


def test_set_command_outcome_checks_its_arguments(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="status"):
        ssm_fake.set_command_outcome(status="Exploded")
    with pytest.raises(ValueError, match="duration"):
        ssm_fake.set_command_outcome(duration=-1)
    with pytest.raises(TypeError, match="response_code"):
        ssm_fake.set_command_outcome(response_code="0")


def test_with_a_duration_the_invocation_stays_in_progress_until_the_clock_passes_it(
    ssm_client: Any, frozen: Any
) -> None:
    instance_id = frozen.add_instance()
    frozen.set_command_outcome(stdout="done\n", duration=30)
    command_id = _send(ssm_client, [instance_id], "sleep 30")
    running = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (running["Status"], running["ResponseCode"], running["StandardOutputContent"]) == ("InProgress", -1, "")
    assert running["ExecutionEndDateTime"] == ""
    assert _command(ssm_client, command_id)["Status"] == "InProgress"
    frozen.clock.advance(29)
    assert _states(ssm_client, command_id) == {instance_id: ("InProgress", "InProgress")}
    frozen.clock.advance(1)
    done = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (done["Status"], done["StandardOutputContent"]) == ("Success", "done\n")
    assert done["ExecutionEndDateTime"] == "2026-03-01T12:00:30.000Z"
    assert done["ExecutionElapsedTime"] == "PT30.000S"


def test_a_run_longer_than_the_execution_timeout_times_out(ssm_client: Any, frozen: Any) -> None:
    instance_id = frozen.add_instance()
    frozen.set_command_outcome(duration=120)
    command_id = _send(ssm_client, [instance_id], Parameters={"commands": ["sleep 120"], "executionTimeout": ["60"]})
    frozen.clock.advance(60)
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["StatusDetails"]) == ("TimedOut", "ExecutionTimedOut")
    assert result["ExecutionElapsedTime"] == "PT60.000S"
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"]) == ("TimedOut", "ExecutionTimedOut")
    assert command["ErrorCount"] == 1


def test_invocations_start_one_then_exponentially_more(ssm_client: Any, frozen: Any) -> None:
    # "Run commands at scale": the command goes to a single node first, then to two more
    # once that one completed, then exponentially more, up to MaxConcurrency.
    nodes = [frozen.add_instance() for _ in range(4)]
    frozen.set_command_outcome(duration=10)
    command_id = _send(ssm_client, nodes, "work")
    assert _statuses(ssm_client, command_id) == ["InProgress", "Pending", "Pending", "Pending"]
    frozen.clock.advance(10)
    assert _statuses(ssm_client, command_id) == ["Success", "InProgress", "InProgress", "Pending"]
    assert _counts(_command(ssm_client, command_id)) == (4, 1, 0, 0)
    frozen.clock.advance(10)
    assert _statuses(ssm_client, command_id) == ["Success", "Success", "Success", "InProgress"]
    frozen.clock.advance(10)
    command = _command(ssm_client, command_id)
    assert (command["Status"], _counts(command)) == ("Success", (4, 4, 0, 0))
    last = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=nodes[3])
    assert last["ExecutionStartDateTime"] == "2026-03-01T12:00:20.000Z"


def test_max_concurrency_caps_how_many_run_at_once(ssm_client: Any, frozen: Any) -> None:
    nodes = [frozen.add_instance() for _ in range(6)]
    frozen.set_command_outcome(duration=10)
    command_id = _send(ssm_client, nodes, "work", MaxConcurrency="2")
    running = []
    for _ in range(4):
        running.append(_statuses(ssm_client, command_id).count("InProgress"))
        frozen.clock.advance(10)
    assert running == [1, 2, 2, 1]
    assert _command(ssm_client, command_id)["Status"] == "Success"


def test_past_max_errors_the_queued_invocations_are_terminated(ssm_client: Any, ssm_fake: Any) -> None:
    nodes = [ssm_fake.add_instance() for _ in range(3)]
    ssm_fake.set_command_outcome(instance_id=nodes[0], status="Failed", response_code=1)
    command_id = _send(ssm_client, nodes, "work", MaxConcurrency="1", MaxErrors="0")
    states = _states(ssm_client, command_id)
    assert states == {
        nodes[0]: ("Failed", "Failed"),
        nodes[1]: ("Cancelled", "Terminated"),
        nodes[2]: ("Cancelled", "Terminated"),
    }
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"], _counts(command)) == ("Failed", "Failed", (3, 3, 1, 0))


def test_errors_within_max_errors_make_the_command_incomplete(ssm_client: Any, ssm_fake: Any) -> None:
    nodes = [ssm_fake.add_instance() for _ in range(4)]
    ssm_fake.set_command_outcome(instance_id=nodes[1], status="Failed", response_code=1)
    command_id = _send(ssm_client, nodes, "work", MaxConcurrency="1", MaxErrors="25%")
    assert list(_states(ssm_client, command_id).values()).count(("Success", "Success")) == 3
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"], _counts(command)) == ("Success", "Incomplete", (4, 4, 1, 0))


def test_invocations_not_started_within_timeout_seconds_time_out_undelivered(ssm_client: Any, frozen: Any) -> None:
    # TimeoutSeconds: "If this time is reached and the command hasn't already started running,
    # it won't run." The invocation stays Pending until the total timeout (ExpiresAfter:
    # TimeoutSeconds + the 3600 s execution timeout), then it is Delivery Timed Out.
    first, second = frozen.add_instance(), frozen.add_instance()
    frozen.set_command_outcome(duration=100)
    command_id = _send(ssm_client, [first, second], "work", MaxConcurrency="1", TimeoutSeconds=30)
    command = _command(ssm_client, command_id)
    assert command["ExpiresAfter"] == START + timedelta(seconds=30 + 3600)
    frozen.clock.advance(100)
    assert _states(ssm_client, command_id) == {first: ("Success", "Success"), second: ("Pending", "Pending")}
    assert _command(ssm_client, command_id)["Status"] == "InProgress"
    frozen.clock.advance(3530)
    command = _command(ssm_client, command_id)
    assert _states(ssm_client, command_id)[second] == ("TimedOut", "DeliveryTimedOut")
    assert (command["Status"], command["StatusDetails"], _counts(command)) == (
        "TimedOut",
        "DeliveryTimedOut",
        (2, 2, 0, 1),
    )
    undelivered = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=second)
    assert (undelivered["ResponseCode"], undelivered["ExecutionStartDateTime"]) == (-1, "")


def test_what_is_still_running_at_expires_after_is_delivery_timed_out(ssm_client: Any, frozen: Any) -> None:
    # ExpiresAfter: "If a command expires, it changes status to DeliveryTimedOut for all
    # invocations that have the status InProgress, Pending, or Delayed."
    inputs = {"runCommand": ["sleep 90"], "timeoutSeconds": "100"}
    content = {
        "schemaVersion": "2.2",
        "description": "two long steps",
        "mainSteps": [
            {"action": "aws:runShellScript", "name": "first", "inputs": inputs},
            {"action": "aws:runShellScript", "name": "second", "inputs": inputs},
        ],
    }
    ssm_client.create_document(Name="TwoLongSteps", Content=json.dumps(content), DocumentType="Command")
    instance_id = frozen.add_instance()
    frozen.set_command_outcome(duration=90)
    command_id = _send(ssm_client, [instance_id], DocumentName="TwoLongSteps", Parameters={}, TimeoutSeconds=60)
    assert _command(ssm_client, command_id)["ExpiresAfter"] == START + timedelta(seconds=160)
    frozen.clock.advance(160)
    assert _states(ssm_client, command_id) == {instance_id: ("TimedOut", "DeliveryTimedOut")}
    second = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id, PluginName="second")
    assert (second["Status"], second["StatusDetails"]) == ("TimedOut", "DeliveryTimedOut")
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"]) == ("TimedOut", "DeliveryTimedOut")


@pytest.mark.parametrize(
    ("outcome", "details"),
    [("Undeliverable", "Failed"), ("InvalidPlatform", "Failed"), ("AccessDenied", "AccessDenied")],
)
def test_a_command_whose_every_invocation_could_not_run_fails(
    ssm_client: Any, ssm_fake: Any, outcome: str, details: str
) -> None:
    # "Understanding command statuses": these don't count against max-errors, but "if all
    # invocations in a command have the status ..., then the command status returned is
    # Failed"; with one Success among them the command's status is Success.
    nodes = [ssm_fake.add_instance() for _ in range(3)]
    ssm_fake.set_command_outcome(status=outcome)
    command = _command(ssm_client, _send(ssm_client, nodes, "work"))
    assert (command["Status"], command["StatusDetails"], command["ErrorCount"]) == ("Failed", details, 0)
    ssm_fake.set_command_outcome(instance_id=nodes[0], status="Success")
    command = _command(ssm_client, _send(ssm_client, nodes, "work"))
    assert (command["Status"], command["StatusDetails"], command["ErrorCount"]) == ("Success", "Incomplete", 0)


def test_cancel_command_cancels_what_is_not_final(ssm_client: Any, frozen: Any) -> None:
    quick, slow = frozen.add_instance(), frozen.add_instance()
    frozen.set_command_outcome(instance_id=slow, duration=60)
    command_id = _send(ssm_client, [quick, slow], "work")
    assert _states(ssm_client, command_id)[quick] == ("Success", "Success")
    frozen.clock.advance(5)
    ssm_client.cancel_command(CommandId=command_id)
    frozen.clock.advance(60)
    assert _states(ssm_client, command_id) == {quick: ("Success", "Success"), slow: ("Cancelled", "Cancelled")}
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"], _counts(command)) == ("Cancelled", "Cancelled", (2, 2, 0, 0))
    cancelled = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=slow)
    assert cancelled["ExecutionEndDateTime"] == "2026-03-01T12:00:05.000Z"


def test_cancel_command_on_some_instances(ssm_client: Any, frozen: Any) -> None:
    a, b = frozen.add_instance(), frozen.add_instance()
    frozen.set_command_outcome(duration=60)
    command_id = _send(ssm_client, [a, b], "work")
    ssm_client.cancel_command(CommandId=command_id, InstanceIds=[b])
    assert _states(ssm_client, command_id) == {a: ("InProgress", "InProgress"), b: ("Cancelled", "Cancelled")}
    frozen.clock.advance(60)
    command = _command(ssm_client, command_id)
    assert (command["Status"], command["StatusDetails"]) == ("Success", "Incomplete")


def test_cancel_command_errors(ssm_client: Any, ssm_fake: Any, raw_client: Any) -> None:
    a, b = ssm_fake.add_instance(), ssm_fake.add_instance()
    command_id = _send(ssm_client, [a], "work")
    code, _ = service_error(ssm_client.cancel_command, CommandId="12345678-1234-1234-1234-123456789012")
    assert code == "InvalidCommandId"
    code, message = service_error(ssm_client.cancel_command, CommandId=command_id, InstanceIds=[b])
    assert (code, b in message) == ("InvalidInstanceId", True)
    code, _ = service_error(ssm_client.cancel_command, CommandId=command_id, InstanceIds=[a, a])
    assert code == "DuplicateInstanceId"
    code, _ = service_error(raw_client.cancel_command, CommandId="short")
    assert code == "ValidationException"
    ssm_client.cancel_command(CommandId=command_id)  # already final: nothing to do, no error
    assert _states(ssm_client, command_id) == {a: ("Success", "Success")}


def test_the_command_executed_waiter(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    command_id = _send(ssm_client, [instance_id], "true")
    ssm_client.get_waiter("command_executed").wait(
        CommandId=command_id, InstanceId=instance_id, WaiterConfig=FAST_WAITER
    )
    ssm_fake.set_command_outcome(status="Failed", response_code=1)
    failing = _send(ssm_client, [instance_id], "false")
    with pytest.raises(WaiterError, match="Failed"):
        ssm_client.get_waiter("command_executed").wait(
            CommandId=failing, InstanceId=instance_id, WaiterConfig=FAST_WAITER
        )


def test_the_waiter_polls_while_the_invocation_runs(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(duration=0.05)
    command_id = _send(ssm_client, [instance_id], "true")
    ssm_client.get_waiter("command_executed").wait(
        CommandId=command_id, InstanceId=instance_id, WaiterConfig={"Delay": 0, "MaxAttempts": 100000}
    )
    polls = [c.response_elements["Status"] for c in ssm_fake.calls if c.event_name == "GetCommandInvocation"]
    assert polls[0] == "InProgress"
    assert polls[-1] == "Success"


# --- handlers ---------------------------------------------------------------------------------


def test_a_handler_decides_each_run(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    ssm_fake.set_command_handler(lambda run: {"stdout": " ".join(run.plugin.inputs["runCommand"]) + "\n"})
    command_id = _send(ssm_client, [instance_id], "echo", "hello")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert result["StandardOutputContent"] == "echo hello\n"


def test_a_handler_answering_none_falls_back_to_the_rules(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(status="Failed", response_code=3)
    ssm_fake.set_command_handler(
        lambda run: CommandOutcome(stdout="mine") if "mine" in run.parameters["commands"] else None
    )
    mine = _send(ssm_client, [instance_id], "mine")
    theirs = _send(ssm_client, [instance_id], "theirs")
    assert ssm_client.get_command_invocation(CommandId=mine, InstanceId=instance_id)["StandardOutputContent"] == "mine"
    assert ssm_client.get_command_invocation(CommandId=theirs, InstanceId=instance_id)["ResponseCode"] == 3
    ssm_fake.set_command_handler(None)
    again = _send(ssm_client, [instance_id], "mine")
    assert ssm_client.get_command_invocation(CommandId=again, InstanceId=instance_id)["Status"] == "Failed"


def test_a_failing_handler_fails_the_plugin_and_says_why(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()

    def broken(run: Any) -> Any:
        raise RuntimeError("handler bug")

    ssm_fake.set_command_handler(broken)
    command_id = _send(ssm_client, [instance_id], "x")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert result["Status"] == "Failed"
    assert "handler bug" in result["StandardErrorContent"]
    with pytest.raises(TypeError):
        ssm_fake.set_command_handler("not callable")


def test_every_step_of_a_multi_step_document_runs(ssm_client: Any, ssm_fake: Any) -> None:
    content = {
        "schemaVersion": "2.2",
        "description": "build and test",
        "mainSteps": [
            {"action": "aws:runShellScript", "name": "build", "inputs": {"runCommand": ["make"]}},
            {"action": "aws:runShellScript", "name": "test", "inputs": {"runCommand": ["make test"]}},
        ],
    }
    ssm_client.create_document(Name="BuildAndTest", Content=json.dumps(content), DocumentType="Command")
    instance_id = ssm_fake.add_instance()
    steps: list[str] = []

    def handler(run: Any) -> dict[str, Any]:
        steps.append(run.plugin.name)
        failed = run.plugin.name == "build"
        return {"status": "Failed" if failed else "Success", "response_code": int(failed), "stdout": run.plugin.name}

    ssm_fake.set_command_handler(handler)
    command_id = _send(ssm_client, [instance_id], DocumentName="BuildAndTest", Parameters={})
    assert _states(ssm_client, command_id) == {instance_id: ("Failed", "Failed")}
    assert steps == ["build", "test"]
    code, message = service_error(ssm_client.get_command_invocation, CommandId=command_id, InstanceId=instance_id)
    assert code == "InvalidPluginName"
    assert "build, test" in message
    test_step = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id, PluginName="test")
    assert (test_step["Status"], test_step["StandardOutputContent"]) == ("Success", "test")
    detailed = ssm_client.list_command_invocations(CommandId=command_id, Details=True)["CommandInvocations"]
    assert [(p["Name"], p["Status"]) for p in detailed[0]["CommandPlugins"]] == [
        ("build", "Failed"),
        ("test", "Success"),
    ]


def test_reset_forgets_rules_handler_and_commands(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.set_command_outcome(status="Failed")
    ssm_fake.set_command_handler(lambda run: {"stdout": "handled"})
    _send(ssm_client, [ssm_fake.add_instance()], "x")
    ssm_fake.reset()
    assert ssm_client.list_commands()["Commands"] == []
    instance_id = ssm_fake.add_instance()
    command_id = _send(ssm_client, [instance_id], "x")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["StandardOutputContent"]) == ("Success", "")


# --- LocalShellHandler ------------------------------------------------------------------------


def test_local_shell_handler_runs_echo_for_real(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.set_command_handler(LocalShellHandler())
    instance_id = ssm_fake.add_instance()
    command_id = _send(ssm_client, [instance_id], "echo hello", "echo oops >&2")
    ssm_client.get_waiter("command_executed").wait(
        CommandId=command_id, InstanceId=instance_id, WaiterConfig=FAST_WAITER
    )
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["StandardOutputContent"], result["StandardErrorContent"]) == ("hello\n", "oops\n")
    assert result["ResponseCode"] == 0


def test_local_shell_handler_reports_the_exitservice_error(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.set_command_handler(LocalShellHandler())
    instance_id = ssm_fake.add_instance()
    command_id = _send(ssm_client, [instance_id], "echo before", "exit 3")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["ResponseCode"], result["StandardOutputContent"]) == ("Failed", 3, "before\n")


def test_local_shell_handler_honours_the_working_directory(ssm_client: Any, ssm_fake: Any, tmp_path: Path) -> None:
    ssm_fake.set_command_handler(LocalShellHandler())
    (tmp_path / "marker.txt").write_text("found\n")
    instance_id = ssm_fake.add_instance()
    parameters = {"commands": ["cat marker.txt"], "workingDirectory": [str(tmp_path)]}
    command_id = _send(ssm_client, [instance_id], Parameters=parameters)
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["StandardOutputContent"]) == ("Success", "found\n")
    parameters["workingDirectory"] = [str(tmp_path / "missing")]
    command_id = _send(ssm_client, [instance_id], Parameters=parameters)
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert result["Status"] == "Failed"
    assert "does not exist" in result["StandardErrorContent"]


def test_local_shell_handler_honours_the_execution_timeout(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.set_command_handler(LocalShellHandler())
    instance_id = ssm_fake.add_instance()
    parameters = {"commands": ["echo started", "sleep 5"], "executionTimeout": ["1"]}
    command_id = _send(ssm_client, [instance_id], Parameters=parameters)
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (result["Status"], result["StatusDetails"]) == ("TimedOut", "ExecutionTimedOut")
    assert "timed out" in result["StandardErrorContent"]


def test_local_shell_handler_leaves_other_plugins_to_the_rules(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.set_command_handler(LocalShellHandler())
    ssm_fake.set_command_outcome(stdout="powershell ran")
    windows = ssm_fake.add_instance(platform="Windows")
    command_id = _send(ssm_client, [windows], "Get-Date", DocumentName="AWS-RunPowerShellScript")
    result = ssm_client.get_command_invocation(CommandId=command_id, InstanceId=windows)
    assert result["StandardOutputContent"] == "powershell ran"


def test_time_moves_on_after_advance_in_real_time_mode(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(duration=3600)
    command_id = _send(ssm_client, [instance_id], "long")
    ssm_fake.clock.advance(timedelta(hours=1))
    assert _states(ssm_client, command_id) == {instance_id: ("Success", "Success")}
