"""StartAutomationExecution's checks and errors, ClientToken, limits, tags, the interface
other capabilities use, and signal / stop errors."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from automation_samples import START, create, execution, put, run, runbook, sleep, start, status, step, steps
from service_errors import service_error

from ssm_fake import errors
from ssm_fake.backend.automation import interface as automation
from ssm_fake.backend.automation.model import MAX_QUEUED, MAX_RUNNING
from ssm_fake.backend.state import RequestContext

PARAMETERS = {
    "Env": {"type": "String", "allowedValues": ["dev", "prod"]},
    "Count": {"type": "Integer", "default": 1},
}


def _with_parameters(client: Any) -> None:
    create(client, "Runbook", runbook(put("write", "/env", "{{ Env }}"), parameters=PARAMETERS))


def test_unknown_runbooks_and_versions(ssm_client: Any) -> None:
    code, message = service_error(ssm_client.start_automation_execution, DocumentName="Nothing")
    assert code == "AutomationDefinitionNotFoundException" and "Nothing" in message
    _with_parameters(ssm_client)
    code, message = service_error(
        ssm_client.start_automation_execution, DocumentName="Runbook", DocumentVersion="3", Parameters={"Env": ["dev"]}
    )
    assert code == "AutomationDefinitionVersionNotFoundException" and "3" in message
    code, message = service_error(ssm_client.start_automation_execution, DocumentName="AWS-RunShellScript")
    assert code == "AutomationDefinitionNotFoundException" and "Command document" in message


def test_versions_are_chosen_as_asked(ssm_client: Any) -> None:
    _with_parameters(ssm_client)
    ssm_client.update_document(
        Name="Runbook", DocumentVersion="$LATEST", Content=runbook(put("write", "/env", "v2"), parameters=PARAMETERS)
    )
    start(ssm_client, "Runbook", Parameters={"Env": ["dev"]})
    assert ssm_client.get_parameter(Name="/env")["Parameter"]["Value"] == "dev"
    latest = start(ssm_client, "Runbook", DocumentVersion="$LATEST", Parameters={"Env": ["dev"]})
    assert ssm_client.get_parameter(Name="/env")["Parameter"]["Value"] == "v2"
    assert execution(ssm_client, latest)["DocumentVersion"] == "2"


@pytest.mark.parametrize(
    ("parameters", "fragment"),
    [
        ({}, "Env"),
        ({"Env": ["test"]}, "allowed values"),
        ({"Env": ["dev"], "Count": ["many"]}, "Integer"),
        # The documents capability's wording, as SendCommand answers (boto/boto3 issue 3151).
        ({"Env": ["dev"], "Other": ["x"]}, "does not support parameters"),
        ({"Env": ["dev", "prod"]}, "exactly one value"),
    ],
)
def test_parameters_are_checked(ssm_client: Any, parameters: dict[str, list[str]], fragment: str) -> None:
    _with_parameters(ssm_client)
    kwargs = {"Parameters": parameters} if parameters else {}
    code, message = service_error(ssm_client.start_automation_execution, DocumentName="Runbook", **kwargs)
    assert code == "InvalidAutomationExecutionParametersException"
    assert fragment in message
    assert ssm_client.describe_automation_executions()["AutomationExecutionMetadataList"] == []


def test_client_token_is_idempotent(ssm_client: Any) -> None:
    _with_parameters(ssm_client)
    token = str(uuid.uuid4())
    first = start(ssm_client, "Runbook", Parameters={"Env": ["dev"]}, ClientToken=token)
    again = start(ssm_client, "Runbook", Parameters={"Env": ["dev"]}, ClientToken=token.upper())
    assert first == again
    assert len(ssm_client.describe_automation_executions()["AutomationExecutionMetadataList"]) == 1
    code, _ = service_error(
        ssm_client.start_automation_execution, DocumentName="Runbook", Parameters={"Env": ["prod"]}, ClientToken=token
    )
    assert code == "IdempotentParameterMismatch"


def test_tags_on_executions(ssm_client: Any) -> None:
    _with_parameters(ssm_client)
    execution_id = start(ssm_client, "Runbook", Parameters={"Env": ["dev"]}, Tags=[{"Key": "team", "Value": "ops"}])
    listed = ssm_client.list_tags_for_resource(ResourceType="Automation", ResourceId=execution_id)["TagList"]
    assert listed == [{"Key": "team", "Value": "ops"}]
    ssm_client.add_tags_to_resource(
        ResourceType="Automation", ResourceId=execution_id, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(4)]
    )
    code, _ = service_error(
        ssm_client.add_tags_to_resource,
        ResourceType="Automation",
        ResourceId=execution_id,
        Tags=[{"Key": "sixth", "Value": "v"}],
    )
    assert code == "TooManyTagsError"
    code, _ = service_error(ssm_client.list_tags_for_resource, ResourceType="Automation", ResourceId=str(uuid.uuid4()))
    assert code == "InvalidResourceId"


def test_other_accounts_and_regions_are_not_run(ssm_client: Any) -> None:
    _with_parameters(ssm_client)
    code, message = service_error(
        ssm_client.start_automation_execution,
        DocumentName="Runbook",
        Parameters={"Env": ["dev"]},
        TargetLocations=[{"Accounts": ["111122223333"], "Regions": ["us-west-2"]}],
    )
    assert code == "NotImplementedByFake" and "TargetLocations" in message


def test_executions_beyond_the_running_limit_queue_then_the_queue_fills(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    create(ssm_client, "Hold", runbook(sleep("nap", "PT1M")))
    running = [start(ssm_client, "Hold") for _ in range(MAX_RUNNING)]
    queued = start(ssm_client, "Hold")
    assert status(ssm_client, running[-1]) == "InProgress"
    assert status(ssm_client, queued) == "Pending"
    for _ in range(MAX_QUEUED - 1):
        ssm_client.start_automation_execution(DocumentName="Hold")
    code, message = service_error(ssm_client.start_automation_execution, DocumentName="Hold")
    assert code == "AutomationExecutionLimitExceededException" and "allowable limit" in message
    ssm_client.stop_automation_execution(AutomationExecutionId=running[0])
    assert status(ssm_client, queued) == "InProgress"
    ssm_fake.clock.advance(60)
    assert status(ssm_client, running[1]) == "Success"


def test_stop_errors(ssm_client: Any) -> None:
    code, _ = service_error(ssm_client.stop_automation_execution, AutomationExecutionId=str(uuid.uuid4()))
    assert code == "AutomationExecutionNotFoundException"
    execution_id = run(ssm_client, put("write", "/a", "1"))
    assert status(ssm_client, execution_id) == "Success"
    code, message = service_error(ssm_client.stop_automation_execution, AutomationExecutionId=execution_id)
    assert code == "InvalidAutomationStatusUpdateException" and "Success" in message


def test_signal_errors(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    unknown = str(uuid.uuid4())
    code, _ = service_error(ssm_client.send_automation_signal, AutomationExecutionId=unknown, SignalType="Resume")
    assert code == "AutomationExecutionNotFoundException"
    execution_id = run(ssm_client, sleep("nap"), step("hold", "aws:pause"))
    for signal in ("Approve", "Reject", "Resume", "Revoke", "StartStep"):
        code, _ = service_error(
            ssm_client.send_automation_signal, AutomationExecutionId=execution_id, SignalType=signal
        )
        assert code == "InvalidAutomationSignalException", signal
    code, _ = service_error(
        ssm_client.send_automation_signal,
        AutomationExecutionId=execution_id,
        SignalType="StopStep",
        Payload={"StepExecutionId": [str(uuid.uuid4())]},
    )
    assert code == "AutomationStepNotFoundException"
    ssm_fake.clock.advance(60)
    code, _ = service_error(
        ssm_client.send_automation_signal,
        AutomationExecutionId=execution_id,
        SignalType="Resume",
        Payload={"StepName": ["nap"]},
    )
    assert code == "AutomationStepNotFoundException"
    ssm_client.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="Resume", Payload={"StepName": ["hold"]}
    )
    assert status(ssm_client, execution_id) == "Success"
    code, _ = service_error(ssm_client.send_automation_signal, AutomationExecutionId=execution_id, SignalType="Resume")
    assert code == "InvalidAutomationSignalException"


def test_stop_step_stops_the_running_step(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    execution_id = run(ssm_client, sleep("nap", "PT1H", onFailure="Continue", isCritical=False), put("next", "/n", "1"))
    running, waiting = execution(ssm_client, execution_id)["StepExecutions"]
    assert (waiting["StepName"], waiting["StepStatus"]) == ("next", "Pending") and "StepExecutionId" not in waiting
    ssm_client.send_automation_signal(
        AutomationExecutionId=execution_id,
        SignalType="StopStep",
        Payload={"StepExecutionId": [running["StepExecutionId"]]},
    )
    assert steps(ssm_client, execution_id) == [("nap", "Cancelled"), ("next", "Success")]


def test_interactive_mode_runs_the_steps_it_is_told(ssm_client: Any) -> None:
    execution_id = run(ssm_client, put("one", "/one", "1"), put("two", "/two", "2", isEnd=True), Mode="Interactive")
    assert status(ssm_client, execution_id) == "Waiting" and steps(ssm_client, execution_id) == []
    code, _ = service_error(
        ssm_client.send_automation_signal,
        AutomationExecutionId=execution_id,
        SignalType="StartStep",
        Payload={"StepName": ["three"]},
    )
    assert code == "AutomationStepNotFoundException"
    ssm_client.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="StartStep", Payload={"StepName": ["one"]}
    )
    assert steps(ssm_client, execution_id) == [("one", "Success")]
    assert status(ssm_client, execution_id) == "Waiting"
    ssm_client.send_automation_signal(
        AutomationExecutionId=execution_id, SignalType="StartStep", Payload={"StepName": ["two"]}
    )
    assert status(ssm_client, execution_id) == "Success"
    assert execution(ssm_client, execution_id)["Mode"] == "Interactive"


def _ctx(fake: Any) -> RequestContext:
    return RequestContext(fake.service, fake.account_id, "us-east-1", "test-request", fake.clock.now())


def test_the_interface_starts_executions_and_tells_watchers(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    create(ssm_client, "Hold", runbook(sleep("nap", "PT1M")))
    with ssm_fake.service.lock:
        started = automation.start_execution(_ctx(ssm_fake), {"DocumentName": "Hold"})
    ended: list[str] = []
    started.watchers.append(lambda done: ended.append(done.status))
    assert started.status == "Pending" and len(started.execution_id) == 36
    assert status(ssm_client, started.execution_id) == "InProgress"
    ssm_fake.clock.advance(60)
    assert ended == ["Success"] and "Success" in automation.FINAL_STATUSES
    with ssm_fake.service.lock, pytest.raises(errors.AutomationDefinitionNotFoundException):
        automation.start_execution(_ctx(ssm_fake), {"DocumentName": "Nothing"})
