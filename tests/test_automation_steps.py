"""Runbooks played out on the clock: step order, sleep, pause / resume, approvals, branches,
onFailure paths, isCritical, isEnd, nextStep, maxAttempts, timeouts, outputs and variables."""

from __future__ import annotations

import json
from typing import Any

import pytest
from automation_samples import (
    START,
    create,
    execution,
    fail,
    put,
    run,
    runbook,
    sleep,
    start,
    status,
    step,
    steps,
)
from service_errors import service_error


@pytest.fixture
def frozen(ssm_fake: Any) -> Any:
    ssm_fake.clock.freeze(START)
    return ssm_fake


def test_start_answers_pending_and_the_steps_run_in_order_by_the_next_call(ssm_client: Any, frozen: Any) -> None:
    create(ssm_client, "Runbook", runbook(put("one", "/a", "1"), put("two", "/b", "2")))
    reply = ssm_client.start_automation_execution(DocumentName="Runbook")
    execution_id = reply["AutomationExecutionId"]
    assert len(execution_id) == 36
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    assert [(s["StepName"], s["StepStatus"], s["Action"]) for s in found["StepExecutions"]] == [
        ("one", "Success", "aws:executeAwsApi"),
        ("two", "Success", "aws:executeAwsApi"),
    ]
    assert found["ExecutionStartTime"] == START and found["ExecutionEndTime"] == START
    assert found["DocumentName"] == "Runbook" and found["DocumentVersion"] == "1" and found["Mode"] == "Auto"
    assert ssm_client.get_parameter(Name="/b")["Parameter"]["Value"] == "2"


def test_sleep_waits_on_the_clock(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(ssm_client, sleep("nap", "PT10M"), put("after", "/done", "yes"))
    assert steps(ssm_client, execution_id) == [("nap", "InProgress")]
    assert status(ssm_client, execution_id) == "InProgress"
    frozen.clock.advance(599)
    assert steps(ssm_client, execution_id) == [("nap", "InProgress")]
    frozen.clock.advance(1)
    assert steps(ssm_client, execution_id) == [("nap", "Success"), ("after", "Success")]
    found = execution(ssm_client, execution_id)
    assert found["StepExecutions"][0]["ExecutionEndTime"] == found["ExecutionEndTime"]
    assert (found["ExecutionEndTime"] - found["ExecutionStartTime"]).total_seconds() == 600


def test_sleep_until_a_timestamp_and_bad_durations(ssm_client: Any, frozen: Any) -> None:
    later = step("until", "aws:sleep", {"Timestamp": "2026-04-01T10:00:00Z"})
    execution_id = run(ssm_client, later)
    frozen.clock.advance(3599)
    assert status(ssm_client, execution_id) == "InProgress"
    frozen.clock.advance(1)
    assert status(ssm_client, execution_id) == "Success"
    too_long = run(ssm_client, sleep("long", "P8D"), name="TooLong")
    found = execution(ssm_client, too_long)
    assert found["AutomationExecutionStatus"] == "Failed"
    assert "7 days" in found["StepExecutions"][0]["FailureMessage"]


def test_pause_waits_for_resume(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(ssm_client, step("hold", "aws:pause"), put("after", "/resumed", "yes"))
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Waiting"
    assert (found["CurrentStepName"], found["CurrentAction"]) == ("hold", "aws:pause")
    frozen.clock.advance(86400)
    assert status(ssm_client, execution_id) == "Waiting"
    ssm_client.send_automation_signal(AutomationExecutionId=execution_id, SignalType="Resume")
    assert steps(ssm_client, execution_id) == [("hold", "Success"), ("after", "Success")]
    assert status(ssm_client, execution_id) == "Success"


def test_approve_needs_the_minimum_approvals(ssm_client: Any, frozen: Any) -> None:
    gate = step("gate", "aws:approve", {"Approvers": ["arn:aws:iam::123456789012:role/Ops"], "MinRequiredApprovals": 2})
    execution_id = run(ssm_client, gate, put("after", "/approved", "yes"))
    assert status(ssm_client, execution_id) == "Waiting"
    ssm_client.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="Approve", Payload={"Comment": ["fine"]}
    )
    assert status(ssm_client, execution_id) == "Waiting"
    ssm_client.send_automation_signal(AutomationExecutionId=execution_id, SignalType="Approve")
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    approval = found["StepExecutions"][0]
    assert approval["Outputs"]["ApprovalStatus"] == ["Approved"]
    assert len(json.loads(approval["Outputs"]["ApproverDecisions"][0])) == 2


def test_reject_fails_the_approval_step_and_the_execution(ssm_client: Any, frozen: Any) -> None:
    gate = step("gate", "aws:approve", {"Approvers": ["arn:aws:iam::123456789012:role/Ops"]})
    execution_id = run(ssm_client, gate, put("after", "/approved", "yes"))
    ssm_client.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="Reject", Payload={"Comment": ["not today"]}
    )
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Failed"
    approval, after = found["StepExecutions"]
    assert (after["StepName"], after["StepStatus"]) == ("after", "Pending")
    assert approval["StepStatus"] == "Failed" and "not today" in approval["FailureMessage"]
    assert approval["Outputs"]["ApprovalStatus"] == ["Rejected"]
    assert "not today" in found["FailureMessage"]


def _branching(variable: str, operator: str, value: Any) -> str:
    choice = {"NextStep": "matched", "Variable": variable, operator: value}
    return runbook(
        step("choose", "aws:branch", {"Choices": [choice], "Default": "unmatched"}),
        put("matched", "/branch", "matched", isEnd=True),
        put("unmatched", "/branch", "unmatched"),
    )


@pytest.mark.parametrize(
    ("variable", "operator", "value", "expected"),
    [
        ("web", "StringEquals", "web", "matched"),
        ("web", "StringEquals", "Web", "unmatched"),
        ("Web", "EqualsIgnoreCase", "wEB", "matched"),
        ("web-01", "StartsWith", "web", "matched"),
        ("web-01", "EndsWith", "02", "unmatched"),
        ("a-web-b", "Contains", "web", "matched"),
        ("10", "NumericEquals", 10, "matched"),
        ("10", "NumericGreater", 9, "matched"),
        ("10", "NumericGreater", 10, "unmatched"),
        ("10.5", "NumericEquals", 10, "unmatched"),
        ("9", "NumericLesser", 10, "matched"),
        ("10", "NumericLesser", 10, "unmatched"),
        ("10", "NumericLesserOrEquals", 10, "matched"),
        ("9", "NumericGreaterOrEquals", 10, "unmatched"),
        ("web", "Contains", "x", "unmatched"),
        ("web-01", "StartsWith", "01", "unmatched"),
        ("web-01", "EndsWith", "01", "matched"),
        ("10", "NumericLesser", 9, "unmatched"),
        ("10", "NumericGreaterOrEquals", 10, "matched"),
        ("10", "NumericLesserOrEquals", 9, "unmatched"),
        ("true", "BooleanEquals", True, "matched"),
        ("false", "BooleanEquals", True, "unmatched"),
    ],
)
def test_branch_operators(ssm_client: Any, variable: str, operator: str, value: Any, expected: str) -> None:
    create(ssm_client, "Branch", _branching(variable, operator, value))
    execution_id = start(ssm_client, "Branch")
    assert status(ssm_client, execution_id) == "Success"
    assert ssm_client.get_parameter(Name="/branch")["Parameter"]["Value"] == expected
    ran = [name for name, _ in steps(ssm_client, execution_id)]
    assert ran == (["choose", "matched"] if expected == "matched" else ["choose", "unmatched"])


def test_branch_on_a_parameter_and_a_step_output_with_and_or_not(ssm_client: Any) -> None:
    read = step(
        "read",
        "aws:executeAwsApi",
        {"Service": "ssm", "Api": "GetParameter", "Name": "/env"},
        outputs=[{"Name": "Env", "Selector": "$.Parameter.Value", "Type": "String"}],
    )
    choice = {
        "NextStep": "prod",
        "And": [
            {"Variable": "{{ read.Env }}", "StringEquals": "prod"},
            {
                "Or": [
                    {"Variable": "{{ Size }}", "NumericGreater": 5},
                    {"Variable": "{{ Force }}", "BooleanEquals": True},
                ]
            },
            {"Not": {"Variable": "{{ read.Env }}", "StartsWith": "dev"}},
        ],
    }
    content = runbook(
        read,
        step("choose", "aws:branch", {"Choices": [choice]}),
        put("other", "/chosen", "other", isEnd=True),
        put("prod", "/chosen", "prod"),
        parameters={"Size": {"type": "Integer", "default": 1}, "Force": {"type": "Boolean", "default": False}},
    )
    create(ssm_client, "Branches", content)
    ssm_client.put_parameter(Name="/env", Value="prod", Type="String")
    start(ssm_client, "Branches", Parameters={"Size": ["3"]})
    assert ssm_client.get_parameter(Name="/chosen")["Parameter"]["Value"] == "other"
    execution_id = start(ssm_client, "Branches", Parameters={"Force": ["true"]})
    assert ssm_client.get_parameter(Name="/chosen")["Parameter"]["Value"] == "prod"
    assert [name for name, _ in steps(ssm_client, execution_id)] == ["read", "choose", "prod"]


def test_branch_without_a_true_choice_or_default_goes_to_the_next_step(ssm_client: Any) -> None:
    choice = {"NextStep": "last", "Variable": "a", "StringEquals": "b"}
    execution_id = run(
        ssm_client, step("choose", "aws:branch", {"Choices": [choice]}), put("next", "/n", "1"), put("last", "/l", "1")
    )
    assert [name for name, _ in steps(ssm_client, execution_id)] == ["choose", "next", "last"]


def test_on_failure_abort_is_the_default(ssm_client: Any) -> None:
    execution_id = run(ssm_client, put("first", "/a", "1"), fail("check"), put("never", "/never", "1"))
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Failed"
    assert [(s["StepName"], s["StepStatus"]) for s in found["StepExecutions"]] == [
        ("first", "Success"),
        ("check", "Failed"),
        ("never", "Pending"),
    ]
    check = found["StepExecutions"][1]
    assert "ParameterNotFound" in check["FailureMessage"]
    assert check["FailureDetails"]["FailureStage"] == "Invocation"
    assert found["FailureMessage"] == check["FailureMessage"]
    assert service_error(ssm_client.get_parameter, Name="/never")[0] == "ParameterNotFound"


def test_on_failure_continue_goes_on_but_a_critical_failure_fails_the_execution(ssm_client: Any) -> None:
    execution_id = run(ssm_client, fail("check", onFailure="Continue"), put("after", "/after", "1"))
    assert steps(ssm_client, execution_id) == [("check", "Failed"), ("after", "Success")]
    assert status(ssm_client, execution_id) == "Failed"
    tolerated = run(
        ssm_client, fail("check", onFailure="Continue", isCritical=False), put("after", "/t", "1"), name="Tolerant"
    )
    assert steps(ssm_client, tolerated) == [("check", "Failed"), ("after", "Success")]
    assert status(ssm_client, tolerated) == "Success"


def test_on_failure_step_jumps_to_the_named_step(ssm_client: Any) -> None:
    execution_id = run(
        ssm_client,
        fail("check", onFailure="step:cleanup", isCritical=False),
        put("skipped", "/skipped", "1"),
        put("cleanup", "/cleanup", "1"),
    )
    assert steps(ssm_client, execution_id) == [("check", "Failed"), ("cleanup", "Success")]
    assert status(ssm_client, execution_id) == "Success"
    assert execution(ssm_client, execution_id)["StepExecutions"][0]["ValidNextSteps"] == ["cleanup", "skipped"]


def test_next_step_and_is_end(ssm_client: Any) -> None:
    execution_id = run(
        ssm_client,
        put("first", "/a", "1", nextStep="third"),
        put("second", "/b", "1"),
        put("third", "/c", "1", isEnd=True),
        put("fourth", "/d", "1"),
    )
    assert steps(ssm_client, execution_id) == [("first", "Success"), ("third", "Success")]
    found = execution(ssm_client, execution_id)["StepExecutions"]
    assert found[0]["NextStep"] == "third" and found[1]["IsEnd"] is True


def test_max_attempts_retries_a_failing_step(ssm_client: Any, ssm_fake: Any) -> None:
    calls: list[str] = []

    def flaky(script_run: Any) -> dict[str, int]:
        calls.append(script_run.step_name)
        if len(calls) < 3:
            raise RuntimeError("not yet")
        return {"tries": len(calls)}

    ssm_fake.set_script_runner(flaky)
    script = {"Runtime": "python3.11", "Handler": "main", "Script": "unused"}
    retried = step("flaky", "aws:executeScript", script, maxAttempts=3,
                   outputs=[{"Name": "Tries", "Selector": "$.Payload.tries", "Type": "Integer"}])  # fmt: skip
    execution_id = run(ssm_client, retried)
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    assert found["StepExecutions"][0]["MaxAttempts"] == 3
    assert found["StepExecutions"][0]["Outputs"]["Tries"] == ["3"]
    assert calls == ["flaky"] * 3
    calls.clear()
    two = run(ssm_client, {**retried, "maxAttempts": 2}, name="TwoTries")
    assert status(ssm_client, two) == "Failed" and len(calls) == 2


def test_a_step_timeout_ends_it_timed_out(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(ssm_client, sleep("long", "PT1H", timeoutSeconds=60), put("after", "/a", "1"))
    frozen.clock.advance(59)
    assert status(ssm_client, execution_id) == "InProgress"
    frozen.clock.advance(1)
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "TimedOut"
    assert found["StepExecutions"][0]["StepStatus"] == "TimedOut"
    assert found["StepExecutions"][0]["TimeoutSeconds"] == 60
    continued = run(
        ssm_client,
        sleep("long", "PT1H", timeoutSeconds=60, onFailure="Continue", isCritical=False),
        put("after", "/a", "1"),
        name="Continues",
    )
    frozen.clock.advance(60)
    assert steps(ssm_client, continued) == [("long", "TimedOut"), ("after", "Success")]
    assert status(ssm_client, continued) == "Success"


def test_outputs_variables_and_yaml(ssm_client: Any, frozen: Any) -> None:
    content = """
schemaVersion: '0.3'
parameters:
  Names:
    type: StringList
  Prefix:
    type: String
    default: /app
outputs:
  - read.Value
  - read.Version
mainSteps:
  - name: write
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: PutParameter
      Name: '{{ Prefix }}/{{ automation:EXECUTION_ID }}'
      Value: '{{ Names }} in {{ global:REGION }} of {{ global:ACCOUNT_ID }} on {{ global:DATE }}'
      Type: String
  - name: read
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: get_parameter
      Name: '{{ Prefix }}/{{ automation:EXECUTION_ID }}'
    outputs:
      - Name: Value
        Selector: $.Parameter.Value
        Type: String
      - Name: Version
        Selector: $.Parameter.Version
        Type: Integer
"""
    create(ssm_client, "Yaml", content, "YAML")
    execution_id = start(ssm_client, "Yaml", Parameters={"Names": ["a", "b"]})
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    expected = "a,b in us-east-1 of 123456789012 on 2026-04-01"
    assert found["Outputs"] == {"read.Value": [expected], "read.Version": ["1"]}
    assert found["Parameters"] == {"Names": ["a", "b"], "Prefix": ["/app"]}
    write = found["StepExecutions"][0]
    assert write["Inputs"]["Name"] == json.dumps(f"/app/{execution_id}")
    assert write["Inputs"]["Type"] == '"String"'
    assert ssm_client.get_parameter(Name=f"/app/{execution_id}")["Parameter"]["Value"] == expected


def test_an_output_of_the_wrong_type_fails_the_step(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/word", Value="hello", Type="String")
    read = step("read", "aws:executeAwsApi", {"Service": "ssm", "Api": "GetParameter", "Name": "/word"},
                outputs=[{"Name": "N", "Selector": "$.Parameter.Value", "Type": "Integer"}])  # fmt: skip
    execution_id = run(ssm_client, read)
    found = execution(ssm_client, execution_id)["StepExecutions"][0]
    assert found["StepStatus"] == "Failed" and "Type" in found["FailureMessage"]


def test_cancel_runs_the_on_cancel_step(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(
        ssm_client,
        sleep("long", "PT1H", onCancel="step:cleanup"),
        put("next", "/next", "1"),
        put("cleanup", "/cleanup", "done"),
    )
    assert status(ssm_client, execution_id) == "InProgress"
    ssm_client.stop_automation_execution(AutomationExecutionId=execution_id)
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Cancelled"
    assert [(s["StepName"], s["StepStatus"]) for s in found["StepExecutions"]] == [
        ("long", "Cancelled"),
        ("cleanup", "Success"),
        ("next", "Pending"),
    ]
    assert ssm_client.get_parameter(Name="/cleanup")["Parameter"]["Value"] == "done"
    frozen.clock.advance(7200)
    assert status(ssm_client, execution_id) == "Cancelled"


def test_cancelling_shows_while_an_on_cancel_step_runs(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(ssm_client, sleep("long", "PT1H", onCancel="step:drain"), sleep("drain", "PT5M"))
    ssm_client.stop_automation_execution(AutomationExecutionId=execution_id, Type="Cancel")
    assert status(ssm_client, execution_id) == "Cancelling"
    frozen.clock.advance(300)
    assert status(ssm_client, execution_id) == "Cancelled"
    assert steps(ssm_client, execution_id) == [("long", "Cancelled"), ("drain", "Success")]


def test_stop_complete_lets_the_running_step_finish(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(ssm_client, sleep("nap", "PT1M"), put("next", "/next", "1"))
    ssm_client.stop_automation_execution(AutomationExecutionId=execution_id, Type="Complete")
    assert status(ssm_client, execution_id) == "InProgress"
    frozen.clock.advance(60)
    assert steps(ssm_client, execution_id) == [("nap", "Success")]
    assert status(ssm_client, execution_id) == "Success"
    paused = run(ssm_client, step("hold", "aws:pause"), name="Paused")
    ssm_client.stop_automation_execution(AutomationExecutionId=paused, Type="Complete")
    assert steps(ssm_client, paused) == [("hold", "Cancelled")]
    assert status(ssm_client, paused) == "Success"


def test_a_loop_between_steps_ends(ssm_client: Any) -> None:
    execution_id = run(ssm_client, put("again", "/loop", "1", nextStep="again"))
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Failed" and "loops" in found["FailureMessage"]


def test_an_on_cancel_step_that_pauses_can_be_resumed(ssm_client: Any, frozen: Any) -> None:
    execution_id = run(ssm_client, sleep("long", "PT1H", onCancel="step:confirm"), step("confirm", "aws:pause"))
    ssm_client.stop_automation_execution(AutomationExecutionId=execution_id)
    assert status(ssm_client, execution_id) == "Cancelling"
    code, _ = service_error(ssm_client.stop_automation_execution, AutomationExecutionId=execution_id)
    assert code == "InvalidAutomationStatusUpdateException"
    ssm_client.send_automation_signal(AutomationExecutionId=execution_id, SignalType="Resume")
    assert status(ssm_client, execution_id) == "Cancelled"
    assert steps(ssm_client, execution_id) == [("long", "Cancelled"), ("confirm", "Success")]


def test_steps_still_to_come_are_listed_pending_and_outputs_say_none_yet(ssm_client: Any, frozen: Any) -> None:
    read = step(
        "read",
        "aws:executeAwsApi",
        {"Service": "ssm", "Api": "GetParameter", "Name": "/v"},
        outputs=[{"Name": "Value", "Selector": "$.Parameter.Value", "Type": "String"}],
    )
    execution_id = run(ssm_client, sleep("nap"), fail("check"), read, outputs=["read.Value"])
    listed = [(s["StepName"], s["StepStatus"]) for s in execution(ssm_client, execution_id)["StepExecutions"]]
    assert listed == [("nap", "InProgress"), ("check", "Pending"), ("read", "Pending")]
    frozen.clock.advance(60)
    found = execution(ssm_client, execution_id)
    assert [(s["StepName"], s["StepStatus"]) for s in found["StepExecutions"]] == [
        ("nap", "Success"),
        ("check", "Failed"),
        ("read", "Pending"),
    ]
    assert found["Outputs"] == {"read.Value": ["No output available yet because the step is not successfully executed"]}
    pending = ssm_client.describe_automation_step_executions(
        AutomationExecutionId=execution_id, Filters=[{"Key": "StepExecutionStatus", "Values": ["Pending"]}]
    )["StepExecutions"]
    assert [s["StepName"] for s in pending] == ["read"]


def test_a_step_that_failed_every_attempt_says_so(ssm_client: Any) -> None:
    execution_id = run(ssm_client, fail("check", maxAttempts=3))
    found = execution(ssm_client, execution_id)
    message = found["StepExecutions"][0]["FailureMessage"]
    assert message.startswith("Step check failed maximum allowed times. ")
    assert found["FailureMessage"] == message
    once = execution(ssm_client, run(ssm_client, fail("check"), name="Once"))
    assert "maximum allowed times" not in once["StepExecutions"][0]["FailureMessage"]
