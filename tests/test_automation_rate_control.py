"""Rate-controlled executions: child executions per target, MaxConcurrency, MaxErrors,
tag targets, TargetMaps, cancelling the parent, and the request's checks."""

from __future__ import annotations

from typing import Any

import pytest
from automation_samples import START, create, execution, put, runbook, sleep, start, status
from service_errors import service_error

TARGET = {"Target": {"type": "String"}}


@pytest.fixture
def frozen(ssm_fake: Any) -> Any:
    ssm_fake.clock.freeze(START)
    return ssm_fake


def _children(client: Any, parent: str) -> list[dict[str, Any]]:
    listed = client.describe_automation_executions(Filters=[{"Key": "ParentExecutionId", "Values": [parent]}])
    return sorted(listed["AutomationExecutionMetadataList"], key=lambda item: item["Target"])


def _statuses(client: Any, parent: str) -> dict[str, str]:
    return {child["Target"]: child["AutomationExecutionStatus"] for child in _children(client, parent)}


def test_one_child_per_value_under_max_concurrency(ssm_client: Any, frozen: Any) -> None:
    create(
        ssm_client, "Each", runbook(sleep("nap", "PT1M"), put("mark", "/done/{{ Target }}", "yes"), parameters=TARGET)
    )
    values = ["a", "b", "c", "d", "e"]
    parent = start(ssm_client, "Each", TargetParameterName="Target", MaxConcurrency="2",
                   Targets=[{"Key": "ParameterValues", "Values": values}])  # fmt: skip
    assert _statuses(ssm_client, parent) == {"a": "InProgress"}  # ramp-up: one first
    frozen.clock.advance(60)
    assert _statuses(ssm_client, parent) == {"a": "Success", "b": "InProgress", "c": "InProgress"}
    frozen.clock.advance(60)
    assert list(_statuses(ssm_client, parent).values()).count("InProgress") == 2
    frozen.clock.advance(60)
    assert _statuses(ssm_client, parent) == dict.fromkeys(values, "Success")
    found = execution(ssm_client, parent)
    assert found["AutomationExecutionStatus"] == "Success"
    assert found["TargetParameterName"] == "Target" and found["MaxConcurrency"] == "2" and found["MaxErrors"] == "0"
    assert found["ResolvedTargets"] == {"ParameterValues": values, "Truncated": False}
    assert found["ProgressCounters"]["TotalSteps"] == 5 and found["ProgressCounters"]["SuccessSteps"] == 5
    assert found["Targets"] == [{"Key": "ParameterValues", "Values": values}]
    child = execution(ssm_client, _children(ssm_client, parent)[0]["AutomationExecutionId"])
    assert child["ParentAutomationExecutionId"] == parent and child["Parameters"]["Target"] == ["a"]
    assert ssm_client.get_parameter(Name="/done/e")["Parameter"]["Value"] == "yes"


def test_more_errors_than_max_errors_stop_new_children(ssm_client: Any, frozen: Any) -> None:
    doc = runbook(
        put("write", "/t/{{ Target }}", "x"),
        {
            "name": "check",
            "action": "aws:assertAwsResourceProperty",
            "inputs": {
                "Service": "ssm",
                "Api": "GetParameter",
                "Name": "/t/{{ Target }}",
                "PropertySelector": "$.Parameter.Name",
                "DesiredValues": ["/t/ok"],
            },
        },
        parameters=TARGET,
    )
    create(ssm_client, "Check", doc)
    values = ["bad1", "bad2", "bad3", "ok"]
    parent = start(ssm_client, "Check", TargetParameterName="Target", MaxConcurrency="1", MaxErrors="1",
                   Targets=[{"Key": "ParameterValues", "Values": values}])  # fmt: skip
    found = execution(ssm_client, parent)
    assert found["AutomationExecutionStatus"] == "Failed"
    assert "more than MaxErrors" in found["FailureMessage"]
    assert _statuses(ssm_client, parent) == {"bad1": "Failed", "bad2": "Failed"}
    tolerant = start(ssm_client, "Check", TargetParameterName="Target", MaxErrors="3",
                     Targets=[{"Key": "ParameterValues", "Values": values}])  # fmt: skip
    assert status(ssm_client, tolerant) == "Success"
    assert list(_statuses(ssm_client, tolerant).values()) == ["Failed", "Failed", "Failed", "Success"]


def test_tag_targets_resolve_managed_nodes(ssm_client: Any, frozen: Any) -> None:
    web = [frozen.add_instance(tags={"Role": "web"}) for _ in range(2)]
    frozen.add_instance(tags={"Role": "db"})
    create(ssm_client, "Tagged", runbook(put("mark", "/seen/{{ Target }}", "1"), parameters=TARGET))
    parent = start(ssm_client, "Tagged", TargetParameterName="Target",
                   Targets=[{"Key": "tag:Role", "Values": ["web"]}])  # fmt: skip
    assert status(ssm_client, parent) == "Success"
    assert sorted(_statuses(ssm_client, parent)) == sorted(web)
    assert execution(ssm_client, parent)["ResolvedTargets"]["ParameterValues"] == web


def test_target_maps_give_each_child_its_parameters(ssm_client: Any, frozen: Any) -> None:
    parameters = {"Name": {"type": "String"}, "Value": {"type": "String"}}
    create(ssm_client, "Maps", runbook(put("write", "/{{ Name }}", "{{ Value }}"), parameters=parameters))
    maps = [{"Name": ["one"], "Value": ["1"]}, {"Name": ["two"], "Value": ["2"]}]
    parent = start(ssm_client, "Maps", TargetMaps=maps)
    assert status(ssm_client, parent) == "Success"
    assert ssm_client.get_parameter(Name="/two")["Parameter"]["Value"] == "2"
    assert execution(ssm_client, parent)["TargetMaps"] == maps
    code, _ = service_error(ssm_client.start_automation_execution, DocumentName="Maps",
                            TargetMaps=[{"Name": ["x"]}])  # fmt: skip
    assert code == "InvalidAutomationExecutionParametersException"


def test_cancelling_the_parent_cancels_its_children(ssm_client: Any, frozen: Any) -> None:
    create(ssm_client, "Each", runbook(sleep("nap", "PT1H"), parameters=TARGET))
    parent = start(ssm_client, "Each", TargetParameterName="Target", MaxConcurrency="3",
                   Targets=[{"Key": "ParameterValues", "Values": ["a", "b", "c"]}])  # fmt: skip
    frozen.clock.advance(1)
    ssm_client.stop_automation_execution(AutomationExecutionId=parent)
    assert status(ssm_client, parent) == "Cancelled"
    assert set(_statuses(ssm_client, parent).values()) == {"Cancelled"}


def test_complete_lets_running_children_finish_and_starts_no_more(ssm_client: Any, frozen: Any) -> None:
    create(ssm_client, "Each", runbook(sleep("nap", "PT1M"), parameters=TARGET))
    parent = start(ssm_client, "Each", TargetParameterName="Target", MaxConcurrency="1",
                   Targets=[{"Key": "ParameterValues", "Values": ["a", "b", "c"]}])  # fmt: skip
    assert _statuses(ssm_client, parent) == {"a": "InProgress"}
    ssm_client.stop_automation_execution(AutomationExecutionId=parent, Type="Complete")
    frozen.clock.advance(60)
    assert _statuses(ssm_client, parent) == {"a": "Success"}
    assert status(ssm_client, parent) == "Success"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"TargetParameterName": "Target"}, "Targets is required"),
        ({"Targets": [{"Key": "ParameterValues", "Values": ["a"]}]}, "TargetParameterName is required"),
        ({"TargetParameterName": "Nope", "Targets": [{"Key": "ParameterValues", "Values": ["a"]}]}, "Nope"),
        (
            {
                "TargetParameterName": "Target",
                "Targets": [{"Key": "tag:A", "Values": ["1"]}, {"Key": "tag:B", "Values": ["2"]}],
            },
            "Only one resource group or tag can be specified at a time",
        ),
        ({"TargetParameterName": "Target", "Targets": [{"Key": "InstanceIds", "Values": ["i-1"]}]}, "Target key"),
        (
            {"Targets": [{"Key": "ParameterValues", "Values": ["a"]}], "TargetMaps": [{"Target": ["a"]}]},
            "TargetMaps",
        ),
    ],
)
def test_rate_control_requests_are_checked(ssm_client: Any, kwargs: dict[str, Any], fragment: str) -> None:
    create(ssm_client, "Each", runbook(put("w", "/w", "{{ Target }}"), parameters=TARGET))
    code, message = service_error(ssm_client.start_automation_execution, DocumentName="Each", **kwargs)
    assert code == "InvalidAutomationExecutionParametersException"
    assert fragment in message
