"""The recipes of the later capabilities keep their promise where the state is there too: on
an empty account their requests fail only for what is missing (tests/test_strategies.py);
here the account holds what they name — the node, the association, the window and its
targets, the execution, the custom type — and the same requests succeed."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssm_fake import mock_ssm
from ssm_fake.strategies import requests

CLIENT = boto3.client("ssm", region_name="us-east-1")
SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(update=requests("UpdateAssociation"))
def test_updates_of_an_association_of_the_same_document_make_a_new_version(update: dict[str, Any]) -> None:
    with mock_ssm():
        created = CLIENT.create_association(
            Name=update["Name"],
            Parameters=update["Parameters"],
            Targets=[{"Key": "InstanceIds", "Values": ["*"]}],
        )["AssociationDescription"]
        update["AssociationId"] = created["AssociationId"]
        described = CLIENT.update_association(**update)["AssociationDescription"]
        assert (described["AssociationVersion"], described["Name"]) == ("2", update["Name"])
        assert described["Parameters"] == update["Parameters"]
        assert described.get("ScheduleExpression") == update.get("ScheduleExpression")


@SETTINGS
@given(create=requests("CreateAssociation"))
def test_legacy_associations_are_made_once_the_node_is_managed(create: dict[str, Any]) -> None:
    with mock_ssm() as ssm:
        if "InstanceId" in create:  # the fake manages EC2 instances only: one stands in for the node named
            create["InstanceId"] = ssm.add_instance(platform="Linux")
        association_id = CLIENT.create_association(**create)["AssociationDescription"]["AssociationId"]
        listed = CLIENT.list_associations()["Associations"]
        assert [a["AssociationId"] for a in listed] == [association_id]


def _window() -> str:
    window_id: str = CLIENT.create_maintenance_window(
        Name="window-1", Schedule="rate(1 day)", Duration=4, Cutoff=1, AllowUnassociatedTargets=False
    )["WindowId"]
    return window_id


@SETTINGS
@given(update=requests("UpdateMaintenanceWindow"))
def test_updates_of_a_window_take_effect(update: dict[str, Any]) -> None:
    with mock_ssm():
        update["WindowId"] = _window()
        CLIENT.update_maintenance_window(**update)
        window = CLIENT.get_maintenance_window(WindowId=update["WindowId"])
        for name, value in update.items():
            assert window[name] == value, name


@SETTINGS
@given(target=requests("RegisterTargetWithMaintenanceWindow"), task=requests("RegisterTaskWithMaintenanceWindow"))
def test_targets_and_tasks_register_with_an_existing_window(target: dict[str, Any], task: dict[str, Any]) -> None:
    with mock_ssm():
        window_id = _window()
        target["WindowId"] = task["WindowId"] = window_id
        for task_target in task.get("Targets", []):  # the window targets the task names must be registered
            task_target["Values"] = [
                CLIENT.register_target_with_maintenance_window(**target)["WindowTargetId"]
                for _ in task_target["Values"]
            ]
        if "Targets" not in task:
            CLIENT.register_target_with_maintenance_window(**target)
        task_id = CLIENT.register_task_with_maintenance_window(**task)["WindowTaskId"]
        tasks = CLIENT.describe_maintenance_window_tasks(WindowId=window_id)["Tasks"]
        assert [(t["WindowTaskId"], t["TaskArn"]) for t in tasks] == [(task_id, task["TaskArn"])]
        assert CLIENT.describe_maintenance_window_targets(WindowId=window_id)["Targets"]


@SETTINGS
@given(data=st.data())
def test_queries_of_an_existing_window_succeed(data: st.DataObject) -> None:
    with mock_ssm():
        window_id = _window()
        for operation in ("DescribeMaintenanceWindowTargets", "DescribeMaintenanceWindowTasks"):
            request = data.draw(requests(operation)) | {"WindowId": window_id}
            method = getattr(
                CLIENT, "describe_maintenance_window_" + operation.removeprefix("DescribeMaintenanceWindow").lower()
            )
            method(**request)
        schedule = data.draw(requests("DescribeMaintenanceWindowSchedule"))
        if "WindowId" in schedule:
            schedule["WindowId"] = window_id
        CLIENT.describe_maintenance_window_schedule(**schedule)


_WAITING_RUNBOOK = (
    '{"schemaVersion": "0.3", "mainSteps": [{"name": "wait", "action": "aws:sleep", "inputs": {"Duration": "PT1H"}}]}'
)


@SETTINGS
@given(start=requests("StartAutomationExecution"), stop=requests("StopAutomationExecution"))
def test_started_executions_can_be_read_and_running_ones_stopped(start: dict[str, Any], stop: dict[str, Any]) -> None:
    """AWS-RestartEC2Instance acts on EC2, which the fake does not run: its executions end at
    once, Failed. A runbook that waits is stopped instead."""
    with mock_ssm() as ssm:
        ssm.clock.freeze()
        execution_id = CLIENT.start_automation_execution(**start)["AutomationExecutionId"]
        execution = CLIENT.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
        assert execution["DocumentName"] == start["DocumentName"]
        CLIENT.create_document(Name="wait", Content=_WAITING_RUNBOOK, DocumentType="Automation")
        waiting = CLIENT.start_automation_execution(DocumentName="wait")["AutomationExecutionId"]
        CLIENT.stop_automation_execution(**(stop | {"AutomationExecutionId": waiting}))
        with pytest.raises(ClientError) as again:  # the stop took: the execution is stopping already
            CLIENT.stop_automation_execution(AutomationExecutionId=waiting)
        assert again.value.response["Error"]["Code"] == "InvalidAutomationStatusUpdateException"


@SETTINGS
@given(put=requests("PutInventory"))
def test_inventory_of_a_managed_node_is_stored_and_listed(put: dict[str, Any]) -> None:
    with mock_ssm() as ssm:
        put["InstanceId"] = ssm.add_instance(platform="Linux")
        CLIENT.put_inventory(**put)
        for item in put["Items"]:
            listed = CLIENT.list_inventory_entries(InstanceId=put["InstanceId"], TypeName=item["TypeName"])
            assert listed["Entries"] == item["Content"]


@SETTINGS
@given(put=requests("PutInventory"), delete=requests("DeleteInventory"))
def test_custom_inventory_types_that_exist_can_be_deleted(put: dict[str, Any], delete: dict[str, Any]) -> None:
    with mock_ssm() as ssm:
        put["InstanceId"] = ssm.add_instance(platform="Linux")
        item = put["Items"][0] | {"TypeName": delete["TypeName"], "SchemaVersion": "1.0"}
        item["Content"] = [{"name": "x"}]
        CLIENT.put_inventory(InstanceId=put["InstanceId"], Items=[item])
        CLIENT.delete_inventory(**delete)


@SETTINGS
@given(listing=requests("ListInventoryEntries"))
def test_entries_of_a_managed_node_can_be_listed(listing: dict[str, Any]) -> None:
    with mock_ssm() as ssm:
        listing["InstanceId"] = ssm.add_instance(platform="Linux")
        reply = CLIENT.list_inventory_entries(**listing)
        assert (reply["InstanceId"], reply["TypeName"]) == (listing["InstanceId"], listing["TypeName"])


@SETTINGS
@given(target=requests("UpdateMaintenanceWindowTarget"), task=requests("UpdateMaintenanceWindowTask"))
def test_registered_targets_and_tasks_take_updates(target: dict[str, Any], task: dict[str, Any]) -> None:
    with mock_ssm():
        window_id = _window()
        target["WindowId"] = task["WindowId"] = window_id
        target["WindowTargetId"] = CLIENT.register_target_with_maintenance_window(
            WindowId=window_id, ResourceType="INSTANCE", Targets=[{"Key": "tag:Role", "Values": ["web"]}]
        )["WindowTargetId"]
        task["WindowTaskId"] = CLIENT.register_task_with_maintenance_window(
            WindowId=window_id, TaskType="AUTOMATION", TaskArn="AWS-RestartEC2Instance"
        )["WindowTaskId"]
        updated_target = CLIENT.update_maintenance_window_target(**target)
        updated_task = CLIENT.update_maintenance_window_task(**task)
        for name in ("Targets", "OwnerInformation", "Name", "Description"):
            if name in target:
                assert updated_target[name] == target[name], name
        for name in ("Name", "Description", "Priority"):
            if name in task:
                assert updated_task[name] == task[name], name


@SETTINGS
@given(update=requests("UpdateAssociationStatus"))
def test_the_status_of_an_association_made_with_instance_id_can_be_reported(update: dict[str, Any]) -> None:
    with mock_ssm() as ssm:
        update["InstanceId"] = ssm.add_instance(platform="Linux")
        CLIENT.create_association(
            Name=update["Name"], InstanceId=update["InstanceId"], Parameters={"commands": ["true"]}
        )
        CLIENT.update_association_status(**update)
        for operation in ("describe_effective_instance_associations", "describe_instance_associations_status"):
            getattr(CLIENT, operation)(InstanceId=update["InstanceId"])
        status = CLIENT.describe_association(Name=update["Name"], InstanceId=update["InstanceId"])
        assert status["AssociationDescription"]["Status"]["Name"] == update["AssociationStatus"]["Name"]
