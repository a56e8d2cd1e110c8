"""The step actions against the rest of the fake: SSM APIs, Run Command, scripts, and the
actions the fake does not run (Amazon's EC2 runbooks among them)."""

from __future__ import annotations

from typing import Any

import pytest
from automation_samples import START, execution, put, run, runbook, sleep, start, status, step, steps

from ssm_fake import LocalScriptRunner


@pytest.fixture
def frozen(ssm_fake: Any) -> Any:
    ssm_fake.clock.freeze(START)
    return ssm_fake


def _wait_for(parameter: str, value: str, **options: Any) -> dict[str, Any]:
    inputs = {"Service": "ssm", "Api": "GetParameter", "Name": parameter,
              "PropertySelector": "$.Parameter.Value", "DesiredValues": [value]}  # fmt: skip
    return step("wait", "aws:waitForAwsResourceProperty", inputs, **options)


def test_execute_aws_api_errors_read_like_the_sdk(ssm_client: Any) -> None:
    missing = step("read", "aws:executeAwsApi", {"Service": "ssm", "Api": "GetParameter", "Name": "/none"})
    found = execution(ssm_client, run(ssm_client, missing))
    message = found["StepExecutions"][0]["FailureMessage"]
    assert message.startswith("An error occurred (ParameterNotFound) when calling the GetParameter operation")
    invalid = step("bad", "aws:executeAwsApi", {"Service": "ssm", "Api": "GetParameter"})
    failed = execution(ssm_client, run(ssm_client, invalid, name="NoName"))["StepExecutions"][0]
    assert "ValidationException" in failed["FailureMessage"] or "name" in failed["FailureMessage"]


def test_execute_aws_api_for_another_service_fails_the_step(ssm_client: Any) -> None:
    other = step("ec2", "aws:executeAwsApi", {"Service": "ec2", "Api": "DescribeInstances"})
    found = execution(ssm_client, run(ssm_client, other))
    assert found["AutomationExecutionStatus"] == "Failed"
    assert "ec2" in found["StepExecutions"][0]["FailureMessage"]
    assert "Service ssm" in found["StepExecutions"][0]["FailureMessage"]


def test_assert_property_passes_and_fails(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/mode", Value="on", Type="String")
    inputs = {"Service": "ssm", "Api": "GetParameter", "Name": "/mode", "PropertySelector": "$.Parameter.Value"}
    good = step("check", "aws:assertAwsResourceProperty", {**inputs, "DesiredValues": ["on", "maybe"]})
    assert status(ssm_client, run(ssm_client, good)) == "Success"
    bad = step("check", "aws:assertAwsResourceProperty", {**inputs, "DesiredValues": ["off"]})
    found = execution(ssm_client, run(ssm_client, bad, name="Bad"))["StepExecutions"][0]
    assert found["StepStatus"] == "Failed"
    assert "is on, not one of the desired values" in found["FailureMessage"]
    assert found["FailureDetails"]["FailureType"] == "Verification"


def test_wait_for_property_polls_until_the_value_shows(ssm_client: Any, frozen: Any) -> None:
    ssm_client.put_parameter(Name="/ready", Value="no", Type="String")
    execution_id = run(ssm_client, _wait_for("/ready", "yes"), put("after", "/after", "1"))
    frozen.clock.advance(60)
    assert steps(ssm_client, execution_id) == [("wait", "InProgress")]
    ssm_client.put_parameter(Name="/ready", Value="yes", Type="String", Overwrite=True)
    frozen.clock.advance(5)
    assert steps(ssm_client, execution_id) == [("wait", "Success"), ("after", "Success")]


def test_wait_for_property_times_out(ssm_client: Any, frozen: Any) -> None:
    ssm_client.put_parameter(Name="/ready", Value="no", Type="String")
    execution_id = run(ssm_client, _wait_for("/ready", "yes", timeoutSeconds=30))
    frozen.clock.advance(30)
    assert steps(ssm_client, execution_id) == [("wait", "TimedOut")]
    assert status(ssm_client, execution_id) == "TimedOut"
    default = run(ssm_client, _wait_for("/ready", "yes"), name="DefaultWait")
    frozen.clock.advance(3599)
    assert status(ssm_client, default) == "InProgress"
    frozen.clock.advance(1)
    assert status(ssm_client, default) == "TimedOut"


def test_run_command_goes_through_run_command(ssm_client: Any, frozen: Any) -> None:
    node = frozen.add_instance()
    frozen.set_command_outcome(stdout="hello\n", duration=30)
    command = step("send", "aws:runCommand", {"DocumentName": "AWS-RunShellScript", "InstanceIds": ["{{ Node }}"],
                                              "Parameters": {"commands": ["echo hello"]}})  # fmt: skip
    execution_id = run(ssm_client, command, parameters={"Node": {"type": "String"}}, Parameters={"Node": [node]})
    assert steps(ssm_client, execution_id) == [("send", "InProgress")]
    (sent,) = ssm_client.list_commands()["Commands"]
    assert sent["DocumentName"] == "AWS-RunShellScript" and sent["InstanceIds"] == [node]
    frozen.clock.advance(30)
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    outputs = found["StepExecutions"][0]["Outputs"]
    assert outputs["CommandId"] == [sent["CommandId"]]
    assert outputs["Status"] == ["Success"] and outputs["Output"] == ["hello\n"]


def test_a_failed_command_fails_the_step(ssm_client: Any, frozen: Any) -> None:
    node = frozen.add_instance()
    frozen.set_command_outcome(status="Failed", response_code=2)
    command = step("send", "aws:runCommand", {"DocumentName": "AWS-RunShellScript", "InstanceIds": [node],
                                              "Parameters": {"commands": ["false"]}})  # fmt: skip
    found = execution(ssm_client, run(ssm_client, command))
    assert found["AutomationExecutionStatus"] == "Failed"
    assert "unexpected invocation result" in found["StepExecutions"][0]["FailureMessage"]
    offline = step("send", "aws:runCommand", {"DocumentName": "AWS-RunShellScript", "InstanceIds": ["i-00000000"],
                                              "Parameters": {"commands": ["true"]}})  # fmt: skip
    refused = execution(ssm_client, run(ssm_client, offline, name="Offline"))["StepExecutions"][0]
    assert refused["StepStatus"] == "Failed" and "InvalidInstanceId" in refused["FailureMessage"]


SCRIPT = """
def main(events, context):
    return {"greeting": "hello " + events["name"], "id": context["automation:EXECUTION_ID"]}
"""


def _script_step(runtime: str = "python3.11", script: str = SCRIPT) -> dict[str, Any]:
    inputs = {"Runtime": runtime, "Handler": "main", "Script": script, "InputPayload": {"name": "{{ Who }}"}}
    outputs = [{"Name": "Greeting", "Selector": "$.Payload.greeting", "Type": "String"}]
    return step("script", "aws:executeScript", inputs, outputs=outputs)


def test_execute_script_fails_unless_the_test_opts_in(ssm_client: Any) -> None:
    found = execution(
        ssm_client, run(ssm_client, _script_step(), parameters={"Who": {"type": "String", "default": "x"}})
    )
    assert found["AutomationExecutionStatus"] == "Failed"
    assert "set_script_runner" in found["StepExecutions"][0]["FailureMessage"]


def test_local_script_runner_runs_python(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.set_script_runner(LocalScriptRunner())
    who = {"Who": {"type": "String"}}
    execution_id = run(ssm_client, _script_step(), parameters=who, Parameters={"Who": ["world"]},
                       outputs=["script.Greeting"])  # fmt: skip
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    assert found["Outputs"] == {"script.Greeting": ["hello world"]}
    assert execution_id in found["StepExecutions"][0]["Outputs"]["OutputPayload"][0]
    broken = run(ssm_client, _script_step(script="def main(events, context):\n    raise ValueError('boom')\n"),
                 parameters=who, Parameters={"Who": ["x"]}, name="Broken")  # fmt: skip
    failed = execution(ssm_client, broken)["StepExecutions"][0]
    assert failed["StepStatus"] == "Failed" and "ValueError: boom" in failed["FailureMessage"]
    powershell = run(ssm_client, _script_step(runtime="PowerShell 7.4"), parameters=who, Parameters={"Who": ["x"]},
                     name="PowerShell")  # fmt: skip
    assert "python3.x" in execution(ssm_client, powershell)["StepExecutions"][0]["FailureMessage"]
    ssm_fake.set_script_runner(None)
    off = start(ssm_client, "Runbook", Parameters={"Who": ["x"]})
    assert status(ssm_client, off) == "Failed"


def test_set_script_runner_checks_its_argument(ssm_fake: Any) -> None:
    with pytest.raises(TypeError, match="LocalScriptRunner"):
        ssm_fake.set_script_runner("python")


@pytest.mark.parametrize("name", ["AWS-StopEC2Instance", "AWS-RestartEC2Instance"])
def test_amazon_ec2_runbooks_fail_their_ec2_step_clearly(ssm_client: Any, ssm_fake: Any, name: str) -> None:
    node = ssm_fake.add_instance()
    described = ssm_client.describe_document(Name=name)["Document"]
    assert described["DocumentType"] == "Automation" and described["Owner"] == "Amazon"
    assert {p["Name"] for p in described["Parameters"]} == {"InstanceId", "AutomationAssumeRole"}
    execution_id = start(ssm_client, name, Parameters={"InstanceId": [node]})
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Failed"
    first = found["StepExecutions"][0]
    assert (first["StepName"], first["Action"], first["StepStatus"]) == (
        "stopInstances",
        "aws:changeInstanceState",
        "Failed",
    )
    assert first["FailureMessage"] == (
        "ssm_fake does not run aws:changeInstanceState: it acts on EC2 instances, which the fake does not model."
    )
    assert first["FailureDetails"]["FailureType"] == "UnsupportedAction"
    assert first["Inputs"]["InstanceIds"] == f'["{node}"]'
    rest = [(s["StepName"], s["StepStatus"]) for s in found["StepExecutions"][1:]]
    assert rest == ([("startInstances", "Pending")] if name == "AWS-RestartEC2Instance" else [])
    assert found["Parameters"]["InstanceId"] == [node]


def test_amazon_runbooks_are_listed(ssm_client: Any) -> None:
    listed = ssm_client.list_documents(Filters=[{"Key": "DocumentType", "Values": ["Automation"]},
                                                {"Key": "Owner", "Values": ["Amazon"]}])  # fmt: skip
    names = {d["Name"] for d in listed["DocumentIdentifiers"]}
    assert {"AWS-RestartEC2Instance", "AWS-StopEC2Instance", "AWS-StartEC2Instance"} <= names


def test_a_run_command_step_that_times_out_cancels_its_command(ssm_client: Any, frozen: Any) -> None:
    node = frozen.add_instance()
    frozen.set_command_outcome(duration=600)
    command = step(
        "send",
        "aws:runCommand",
        {"DocumentName": "AWS-RunShellScript", "InstanceIds": [node], "Parameters": {"commands": ["sleep 600"]}},
        timeoutSeconds=60,
    )
    execution_id = run(ssm_client, command)
    frozen.clock.advance(60)
    assert status(ssm_client, execution_id) == "TimedOut"
    (sent,) = ssm_client.list_commands()["Commands"]
    assert sent["Status"] == "Cancelled"


def test_execute_automation_runs_a_nested_execution(ssm_client: Any, frozen: Any) -> None:
    inner = runbook(
        sleep("nap", "PT1M"),
        put("write", "/nested/{{ Name }}", "yes"),
        parameters={"Name": {"type": "String"}},
        outputs=["write.Version"],
    )
    ssm_client.create_document(Name="Inner", DocumentType="Automation", Content=inner)
    outer = step("call", "aws:executeAutomation", {"DocumentName": "Inner", "RuntimeParameters": {"Name": "a"}})
    execution_id = run(ssm_client, outer, name="Outer")
    listed = ssm_client.describe_automation_executions(Filters=[{"Key": "DocumentNamePrefix", "Values": ["Inner"]}])
    (nested,) = listed["AutomationExecutionMetadataList"]
    assert nested["AutomationExecutionStatus"] == "InProgress"
    assert status(ssm_client, execution_id) == "InProgress"
    frozen.clock.advance(60)
    found = execution(ssm_client, execution_id)
    assert found["AutomationExecutionStatus"] == "Success"
    outputs = found["StepExecutions"][0]["Outputs"]
    assert outputs["ExecutionId"] == [nested["AutomationExecutionId"]] and outputs["Status"] == ["Success"]
    assert ssm_client.get_parameter(Name="/nested/a")["Parameter"]["Value"] == "yes"


def test_cancelling_an_execute_automation_step_stops_the_nested_execution(ssm_client: Any, frozen: Any) -> None:
    ssm_client.create_document(Name="Inner", DocumentType="Automation", Content=runbook(sleep("nap", "PT1H")))
    execution_id = run(ssm_client, step("call", "aws:executeAutomation", {"DocumentName": "Inner"}), name="Outer")
    missing = run(ssm_client, step("call", "aws:executeAutomation", {"DocumentName": "Nothing"}), name="Missing")
    assert (
        "AutomationDefinitionNotFoundException" in execution(ssm_client, missing)["StepExecutions"][0]["FailureMessage"]
    )
    ssm_client.stop_automation_execution(AutomationExecutionId=execution_id)
    assert status(ssm_client, execution_id) == "Cancelled"
    listed = ssm_client.describe_automation_executions(Filters=[{"Key": "DocumentNamePrefix", "Values": ["Inner"]}])
    assert [item["AutomationExecutionStatus"] for item in listed["AutomationExecutionMetadataList"]] == ["Cancelled"]
