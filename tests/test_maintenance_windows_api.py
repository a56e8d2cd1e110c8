"""Maintenance windows, targets and tasks through boto3: every action, filter, paging walk
and documented error (execution behaviour is in test_maintenance_windows_runs.py)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest

from tests.service_errors import service_error

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def client(ssm_fake: Any, ssm_client: Any) -> Any:
    ssm_fake.clock.freeze(NOW)
    return ssm_client


def window(client: Any, **overrides: Any) -> str:
    request = {"Name": "patching", "Schedule": "cron(0 2 ? * SUN *)", "Duration": 3, "Cutoff": 1,
               "AllowUnassociatedTargets": False, **overrides}  # fmt: skip
    return str(client.create_maintenance_window(**request)["WindowId"])


def target(client: Any, window_id: str, **overrides: Any) -> str:
    request = {"WindowId": window_id, "ResourceType": "INSTANCE",
               "Targets": [{"Key": "tag:env", "Values": ["prod"]}], **overrides}  # fmt: skip
    return str(client.register_target_with_maintenance_window(**request)["WindowTargetId"])


def run_command_task(client: Any, window_id: str, target_id: str, **overrides: Any) -> str:
    request = {
        "WindowId": window_id, "TaskType": "RUN_COMMAND", "TaskArn": "AWS-RunShellScript",
        "Targets": [{"Key": "WindowTargetIds", "Values": [target_id]}], "MaxConcurrency": "2", "MaxErrors": "1",
        "TaskInvocationParameters": {"RunCommand": {"Parameters": {"commands": ["uptime"]}}}, **overrides,
    }  # fmt: skip
    return str(client.register_task_with_maintenance_window(**request)["WindowTaskId"])


# --- windows --------------------------------------------------------------------------------------


def test_create_get_window_shows_every_member_and_next_execution(client: Any) -> None:
    window_id = window(
        client, Description="weekly", ScheduleTimezone="America/New_York", ScheduleOffset=2,
        StartDate="2026-01-01T00:00:00Z", EndDate="2027-01-01T00:00:00Z",
        Tags=[{"Key": "team", "Value": "ops"}],
    )  # fmt: skip
    assert re.fullmatch(r"mw-[0-9a-f]{17}", window_id)
    got = client.get_maintenance_window(WindowId=window_id)
    assert got["Name"] == "patching" and got["Description"] == "weekly"
    assert (got["Duration"], got["Cutoff"], got["Enabled"], got["AllowUnassociatedTargets"]) == (3, 1, True, False)
    assert got["ScheduleTimezone"] == "America/New_York" and got["ScheduleOffset"] == 2
    assert got["StartDate"] == "2026-01-01T00:00:00Z" and got["EndDate"] == "2027-01-01T00:00:00Z"
    assert got["CreatedDate"] == got["ModifiedDate"] == NOW
    # Sunday 2026-03-08 02:00 New York is skipped (DST starts then), offset 2 days: Tuesday the 10th.
    # Whichever Sunday, the run is two days later at 02:00 local, in EDT (-04:00).
    assert got["NextExecutionTime"].endswith("T02:00-04:00")
    assert client.list_tags_for_resource(ResourceType="MaintenanceWindow", ResourceId=window_id)["TagList"] == [
        {"Key": "team", "Value": "ops"}
    ]


def test_next_execution_time_in_utc(client: Any) -> None:
    window_id = window(client, Schedule="rate(2 hours)")
    assert client.get_maintenance_window(WindowId=window_id)["NextExecutionTime"] == "2026-03-02T11:30Z"


def test_cutoff_must_be_less_than_duration(client: Any) -> None:
    code, message = service_error(
        client.create_maintenance_window, Name="w-x", Schedule="rate(1 day)", Duration=2, Cutoff=2,
        AllowUnassociatedTargets=False,
    )  # fmt: skip
    assert code == "ValidationException"
    assert message == "Cuttoff was 2 but must be smaller than 2 (Duration - 1 )"


@pytest.mark.parametrize(
    "overrides",
    [
        {"Schedule": "every day"},
        {"Schedule": "rate(1 hours)"},
        {"ScheduleTimezone": "Mars/Olympus"},
        {"Schedule": "rate(1 day)", "ScheduleOffset": 2},
        {"StartDate": "yesterday"},
        {"StartDate": "2026-06-01T00:00:00Z", "EndDate": "2026-05-01T00:00:00Z"},
        {"EndDate": "2026-01-01T00:00:00Z"},
    ],
)
def test_invalid_window_settings_are_validation_errors(client: Any, overrides: dict[str, Any]) -> None:
    code, _ = service_error(client.create_maintenance_window, **{
        "Name": "w-x", "Schedule": "rate(1 day)", "Duration": 2, "Cutoff": 1, "AllowUnassociatedTargets": False,
        **overrides,
    })  # fmt: skip
    assert code == "ValidationException"


def test_model_ranges_of_duration_and_cutoff(client: Any, raw_client: Any) -> None:
    code, message = service_error(
        raw_client.create_maintenance_window, Name="w-x", Schedule="rate(1 day)", Duration=25, Cutoff=1,
        AllowUnassociatedTargets=False,
    )  # fmt: skip
    assert code == "ValidationException" and "duration" in message


def test_unknown_window_is_does_not_exist(client: Any) -> None:
    missing = "mw-0123456789abcdef0"
    for call in (client.get_maintenance_window, client.describe_maintenance_window_targets,
                 client.describe_maintenance_window_tasks):  # fmt: skip
        assert service_error(call, WindowId=missing) == (
            "DoesNotExistException",
            f"Maintenance window {missing} does not exist",
        )
    code, _ = service_error(client.update_maintenance_window, WindowId=missing, Name="new-name")
    assert code == "DoesNotExistException"


def test_client_token_makes_create_idempotent(client: Any) -> None:
    first = window(client, ClientToken="token-1")
    assert window(client, ClientToken="token-1") == first
    code, _ = service_error(client.create_maintenance_window, Name="other", Schedule="rate(1 day)", Duration=2,
                            Cutoff=1, AllowUnassociatedTargets=False, ClientToken="token-1")  # fmt: skip
    assert code == "IdempotentParameterMismatch"
    assert len(client.describe_maintenance_windows()["WindowIdentities"]) == 1


def test_fifty_windows_per_account_and_region(client: Any) -> None:
    for i in range(50):
        window(client, Name=f"w-{i:02}")
    code, _ = service_error(client.create_maintenance_window, Name="one-more", Schedule="rate(1 day)", Duration=2,
                            Cutoff=1, AllowUnassociatedTargets=False)  # fmt: skip
    assert code == "ResourceLimitExceededException"
    other_region = boto3.client("ssm", region_name="eu-west-1")
    assert other_region.describe_maintenance_windows()["WindowIdentities"] == []
    window(other_region, Name="elsewhere")


def test_update_merges_or_replaces(client: Any) -> None:
    window_id = window(client, Description="first", ScheduleTimezone="Europe/Paris")
    updated = client.update_maintenance_window(WindowId=window_id, Duration=4, Enabled=False)
    assert (updated["Duration"], updated["Enabled"], updated["Description"]) == (4, False, "first")
    assert "NextExecutionTime" not in client.get_maintenance_window(WindowId=window_id)
    code, _ = service_error(client.update_maintenance_window, WindowId=window_id, Cutoff=4)
    assert code == "ValidationException"
    code, message = service_error(client.update_maintenance_window, WindowId=window_id, Name="again", Replace=True)
    assert code == "ValidationException" and "Schedule" in message
    replaced = client.update_maintenance_window(WindowId=window_id, Name="again", Schedule="rate(1 day)", Duration=2,
                                                Cutoff=0, AllowUnassociatedTargets=True, Replace=True)  # fmt: skip
    assert "Description" not in replaced and "ScheduleTimezone" not in replaced
    assert replaced["Enabled"] is True and replaced["Name"] == "again"
    assert client.get_maintenance_window(WindowId=window_id)["ModifiedDate"] == NOW


def test_delete_window_and_everything_in_it(client: Any) -> None:
    window_id = window(client)
    assert client.delete_maintenance_window(WindowId=window_id)["WindowId"] == window_id
    code, _ = service_error(client.get_maintenance_window, WindowId=window_id)
    assert code == "DoesNotExistException"
    assert client.delete_maintenance_window(WindowId=window_id)["WindowId"] == window_id


def test_describe_windows_filters_and_pages(client: Any) -> None:
    ids = [window(client, Name=f"w-{i:02}") for i in range(25)]
    client.update_maintenance_window(WindowId=ids[3], Enabled=False)
    seen = [w["WindowId"] for page in client.get_paginator("describe_maintenance_windows").paginate(
        PaginationConfig={"PageSize": 10}) for w in page["WindowIdentities"]]  # fmt: skip
    assert seen == ids
    disabled = client.describe_maintenance_windows(Filters=[{"Key": "Enabled", "Values": ["false"]}])
    assert [w["WindowId"] for w in disabled["WindowIdentities"]] == [ids[3]]
    named = client.describe_maintenance_windows(Filters=[{"Key": "Name", "Values": ["w-07", "w-09"]}])
    assert [w["Name"] for w in named["WindowIdentities"]] == ["w-07", "w-09"]
    code, _ = service_error(client.describe_maintenance_windows, Filters=[{"Key": "Owner", "Values": ["x"]}])
    assert code == "ValidationException"
    # The window actions' model lists no InvalidNextToken: a bad token is refused as bad input.
    code, _ = service_error(client.describe_maintenance_windows, NextToken="not-a-token")
    assert code == "ValidationException"


def test_tags_on_windows(client: Any) -> None:
    window_id = window(client)
    client.add_tags_to_resource(ResourceType="MaintenanceWindow", ResourceId=window_id,
                                Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])  # fmt: skip
    client.remove_tags_from_resource(ResourceType="MaintenanceWindow", ResourceId=window_id, TagKeys=["a"])
    assert client.list_tags_for_resource(ResourceType="MaintenanceWindow", ResourceId=window_id)["TagList"] == [
        {"Key": "b", "Value": "2"}
    ]
    # The tag actions answer InvalidResourceId for a resource that does not exist (AWS's own
    # CloudFormation resource provider for SSM, aws-cloudformation-resource-providers-ssm PR 109).
    code, _ = service_error(client.list_tags_for_resource, ResourceType="MaintenanceWindow",
                            ResourceId="mw-0123456789abcdef0")  # fmt: skip
    assert code == "InvalidResourceId"


# --- targets --------------------------------------------------------------------------------------


def test_register_describe_update_deregister_targets(client: Any) -> None:
    window_id = window(client)
    first = target(client, window_id, OwnerInformation="team-a", Name="web", Description="web tier")
    second = target(client, window_id, Targets=[{"Key": "InstanceIds", "Values": ["i-0123456789abcdef0"]}])
    listed = client.describe_maintenance_window_targets(WindowId=window_id)["Targets"]
    assert [t["WindowTargetId"] for t in listed] == [first, second]
    assert listed[0] == {"WindowId": window_id, "WindowTargetId": first, "ResourceType": "INSTANCE",
                         "Targets": [{"Key": "tag:env", "Values": ["prod"]}], "OwnerInformation": "team-a",
                         "Name": "web", "Description": "web tier"}  # fmt: skip
    only = client.describe_maintenance_window_targets(
        WindowId=window_id, Filters=[{"Key": "OwnerInformation", "Values": ["team-a"]}]
    )
    assert [t["WindowTargetId"] for t in only["Targets"]] == [first]
    by_id = client.describe_maintenance_window_targets(
        WindowId=window_id, Filters=[{"Key": "WindowTargetId", "Values": [second]}]
    )
    assert [t["WindowTargetId"] for t in by_id["Targets"]] == [second]
    updated = client.update_maintenance_window_target(WindowId=window_id, WindowTargetId=first, Name="web2")
    assert updated["Name"] == "web2" and updated["OwnerInformation"] == "team-a"
    replaced = client.update_maintenance_window_target(
        WindowId=window_id, WindowTargetId=first, Replace=True, Targets=[{"Key": "tag:env", "Values": ["dev"]}]
    )
    assert "OwnerInformation" not in replaced and "Name" not in replaced
    gone = client.deregister_target_from_maintenance_window(WindowId=window_id, WindowTargetId=second)
    assert gone == {"WindowId": window_id, "WindowTargetId": second, "ResponseMetadata": gone["ResponseMetadata"]}
    code, message = service_error(client.deregister_target_from_maintenance_window, WindowId=window_id,
                                  WindowTargetId=second)  # fmt: skip
    assert code == "DoesNotExistException" and second in message


@pytest.mark.parametrize(
    ("resource_type", "targets"),
    [
        ("INSTANCE", []),
        ("INSTANCE", [{"Key": "color", "Values": ["red"]}]),
        ("INSTANCE", [{"Key": "resource-groups:Name", "Values": ["g"]}]),
        ("RESOURCE_GROUP", [{"Key": "tag:env", "Values": ["prod"]}]),
    ],
)
def test_invalid_targets(client: Any, resource_type: str, targets: list[dict[str, Any]]) -> None:
    window_id = window(client)
    code, _ = service_error(client.register_target_with_maintenance_window, WindowId=window_id,
                            ResourceType=resource_type, Targets=targets)  # fmt: skip
    assert code == "ValidationException"


def test_resource_group_targets_are_accepted(client: Any) -> None:
    window_id = window(client)
    target(client, window_id, ResourceType="RESOURCE_GROUP", Targets=[{"Key": "resource-groups:Name", "Values": ["g"]}])
    listed = client.describe_maintenance_window_targets(
        WindowId=window_id, Filters=[{"Key": "Type", "Values": ["RESOURCE_GROUP"]}]
    )
    assert len(listed["Targets"]) == 1


def test_target_client_token_and_limit(client: Any) -> None:
    window_id = window(client)
    first = target(client, window_id, ClientToken="t")
    assert target(client, window_id, ClientToken="t") == first
    code, _ = service_error(client.register_target_with_maintenance_window, WindowId=window_id, ResourceType="INSTANCE",
                            Targets=[{"Key": "tag:env", "Values": ["dev"]}], ClientToken="t")  # fmt: skip
    assert code == "IdempotentParameterMismatch"
    for i in range(99):
        target(client, window_id, Targets=[{"Key": "tag:n", "Values": [str(i)]}])
    code, _ = service_error(client.register_target_with_maintenance_window, WindowId=window_id, ResourceType="INSTANCE",
                            Targets=[{"Key": "tag:n", "Values": ["last"]}])  # fmt: skip
    assert code == "ResourceLimitExceededException"
    pages = client.get_paginator("describe_maintenance_window_targets").paginate(WindowId=window_id)
    assert sum(len(p["Targets"]) for p in pages) == 100


def test_safe_deregistration_refuses_a_target_in_use(client: Any) -> None:
    window_id = window(client)
    target_id = target(client, window_id)
    task_id = run_command_task(client, window_id, target_id)
    code, message = service_error(client.deregister_target_from_maintenance_window, WindowId=window_id,
                                  WindowTargetId=target_id, Safe=True)  # fmt: skip
    assert code == "TargetInUseException" and task_id in message
    client.deregister_target_from_maintenance_window(WindowId=window_id, WindowTargetId=target_id)
    assert client.describe_maintenance_window_targets(WindowId=window_id)["Targets"] == []


# --- tasks ----------------------------------------------------------------------------------------


def test_register_get_describe_update_deregister_tasks(client: Any) -> None:
    window_id = window(client)
    target_id = target(client, window_id)
    task_id = run_command_task(
        client, window_id, target_id, Priority=3, Name="patch", Description="d", CutoffBehavior="CANCEL_TASK",
        ServiceRoleArn="arn:aws:iam::123456789012:role/mw",
        LoggingInfo={"S3BucketName": "logs-bucket", "S3Region": "us-east-1"},
        AlarmConfiguration={"Alarms": [{"Name": "cpu"}], "IgnorePollAlarmFailure": True},
    )  # fmt: skip
    got = client.get_maintenance_window_task(WindowId=window_id, WindowTaskId=task_id)
    assert got["TaskType"] == "RUN_COMMAND" and got["Priority"] == 3 and got["CutoffBehavior"] == "CANCEL_TASK"
    assert got["TaskInvocationParameters"] == {"RunCommand": {"Parameters": {"commands": ["uptime"]}}}
    assert got["LoggingInfo"] == {"S3BucketName": "logs-bucket", "S3Region": "us-east-1"}
    assert got["AlarmConfiguration"] == {"Alarms": [{"Name": "cpu"}], "IgnorePollAlarmFailure": True}
    assert got["ServiceRoleArn"] == "arn:aws:iam::123456789012:role/mw"
    lambda_id = client.register_task_with_maintenance_window(
        WindowId=window_id, TaskType="LAMBDA", TaskArn="arn:aws:lambda:us-east-1:123456789012:function:f",
    )["WindowTaskId"]  # fmt: skip
    listed = client.describe_maintenance_window_tasks(WindowId=window_id)["Tasks"]
    assert [(t["WindowTaskId"], t["Type"]) for t in listed] == [(task_id, "RUN_COMMAND"), (lambda_id, "LAMBDA")]
    assert listed[1]["Priority"] == 1 and listed[1]["MaxConcurrency"] == "1" and listed[1]["Targets"] == []
    for key, value, expected in (("TaskType", "LAMBDA", [lambda_id]), ("Priority", "3", [task_id]),
                                 ("TaskArn", "AWS-RunShellScript", [task_id]),
                                 ("WindowTaskId", lambda_id, [lambda_id])):  # fmt: skip
        found = client.describe_maintenance_window_tasks(WindowId=window_id, Filters=[{"Key": key, "Values": [value]}])
        assert [t["WindowTaskId"] for t in found["Tasks"]] == expected
    updated = client.update_maintenance_window_task(WindowId=window_id, WindowTaskId=task_id, Priority=0)
    assert updated["Priority"] == 0 and updated["Name"] == "patch"
    replaced = client.update_maintenance_window_task(
        WindowId=window_id,
        WindowTaskId=lambda_id,
        Replace=True,
        TaskArn="arn:aws:lambda:us-east-1:123456789012:function:g",
    )
    assert replaced["TaskArn"].endswith(":g")
    client.deregister_task_from_maintenance_window(WindowId=window_id, WindowTaskId=lambda_id)
    code, message = service_error(client.get_maintenance_window_task, WindowId=window_id, WindowTaskId=lambda_id)
    assert code == "DoesNotExistException" and lambda_id in message


def test_legacy_task_parameters(client: Any) -> None:
    window_id = window(client)
    target_id = target(client, window_id)
    task_id = run_command_task(client, window_id, target_id, TaskInvocationParameters={},
                               TaskParameters={"commands": {"Values": ["df -h"]}})  # fmt: skip
    got = client.get_maintenance_window_task(WindowId=window_id, WindowTaskId=task_id)
    assert got["TaskParameters"] == {"commands": {"Values": ["df -h"]}}


@pytest.mark.parametrize(
    "overrides",
    [
        {"Targets": []},
        {"MaxConcurrency": None},
        {"Targets": [{"Key": "tag:env", "Values": ["prod"]}]},
        {"Targets": [{"Key": "InstanceIds", "Values": ["i-0123456789abcdef0"]}]},
        {"TaskInvocationParameters": {"Lambda": {"Qualifier": "1"}}},
    ],
)
def test_invalid_tasks(client: Any, overrides: dict[str, Any]) -> None:
    window_id = window(client)
    target_id = target(client, window_id)
    request = {
        "WindowId": window_id, "TaskType": "RUN_COMMAND", "TaskArn": "AWS-RunShellScript",
        "Targets": [{"Key": "WindowTargetIds", "Values": [target_id]}], "MaxConcurrency": "2", "MaxErrors": "1",
        **overrides,
    }  # fmt: skip
    request = {k: v for k, v in request.items() if v is not None}
    code, _ = service_error(client.register_task_with_maintenance_window, **request)
    assert code == "ValidationException"


def test_task_targets_must_be_registered_and_at_most_ten(client: Any) -> None:
    window_id = window(client)
    code, _ = service_error(client.register_task_with_maintenance_window, WindowId=window_id, TaskType="RUN_COMMAND",
                            TaskArn="AWS-RunShellScript", MaxConcurrency="1", MaxErrors="0",
                            Targets=[{"Key": "WindowTargetIds",
                                      "Values": ["0c5b8c56-4f5e-4a47-9d7c-0e5a3f5a7a3b"]}])  # fmt: skip
    assert code == "DoesNotExistException"
    ids = [target(client, window_id, Targets=[{"Key": "tag:n", "Values": [str(i)]}]) for i in range(11)]
    code, message = service_error(client.register_task_with_maintenance_window, WindowId=window_id,
                                  TaskType="RUN_COMMAND", TaskArn="AWS-RunShellScript", MaxConcurrency="1",
                                  MaxErrors="0", Targets=[{"Key": "WindowTargetIds", "Values": ids}])  # fmt: skip
    assert (code, message) == ("ValidationException", "The maximum number of window targets is 10")


def test_unassociated_targets_need_the_window_setting(client: Any) -> None:
    window_id = window(client, AllowUnassociatedTargets=True)
    task_id = run_command_task(
        client, window_id, "", Targets=[{"Key": "InstanceIds", "Values": ["i-0123456789abcdef0"]}]
    )
    assert (
        client.get_maintenance_window_task(WindowId=window_id, WindowTaskId=task_id)["Targets"][0]["Key"]
        == "InstanceIds"
    )


def test_targetless_task_takes_no_rate_limits(client: Any) -> None:
    window_id = window(client)
    code, _ = service_error(client.register_task_with_maintenance_window, WindowId=window_id, TaskType="LAMBDA",
                            TaskArn="arn:aws:lambda:us-east-1:123456789012:function:f", MaxConcurrency="2",
                            MaxErrors="1")  # fmt: skip
    assert code == "ValidationException"


def test_task_client_token_and_limit(client: Any) -> None:
    window_id = window(client)
    target_id = target(client, window_id)
    first = run_command_task(client, window_id, target_id, ClientToken="c")
    assert run_command_task(client, window_id, target_id, ClientToken="c") == first
    code, _ = service_error(client.register_task_with_maintenance_window, WindowId=window_id, TaskType="LAMBDA",
                            TaskArn="arn:aws:lambda:us-east-1:123456789012:function:f", ClientToken="c")  # fmt: skip
    assert code == "IdempotentParameterMismatch"
    for _ in range(19):
        run_command_task(client, window_id, target_id)
    code, _ = service_error(client.register_task_with_maintenance_window, WindowId=window_id, TaskType="LAMBDA",
                            TaskArn="arn:aws:lambda:us-east-1:123456789012:function:f")  # fmt: skip
    assert code == "ResourceLimitExceededException"
    pages = client.get_paginator("describe_maintenance_window_tasks").paginate(WindowId=window_id)
    assert sum(len(p["Tasks"]) for p in pages) == 20


def test_lambda_tasks_need_lambda_in_the_region(ssm_fake: Any) -> None:
    client = boto3.client("ssm", region_name="xx-nowhere-1", endpoint_url="https://ssm.xx-nowhere-1.amazonaws.com")
    window_id = window(client)
    code, _ = service_error(client.register_task_with_maintenance_window, WindowId=window_id, TaskType="LAMBDA",
                            TaskArn="arn:aws:lambda:xx-nowhere-1:123456789012:function:f")  # fmt: skip
    assert code == "FeatureNotAvailableException"


# --- which windows run, and when ------------------------------------------------------------------


def test_schedule_of_one_window_pages_and_filters(client: Any) -> None:
    window_id = window(client, Schedule="rate(6 hours)")
    first = client.describe_maintenance_window_schedule(WindowId=window_id, MaxResults=3)
    times = [e["ExecutionTime"] for e in first["ScheduledWindowExecutions"]]
    assert times == ["2026-03-02T15:30Z", "2026-03-02T21:30Z", "2026-03-03T03:30Z"]
    second = client.describe_maintenance_window_schedule(WindowId=window_id, MaxResults=2, NextToken=first["NextToken"])
    assert [e["ExecutionTime"] for e in second["ScheduledWindowExecutions"]] == [
        "2026-03-03T09:30Z",
        "2026-03-03T15:30Z",
    ]
    bounded = client.describe_maintenance_window_schedule(
        WindowId=window_id, Filters=[{"Key": "ScheduledBefore", "Values": ["2026-03-03T04:00:00Z"]},
                                     {"Key": "ScheduledAfter", "Values": ["2026-03-02T20:00:00Z"]}])  # fmt: skip
    assert [e["ExecutionTime"] for e in bounded["ScheduledWindowExecutions"]] == [
        "2026-03-02T21:30Z",
        "2026-03-03T03:30Z",
    ]
    assert "NextToken" not in bounded
    code, _ = service_error(client.describe_maintenance_window_schedule, WindowId="mw-0123456789abcdef0")
    assert code == "DoesNotExistException"
    code, _ = service_error(client.describe_maintenance_window_schedule)
    assert code == "ValidationException"


def test_windows_for_target_and_their_schedule(ssm_fake: Any, client: Any) -> None:
    node = ssm_fake.add_instance(tags={"env": "prod"})
    by_tag = window(client, Name="by-tag", Schedule="rate(1 day)")
    target(client, by_tag)
    by_id = window(client, Name="by-id", Schedule="rate(12 hours)")
    target(client, by_id, Targets=[{"Key": "InstanceIds", "Values": [node]}])
    target(client, window(client, Name="other"), Targets=[{"Key": "tag:env", "Values": ["dev"]}])
    found = client.describe_maintenance_windows_for_target(Targets=[{"Key": "InstanceIds", "Values": [node]}],
                                                           ResourceType="INSTANCE")  # fmt: skip
    assert found["WindowIdentities"] == [{"WindowId": by_tag, "Name": "by-tag"}, {"WindowId": by_id, "Name": "by-id"}]
    tagged = client.describe_maintenance_windows_for_target(Targets=[{"Key": "tag:env", "Values": ["prod"]}],
                                                            ResourceType="INSTANCE")  # fmt: skip
    assert [w["WindowId"] for w in tagged["WindowIdentities"]] == [by_tag]
    schedule = client.describe_maintenance_window_schedule(
        Targets=[{"Key": "InstanceIds", "Values": [node]}], ResourceType="INSTANCE", MaxResults=3
    )
    assert [(e["WindowId"], e["ExecutionTime"]) for e in schedule["ScheduledWindowExecutions"]] == [
        (by_id, "2026-03-02T21:30Z"),
        (by_tag, "2026-03-03T09:30Z"),
        (by_id, "2026-03-03T09:30Z"),
    ]
