"""Maintenance-window executions on the clock, through boto3: runs, priorities, cutoff,
duration, cancel, disabled windows, time zones across DST, Run Command and outcome rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from automation_samples import put, runbook, sleep
from hypothesis import given, settings
from hypothesis import strategies as st

from ssm_fake import mock_ssm
from tests.service_errors import service_error

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:maintain"
HOUR = 3600


@pytest.fixture
def client(ssm_fake: Any, ssm_client: Any) -> Any:
    ssm_fake.clock.freeze(NOW)
    return ssm_client


def hourly_window(client: Any, **overrides: Any) -> str:
    request = {"Name": "hourly", "Schedule": "rate(1 hour)", "Duration": 2, "Cutoff": 1,
               "AllowUnassociatedTargets": True, **overrides}  # fmt: skip
    return str(client.create_maintenance_window(**request)["WindowId"])


def prod_target(client: Any, window_id: str) -> str:
    return str(client.register_target_with_maintenance_window(
        WindowId=window_id, ResourceType="INSTANCE", Targets=[{"Key": "tag:env", "Values": ["prod"]}],
        OwnerInformation="ops")["WindowTargetId"])  # fmt: skip


def lambda_task(client: Any, window_id: str, priority: int = 1, **overrides: Any) -> str:
    return str(
        client.register_task_with_maintenance_window(
            WindowId=window_id, TaskType="LAMBDA", TaskArn=LAMBDA, Priority=priority, **overrides
        )["WindowTaskId"]
    )


def command_task(client: Any, window_id: str, target_id: str, commands: list[str], **overrides: Any) -> str:
    return str(
        client.register_task_with_maintenance_window(
            WindowId=window_id,
            TaskType="RUN_COMMAND",
            TaskArn="AWS-RunShellScript",
            MaxConcurrency="10",
            MaxErrors="0",
            Targets=[{"Key": "WindowTargetIds", "Values": [target_id]}],
            TaskInvocationParameters={"RunCommand": {"Parameters": {"commands": commands}}},
            **overrides,
        )["WindowTaskId"]
    )


def executions(client: Any, window_id: str) -> list[dict[str, Any]]:
    pages = client.get_paginator("describe_maintenance_window_executions").paginate(WindowId=window_id)
    return [e for page in pages for e in page["WindowExecutions"]]


def tasks_of(client: Any, execution_id: str) -> list[dict[str, Any]]:
    return client.describe_maintenance_window_execution_tasks(WindowExecutionId=execution_id)[
        "WindowExecutionTaskIdentities"
    ]


def invocations_of(client: Any, execution_id: str, task_id: str) -> list[dict[str, Any]]:
    pages = client.get_paginator("describe_maintenance_window_execution_task_invocations").paginate(
        WindowExecutionId=execution_id, TaskId=task_id
    )
    return [i for page in pages for i in page["WindowExecutionTaskInvocationIdentities"]]


def test_run_command_task_sends_real_commands(ssm_fake: Any, client: Any) -> None:
    nodes = [ssm_fake.add_instance(tags={"env": "prod"}) for _ in range(3)]
    ssm_fake.add_instance(tags={"env": "dev"})
    window_id = hourly_window(client)
    target_id = prod_target(client, window_id)
    command_task(client, window_id, target_id, ["echo {{WINDOW_EXECUTION_ID}}"])
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    assert execution["Status"] == "SUCCESS" and execution["StartTime"] == NOW + timedelta(hours=1)
    [task] = tasks_of(client, execution["WindowExecutionId"])
    assert (task["Status"], task["TaskType"], task["TaskArn"]) == ("SUCCESS", "RUN_COMMAND", "AWS-RunShellScript")
    invocations = invocations_of(client, execution["WindowExecutionId"], task["TaskExecutionId"])
    assert [i["Status"] for i in invocations] == ["SUCCESS"] * 3
    assert {i["OwnerInformation"] for i in invocations} == {"ops"}
    assert {i["WindowTargetId"] for i in invocations} == {target_id}
    [command] = client.list_commands()["Commands"]
    assert sorted(command["InstanceIds"]) == sorted(nodes) and command["Status"] == "Success"
    assert {i["ExecutionId"] for i in invocations} == {command["CommandId"]}
    assert command["Parameters"]["commands"] == [f"echo {execution['WindowExecutionId']}"]


def test_failed_commands_fail_the_task_and_the_execution(ssm_fake: Any, client: Any) -> None:
    ssm_fake.add_instance(tags={"env": "prod"})  # first: Run Command starts one node, then ramps up
    bad = ssm_fake.add_instance(tags={"env": "prod"})
    ssm_fake.set_command_outcome(instance_id=bad, status="Failed", response_code=1, duration=60)
    window_id = hourly_window(client)
    command_task(client, window_id, prod_target(client, window_id), ["patch"])
    ssm_fake.clock.advance(HOUR)
    [running] = executions(client, window_id)
    assert running["Status"] == "IN_PROGRESS"
    [task] = tasks_of(client, running["WindowExecutionId"])
    statuses = [i["Status"] for i in invocations_of(client, running["WindowExecutionId"], task["TaskExecutionId"])]
    assert sorted(statuses) == ["IN_PROGRESS", "SUCCESS"]
    ssm_fake.clock.advance(60)
    execution = client.get_maintenance_window_execution(WindowExecutionId=running["WindowExecutionId"])
    assert execution["Status"] == "FAILED"
    assert execution["StatusDetails"] == "One or more tasks in the orchestration failed."
    assert execution["EndTime"] == NOW + timedelta(hours=1, seconds=60)
    got = client.get_maintenance_window_execution_task(
        WindowExecutionId=running["WindowExecutionId"], TaskId=task["TaskExecutionId"]
    )
    assert got["Status"] == "FAILED" and got["TaskParameters"] == [{"commands": {"Values": ["patch"]}}]
    failed = client.describe_maintenance_window_execution_task_invocations(
        WindowExecutionId=running["WindowExecutionId"],
        TaskId=task["TaskExecutionId"],
        Filters=[{"Key": "STATUS", "Values": ["FAILED"]}],
    )["WindowExecutionTaskInvocationIdentities"]
    assert len(failed) == 1 and '"instanceIds":["' + bad + '"]' in failed[0]["Parameters"]
    one = client.get_maintenance_window_execution_task_invocation(
        WindowExecutionId=running["WindowExecutionId"],
        TaskId=task["TaskExecutionId"],
        InvocationId=failed[0]["InvocationId"],
    )
    assert one["Status"] == "FAILED"


def test_per_target_pseudo_parameters_send_one_command_per_node(ssm_fake: Any, client: Any) -> None:
    nodes = sorted(ssm_fake.add_instance(tags={"env": "prod"}) for _ in range(2))
    window_id = hourly_window(client)
    command_task(client, window_id, prod_target(client, window_id), ["echo {{TARGET_ID}} {{WINDOW_ID}}"])
    ssm_fake.clock.advance(HOUR)
    commands = client.list_commands()["Commands"]
    assert sorted(c["Parameters"]["commands"][0] for c in commands) == [f"echo {n} {window_id}" for n in nodes]
    [execution] = executions(client, window_id)
    assert execution["Status"] == "SUCCESS"


def test_priorities_run_in_order_and_equal_ones_together(ssm_fake: Any, client: Any) -> None:
    ssm_fake.set_task_outcome(task_type="LAMBDA", duration=600)
    window_id = hourly_window(client)
    first_a, first_b = lambda_task(client, window_id, 1), lambda_task(client, window_id, 1)
    later = lambda_task(client, window_id, 5)
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    execution_id = execution["WindowExecutionId"]
    assert [t["Status"] for t in tasks_of(client, execution_id)] == ["IN_PROGRESS", "IN_PROGRESS"]
    ssm_fake.clock.advance(600)
    tasks = tasks_of(client, execution_id)
    assert [t["Status"] for t in tasks] == ["SUCCESS", "SUCCESS", "IN_PROGRESS"]
    assert tasks[2]["StartTime"] == NOW + timedelta(hours=1, seconds=600)
    ssm_fake.clock.advance(600)
    assert client.get_maintenance_window_execution(WindowExecutionId=execution_id)["Status"] == "SUCCESS"
    arns = {t["TaskArn"] for t in tasks_of(client, execution_id)}
    assert arns == {LAMBDA} and {first_a, first_b, later}


def test_cutoff_stops_new_tasks_and_cancels_cancel_task_commands(ssm_fake: Any, client: Any) -> None:
    ssm_fake.add_instance(tags={"env": "prod"})
    ssm_fake.set_command_outcome(duration=2 * HOUR)
    window_id = hourly_window(client, Schedule="cron(0 12 * * ? *)", Duration=3, Cutoff=1)
    target_id = prod_target(client, window_id)
    client.register_task_with_maintenance_window(
        WindowId=window_id,
        TaskType="RUN_COMMAND",
        TaskArn="AWS-RunShellScript",
        MaxConcurrency="10",
        MaxErrors="0",
        Targets=[{"Key": "WindowTargetIds", "Values": [target_id]}],
        CutoffBehavior="CANCEL_TASK",
        TaskInvocationParameters={"RunCommand": {"Parameters": {"commands": ["long"], "executionTimeout": ["14400"]}}},
    )
    lambda_task(client, window_id, priority=9)
    ssm_fake.clock.advance(3 * HOUR)  # 12:00, the window opens
    [execution] = executions(client, window_id)
    ssm_fake.clock.advance(2 * HOUR)  # 14:00, the cutoff
    done = client.get_maintenance_window_execution(WindowExecutionId=execution["WindowExecutionId"])
    assert done["Status"] == "TIMED_OUT" and len(done["TaskIds"]) == 1
    [task] = tasks_of(client, execution["WindowExecutionId"])
    assert task["Status"] == "TIMED_OUT"
    assert client.list_commands()["Commands"][0]["Status"] == "Cancelled"


def test_continue_task_runs_past_the_cutoff_until_the_window_ends(ssm_fake: Any, client: Any) -> None:
    ssm_fake.set_task_outcome(task_type="LAMBDA", duration=3 * HOUR)
    window_id = hourly_window(client, Schedule="cron(0 12 * * ? *)", Duration=2, Cutoff=1)
    lambda_task(client, window_id)
    ssm_fake.clock.advance(3 * HOUR + 90 * 60)  # past the cutoff
    [execution] = executions(client, window_id)
    assert execution["Status"] == "IN_PROGRESS"
    ssm_fake.clock.advance(30 * 60)  # the end of the window's duration
    [execution] = executions(client, window_id)
    assert execution["Status"] == "TIMED_OUT" and execution["EndTime"] == datetime(
        2026, 3, 2, 14, 0, tzinfo=timezone.utc
    )
    [task] = tasks_of(client, execution["WindowExecutionId"])
    assert task["Status"] == "TIMED_OUT"


def test_cancel_an_execution(ssm_fake: Any, client: Any) -> None:
    ssm_fake.add_instance(tags={"env": "prod"})
    ssm_fake.set_command_outcome(duration=600)
    window_id = hourly_window(client)
    command_task(client, window_id, prod_target(client, window_id), ["sleep"])
    ssm_fake.clock.advance(HOUR + 10)
    [execution] = executions(client, window_id)
    execution_id = execution["WindowExecutionId"]
    assert (
        client.cancel_maintenance_window_execution(WindowExecutionId=execution_id)["WindowExecutionId"] == execution_id
    )
    assert client.get_maintenance_window_execution(WindowExecutionId=execution_id)["Status"] == "CANCELLED"
    assert [t["Status"] for t in tasks_of(client, execution_id)] == ["CANCELLED"]
    assert client.list_commands()["Commands"][0]["Status"] == "Cancelled"
    code, message = service_error(client.cancel_maintenance_window_execution,
                                  WindowExecutionId="0c5b8c56-4f5e-4a47-9d7c-0e5a3f5a7a3b")  # fmt: skip
    assert code == "DoesNotExistException" and "0c5b8c56" in message


def test_disabled_window_never_runs_and_enabling_resumes(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client)
    lambda_task(client, window_id)
    client.update_maintenance_window(WindowId=window_id, Enabled=False)
    ssm_fake.clock.advance(5 * HOUR)
    assert executions(client, window_id) == []
    client.update_maintenance_window(WindowId=window_id, Enabled=True)
    ssm_fake.clock.advance(2 * HOUR)
    assert len(executions(client, window_id)) == 2


def test_overlapping_run_is_skipped(ssm_fake: Any, client: Any) -> None:
    ssm_fake.set_task_outcome(task_type="LAMBDA", duration=90 * 60)
    window_id = hourly_window(client, Duration=3, Cutoff=0)
    lambda_task(client, window_id)
    ssm_fake.clock.advance(2 * HOUR)
    newest, oldest = executions(client, window_id)
    assert oldest["Status"] == "IN_PROGRESS" and newest["Status"] == "SKIPPED_OVERLAPPING"


def test_time_zone_runs_follow_local_time_across_dst(ssm_fake: Any, client: Any) -> None:
    ssm_fake.clock.freeze(datetime(2026, 10, 30, 12, 0, tzinfo=timezone.utc))
    window_id = hourly_window(client, Schedule="cron(30 3 ? * * *)", ScheduleTimezone="America/New_York")
    ssm_fake.clock.advance(4 * 24 * HOUR)
    starts = [e["StartTime"].astimezone(timezone.utc).strftime("%m-%d %H:%M") for e in executions(client, window_id)]
    # 03:30 in New York: EDT (-4) until 1 November 2026, EST (-5) after.
    assert starts == ["11-03 08:30", "11-02 08:30", "11-01 08:30", "10-31 07:30"]


def test_active_period_bounds_the_runs(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client, StartDate="2026-03-02T12:00:00Z", EndDate="2026-03-02T14:30:00Z")
    ssm_fake.clock.advance(24 * HOUR)
    starts = sorted(e["StartTime"].astimezone(timezone.utc).hour for e in executions(client, window_id))
    assert starts == [12, 13, 14]
    assert "NextExecutionTime" not in client.get_maintenance_window(WindowId=window_id)
    assert client.update_maintenance_window(WindowId=window_id, Name="renamed")["Name"] == "renamed"
    code, _ = service_error(client.update_maintenance_window, WindowId=window_id, EndDate="2026-03-02T20:00:00Z")
    assert code == "ValidationException"


def test_lambda_and_step_functions_outcomes(ssm_fake: Any, client: Any) -> None:
    nodes = [ssm_fake.add_instance(tags={"env": "prod"}) for _ in range(4)]
    window_id = hourly_window(client)
    target_id = prod_target(client, window_id)
    ssm_fake.set_task_outcome(task_type="LAMBDA", window_id=window_id, status="FAILED", status_details="boom")
    ssm_fake.set_task_outcome(task_type="STEP_FUNCTIONS", output={"ok": True})
    lambda_task(
        client,
        window_id,
        Targets=[{"Key": "WindowTargetIds", "Values": [target_id]}],
        MaxConcurrency="1",
        MaxErrors="1",
        TaskInvocationParameters={"Lambda": {"Payload": b'{"node": "{{TARGET_ID}}"}'}},
    )
    client.register_task_with_maintenance_window(
        WindowId=window_id,
        TaskType="STEP_FUNCTIONS",
        TaskArn="arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        Priority=2,
        TaskInvocationParameters={"StepFunctions": {"Name": "{{WINDOW_EXECUTION_ID}}", "Input": "{}"}},
    )
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    execution_id = execution["WindowExecutionId"]
    lambda_run, machine_run = tasks_of(client, execution_id)
    assert lambda_run["Status"] == "FAILED" and "more than MaxErrors" in lambda_run["StatusDetails"]
    failed = invocations_of(client, execution_id, lambda_run["TaskExecutionId"])
    assert [i["Status"] for i in failed] == ["FAILED", "FAILED"]  # 2 errors > MaxErrors 1: the rest never start
    assert failed[0]["StatusDetails"] == "boom" and nodes[0] in failed[0]["Parameters"]
    [machine] = invocations_of(client, execution_id, machine_run["TaskExecutionId"])
    assert machine["Status"] == "SUCCESS" and machine["StatusDetails"] == '{"ok":true}'
    assert machine["ExecutionId"] == f"arn:aws:states:us-east-1:123456789012:execution:sm:{execution_id}"
    assert execution["Status"] == "FAILED"


def test_automation_tasks_start_automation_executions(ssm_fake: Any, client: Any) -> None:
    nodes = [ssm_fake.add_instance(tags={"Role": "web"}) for _ in range(2)]
    window_id = hourly_window(client)
    target = client.register_target_with_maintenance_window(
        WindowId=window_id, ResourceType="INSTANCE", Targets=[{"Key": "tag:Role", "Values": ["web"]}]
    )["WindowTargetId"]
    content = runbook(sleep("Nap", "PT2M"), put("Mark", "/marks/{{ Node }}", "{{ Window }}"),
                      parameters={"Node": {"type": "String"}, "Window": {"type": "String"}})  # fmt: skip
    client.create_document(Name="Mark", DocumentType="Automation", Content=content, DocumentFormat="JSON")
    client.register_task_with_maintenance_window(
        WindowId=window_id, TaskType="AUTOMATION", TaskArn="Mark", MaxConcurrency="2", MaxErrors="0",
        Targets=[{"Key": "WindowTargetIds", "Values": [target]}],
        TaskInvocationParameters={"Automation": {"Parameters": {"Node": ["{{RESOURCE_ID}}"],
                                                                "Window": ["{{WINDOW_ID}}"]}}},
    )  # fmt: skip
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    [task] = tasks_of(client, execution["WindowExecutionId"])
    ids = (execution["WindowExecutionId"], task["TaskExecutionId"])
    # Rate control's ramp-up: one invocation first, the next once it completed.
    assert [i["Status"] for i in invocations_of(client, *ids)] == ["IN_PROGRESS"]
    ssm_fake.clock.advance(120)
    assert [i["Status"] for i in invocations_of(client, *ids)] == ["SUCCESS", "IN_PROGRESS"]
    ssm_fake.clock.advance(120)
    done = invocations_of(client, *ids)
    assert [i["Status"] for i in done] == ["SUCCESS", "SUCCESS"]
    started = [client.get_automation_execution(AutomationExecutionId=i["ExecutionId"]) for i in done]
    started = [a["AutomationExecution"] for a in started]
    assert [(a["DocumentName"], a["AutomationExecutionStatus"]) for a in started] == [("Mark", "Success")] * 2
    marks = client.get_parameters_by_path(Path="/marks")["Parameters"]
    assert sorted((m["Name"], m["Value"]) for m in marks) == sorted((f"/marks/{n}", window_id) for n in nodes)


def test_an_automation_task_ends_as_its_execution_does(ssm_fake: Any, client: Any) -> None:
    # AWS-RestartEC2Instance needs EC2 (aws:changeInstanceState), which the fake does not run.
    window_id = hourly_window(client)
    client.register_task_with_maintenance_window(
        WindowId=window_id, TaskType="AUTOMATION", TaskArn="AWS-RestartEC2Instance",
        TaskInvocationParameters={"Automation": {"Parameters": {"InstanceId": ["i-0123456789abcdef0"]}}},
    )  # fmt: skip
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    [task] = tasks_of(client, execution["WindowExecutionId"])
    [invocation] = invocations_of(client, execution["WindowExecutionId"], task["TaskExecutionId"])
    automation = client.get_automation_execution(AutomationExecutionId=invocation["ExecutionId"])
    assert automation["AutomationExecution"]["AutomationExecutionStatus"] == "Failed"
    assert invocation["Status"] == "FAILED" and invocation["StatusDetails"]


def test_an_automation_task_the_service_would_refuse_fails_with_its_error(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client)
    client.register_task_with_maintenance_window(WindowId=window_id, TaskType="AUTOMATION", TaskArn="NoSuchRunbook")
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    [task] = tasks_of(client, execution["WindowExecutionId"])
    [invocation] = invocations_of(client, execution["WindowExecutionId"], task["TaskExecutionId"])
    assert invocation["Status"] == "FAILED"
    assert invocation["StatusDetails"].startswith("AutomationDefinitionNotFoundException")


def test_resource_group_targets_fail_loudly(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client)
    group = client.register_target_with_maintenance_window(
        WindowId=window_id, ResourceType="RESOURCE_GROUP", Targets=[{"Key": "resource-groups:Name", "Values": ["g"]}]
    )
    command_task(client, window_id, group["WindowTargetId"], ["x"])
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    [task] = tasks_of(client, execution["WindowExecutionId"])
    assert task["Status"] == "FAILED" and "Resource Groups" in task["StatusDetails"]


def test_unassociated_instance_targets_run(ssm_fake: Any, client: Any) -> None:
    node = ssm_fake.add_instance()
    window_id = hourly_window(client)
    client.register_task_with_maintenance_window(
        WindowId=window_id,
        TaskType="RUN_COMMAND",
        TaskArn="AWS-RunShellScript",
        MaxConcurrency="1",
        MaxErrors="0",
        Targets=[{"Key": "InstanceIds", "Values": [node]}],
        TaskInvocationParameters={"RunCommand": {"Parameters": {"commands": ["id"]}}},
    )
    ssm_fake.clock.advance(HOUR)
    assert client.list_commands()["Commands"][0]["InstanceIds"] == [node]


def test_execution_listing_filters_and_pages_newest_first(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client)
    ssm_fake.clock.advance(25 * HOUR)
    listed = executions(client, window_id)
    starts = [e["StartTime"] for e in listed]
    assert len(listed) == 25 and starts == sorted(starts, reverse=True)
    after = client.describe_maintenance_window_executions(
        WindowId=window_id, Filters=[{"Key": "ExecutedAfter", "Values": ["2026-03-03T08:00:00Z"]}]
    )
    assert [e["StartTime"].astimezone(timezone.utc).hour for e in after["WindowExecutions"]] == [10, 9, 8]
    before = client.describe_maintenance_window_executions(
        WindowId=window_id, Filters=[{"Key": "ExecutedBefore", "Values": ["2026-03-02T11:00:00Z"]}]
    )
    assert [e["StartTime"].astimezone(timezone.utc).hour for e in before["WindowExecutions"]] == [11, 10]
    code, _ = service_error(client.describe_maintenance_window_executions, WindowId=window_id,
                            Filters=[{"Key": "ExecutedAfter", "Values": ["soon"]}])  # fmt: skip
    assert code == "ValidationException"
    missing = "0c5b8c56-4f5e-4a47-9d7c-0e5a3f5a7a3b"
    for call in (client.get_maintenance_window_execution, client.describe_maintenance_window_execution_tasks):
        assert service_error(call, WindowExecutionId=missing)[0] == "DoesNotExistException"
    code, _ = service_error(client.get_maintenance_window_execution_task,
                            WindowExecutionId=listed[0]["WindowExecutionId"],
                            TaskId=missing)  # fmt: skip
    assert code == "DoesNotExistException"


def test_set_task_outcome_checks_its_arguments(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="task_type"):
        ssm_fake.set_task_outcome(task_type="RUN_COMMAND")
    with pytest.raises(ValueError, match="status"):
        ssm_fake.set_task_outcome(task_type="LAMBDA", status="Success")
    with pytest.raises(ValueError, match="window_id"):
        ssm_fake.set_task_outcome(task_type="LAMBDA", window_id="window-1")
    with pytest.raises(ValueError, match="duration"):
        ssm_fake.set_task_outcome(task_type="LAMBDA", duration=-1)
    with pytest.raises(TypeError, match="status_details"):
        ssm_fake.set_task_outcome(task_type="LAMBDA", status_details=3)
    with pytest.raises(TypeError, match="output"):
        ssm_fake.set_task_outcome(task_type="LAMBDA", output=object())


def test_reset_forgets_windows_and_their_timers(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client)
    ssm_fake.set_task_outcome(task_type="LAMBDA", status="FAILED")
    ssm_fake.reset()
    ssm_fake.clock.advance(3 * HOUR)
    assert client.describe_maintenance_windows()["WindowIdentities"] == []
    assert client.describe_maintenance_window_executions(WindowId=window_id)["WindowExecutions"] == []


def test_deleted_window_stops_running(ssm_fake: Any, client: Any) -> None:
    window_id = hourly_window(client)
    ssm_fake.clock.advance(HOUR)
    client.delete_maintenance_window(WindowId=window_id)
    ssm_fake.clock.advance(3 * HOUR)
    assert client.describe_maintenance_window_executions(WindowId=window_id)["WindowExecutions"] == []


SCHEDULES = st.one_of(
    st.integers(min_value=2, max_value=300).map(lambda n: f"rate({n} minutes)"),
    st.tuples(st.integers(0, 59), st.integers(0, 23)).map(lambda mh: f"cron({mh[0]} {mh[1]} ? * * *)"),
    st.tuples(st.integers(0, 59), st.integers(0, 23), st.sampled_from(["MON", "WED", "SAT"])).map(
        lambda mhd: f"cron({mhd[0]} {mhd[1]} ? * {mhd[2]} *)"
    ),
)


@settings(max_examples=30, deadline=None)
@given(
    schedule=SCHEDULES,
    zone=st.sampled_from([None, "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"]),
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0, tzinfo=timezone.utc)
    ),
)
def test_a_window_runs_when_next_execution_time_says(schedule: str, zone: str | None, start: datetime) -> None:
    with mock_ssm() as ssm:
        ssm.clock.freeze(start)
        client = boto3.client("ssm", region_name="us-east-1")
        extra = {"ScheduleTimezone": zone} if zone else {}
        window_id = hourly_window(client, Schedule=schedule, Duration=1, Cutoff=0, **extra)
        announced = datetime.fromisoformat(
            client.get_maintenance_window(WindowId=window_id)["NextExecutionTime"].replace("Z", "+00:00")
        )
        ssm.clock.advance(announced - start - timedelta(seconds=1))
        assert executions(client, window_id) == []
        ssm.clock.advance(1)
        [execution] = executions(client, window_id)
        assert execution["StartTime"] == announced


def test_logging_info_service_role_and_alarms_reach_the_run(ssm_fake: Any, client: Any) -> None:
    ssm_fake.add_instance(tags={"env": "prod"})
    window_id = hourly_window(client)
    command_task(
        client,
        window_id,
        prod_target(client, window_id),
        ["id"],
        LoggingInfo={"S3BucketName": "mw-logs", "S3KeyPrefix": "runs", "S3Region": "eu-west-1"},
        ServiceRoleArn="arn:aws:iam::123456789012:role/mw-role",
        AlarmConfiguration={"Alarms": [{"Name": "cpu-high"}]},
    )
    ssm_fake.clock.advance(HOUR)
    [command] = client.list_commands()["Commands"]
    assert (command["OutputS3BucketName"], command["OutputS3KeyPrefix"], command["OutputS3Region"]) == (
        "mw-logs",
        "runs",
        "eu-west-1",
    )
    [execution] = executions(client, window_id)
    [task] = tasks_of(client, execution["WindowExecutionId"])
    assert task["AlarmConfiguration"] == {"Alarms": [{"Name": "cpu-high"}]}
    got = client.get_maintenance_window_execution_task(
        WindowExecutionId=execution["WindowExecutionId"], TaskId=task["TaskExecutionId"]
    )
    assert got["ServiceRole"] == "arn:aws:iam::123456789012:role/mw-role" and got["MaxConcurrency"] == "10"


def test_task_and_invocation_listings_page_and_filter(ssm_fake: Any, client: Any) -> None:
    for _ in range(25):
        ssm_fake.add_instance(tags={"env": "prod"})
    ssm_fake.set_task_outcome(task_type="LAMBDA", duration=60)
    window_id = hourly_window(client)
    target_id = prod_target(client, window_id)
    command_task(client, window_id, target_id, ["id"])
    for _ in range(11):
        lambda_task(client, window_id, priority=2)
    ssm_fake.clock.advance(HOUR)
    [execution] = executions(client, window_id)
    execution_id = execution["WindowExecutionId"]
    pages = client.get_paginator("describe_maintenance_window_execution_tasks").paginate(
        WindowExecutionId=execution_id, PaginationConfig={"PageSize": 10}
    )
    listed = [t for page in pages for t in page["WindowExecutionTaskIdentities"]]
    assert [t["TaskType"] for t in listed] == ["RUN_COMMAND"] + ["LAMBDA"] * 11
    running = client.describe_maintenance_window_execution_tasks(
        WindowExecutionId=execution_id, Filters=[{"Key": "STATUS", "Values": ["IN_PROGRESS"]}]
    )["WindowExecutionTaskIdentities"]
    assert len(running) == 10 and {t["TaskType"] for t in running} == {"LAMBDA"}
    command_run = listed[0]["TaskExecutionId"]
    invocations = invocations_of(client, execution_id, command_run)
    assert len(invocations) == 25 and len({i["InvocationId"] for i in invocations}) == 25
    code, _ = service_error(
        client.get_maintenance_window_execution_task_invocation,
        WindowExecutionId=execution_id,
        TaskId=command_run,
        InvocationId="0c5b8c56-4f5e-4a47-9d7c-0e5a3f5a7a3b",
    )
    assert code == "DoesNotExistException"
    code, _ = service_error(
        client.describe_maintenance_window_execution_task_invocations,
        WindowExecutionId=execution_id,
        TaskId="0c5b8c56-4f5e-4a47-9d7c-0e5a3f5a7a3b",
    )
    assert code == "DoesNotExistException"
    code, _ = service_error(
        client.describe_maintenance_window_execution_tasks,
        WindowExecutionId=execution_id,
        Filters=[{"Key": "TaskType", "Values": ["LAMBDA"]}],
    )
    assert code == "ValidationException"
