"""Associations running on the fake's clock, seen through boto3: when runs happen (create,
update, schedule, StartAssociationsOnce), how each target ends (Run Command's outcome rules
and handlers), rate control, durations, nodes that come and go, and how executions,
overviews, per-node status and DescribeInstanceInformation agree."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from association_samples import ECHO, SHELL, START, WEB, create_association
from automation_samples import put, runbook, sleep
from service_errors import service_error

from ssm_fake.backend.commands.outcomes import CommandRun


@pytest.fixture(autouse=True)
def _frozen(ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)


def _create(client: Any, **kwargs: Any) -> str:
    return str(create_association(client, **kwargs)["AssociationId"])


def _executions(client: Any, association_id: str, **kwargs: Any) -> list[dict[str, Any]]:
    return list(client.describe_association_executions(AssociationId=association_id, **kwargs)["AssociationExecutions"])


def _targets(client: Any, association_id: str, execution_id: str, **kwargs: Any) -> dict[str, tuple[str, str]]:
    listed = client.describe_association_execution_targets(
        AssociationId=association_id, ExecutionId=execution_id, **kwargs
    )["AssociationExecutionTargets"]
    return {t["ResourceId"]: (t["Status"], t["DetailedStatus"]) for t in listed}


def _describe(client: Any, association_id: str) -> dict[str, Any]:
    return dict(client.describe_association(AssociationId=association_id)["AssociationDescription"])


# --- when runs happen ------------------------------------------------------------------------


def test_an_association_applies_when_created_then_on_its_rate(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.clock.advance(0)
    (first,) = _executions(ssm_client, association_id)
    assert first["CreatedTime"] == START
    assert (first["Status"], first["DetailedStatus"], first["ResourceCountByStatus"]) == (
        "Success",
        "Success",
        "{Success=1}",
    )
    ssm_fake.clock.advance(timedelta(hours=2))
    created = [e["CreatedTime"] for e in _executions(ssm_client, association_id)]
    assert created == [START + timedelta(minutes=m) for m in (120, 90, 60, 30, 0)]
    described = _describe(ssm_client, association_id)
    assert described["LastExecutionDate"] == described["LastSuccessfulExecutionDate"] == START + timedelta(hours=2)
    assert described["Overview"] == {
        "Status": "Success",
        "DetailedStatus": "Success",
        "AssociationStatusAggregatedCount": {"Success": 1},
    }


def test_apply_only_at_cron_interval_waits_for_the_cron_time(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="cron(0 2 * * ? *)", ApplyOnlyAtCronInterval=True)
    ssm_fake.clock.advance(timedelta(hours=13))
    assert _executions(ssm_client, association_id) == []
    assert _describe(ssm_client, association_id)["Overview"]["DetailedStatus"] == "Creating"
    ssm_fake.clock.advance(timedelta(hours=1))
    (run,) = _executions(ssm_client, association_id)
    assert run["CreatedTime"] == datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def test_cron_schedules_are_in_utc_across_a_daylight_saving_change(ssm_fake: Any, ssm_client: Any) -> None:
    """The US moved clocks forward on 2026-03-08; association cron fields are UTC, so the
    run stays at 06:30 UTC (not at 06:30 New York time) on both sides of the change."""
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="cron(30 6 * * ? *)", ApplyOnlyAtCronInterval=True)
    ssm_fake.clock.advance(timedelta(days=10))
    created = sorted(e["CreatedTime"] for e in _executions(ssm_client, association_id))
    assert created == [datetime(2026, 3, day, 6, 30, tzinfo=timezone.utc) for day in range(2, 12)]


def test_a_schedule_offset_runs_days_after_the_cron_day(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(
        ssm_client, ScheduleExpression="cron(0 0 ? * THU#2 *)", ApplyOnlyAtCronInterval=True, ScheduleOffset=3
    )
    ssm_fake.clock.advance(timedelta(days=45))
    created = sorted(e["CreatedTime"] for e in _executions(ssm_client, association_id))
    # Second Thursdays: 2026-03-12 and 2026-04-09; three days later, Sundays.
    assert created == [datetime(2026, 3, 15, tzinfo=timezone.utc), datetime(2026, 4, 12, tzinfo=timezone.utc)]


def test_without_a_schedule_it_applies_once_and_again_when_asked(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client)
    ssm_fake.clock.advance(timedelta(days=3))
    assert len(_executions(ssm_client, association_id)) == 1
    ssm_client.start_associations_once(AssociationIds=[association_id])
    assert len(_executions(ssm_client, association_id)) == 2
    code, _ = service_error(ssm_client.start_associations_once, AssociationIds=["11111111-2222-3333-4444-555555555555"])
    assert code == "AssociationDoesNotExist"
    code, _ = service_error(ssm_client.start_associations_once, AssociationIds=[association_id, association_id])
    assert code == "InvalidAssociation"


def test_an_update_applies_at_once_with_the_new_version(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="rate(1 day)")
    ssm_fake.clock.advance(3600)
    ssm_client.update_association(AssociationId=association_id, Parameters=ECHO, ScheduleExpression="rate(12 hours)")
    newest, oldest = _executions(ssm_client, association_id)
    assert (newest["AssociationVersion"], oldest["AssociationVersion"]) == ("2", "1")
    assert newest["CreatedTime"] == START + timedelta(hours=1)
    ssm_fake.clock.advance(timedelta(hours=12))
    assert [e["AssociationVersion"] for e in _executions(ssm_client, association_id)] == ["2", "2", "1"]


def test_association_runs_do_not_show_as_commands(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.clock.advance(3600)
    assert ssm_client.list_commands()["Commands"] == []


def test_a_reset_mock_runs_none_of_its_old_timers(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.reset()
    ssm_fake.clock.advance(timedelta(days=1))
    assert ssm_client.list_associations()["Associations"] == []


# --- outcomes --------------------------------------------------------------------------------


def test_outcome_rules_decide_each_target_and_everything_agrees(ssm_fake: Any, ssm_client: Any) -> None:
    good = ssm_fake.add_instance(tags={"Role": "web"})
    bad = ssm_fake.add_instance(tags={"Role": "web"})
    ssm_fake.set_command_outcome(instance_id=bad, status="Failed", response_code=1)
    association_id = _create(ssm_client, AssociationName="web-config")
    (run,) = _executions(ssm_client, association_id)
    assert (run["Status"], run["DetailedStatus"]) == ("Failed", "Failed")
    assert run["ResourceCountByStatus"] in ("{Success=1, Failed=1}", "{Failed=1, Success=1}")
    assert _targets(ssm_client, association_id, run["ExecutionId"]) == {
        good: ("Success", "Success"),
        bad: ("Failed", "Failed"),
    }
    described = _describe(ssm_client, association_id)
    assert described["Overview"]["Status"] == "Failed"
    assert described["Overview"]["AssociationStatusAggregatedCount"] == {"Success": 1, "Failed": 1}
    assert described["LastExecutionDate"] == START
    assert "LastSuccessfulExecutionDate" not in described
    (info,) = ssm_client.describe_instance_associations_status(InstanceId=bad)["InstanceAssociationStatusInfos"]
    assert (info["Status"], info["AssociationName"], info["ExecutionDate"]) == ("Failed", "web-config", START)
    assert info["ExecutionSummary"] == "1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped"
    nodes = {n["InstanceId"]: n for n in ssm_client.describe_instance_information()["InstanceInformationList"]}
    assert nodes[good]["AssociationStatus"] == "Success"
    assert nodes[good]["LastSuccessfulAssociationExecutionDate"] == START
    assert nodes[bad]["AssociationStatus"] == "Failed"
    assert nodes[bad]["LastAssociationExecutionDate"] == START
    assert "LastSuccessfulAssociationExecutionDate" not in nodes[bad]
    assert nodes[bad]["AssociationOverview"] == {
        "DetailedStatus": "Failed",
        "InstanceAssociationStatusAggregatedCount": {"Failed": 1},
    }
    failing = ssm_client.describe_instance_information(Filters=[{"Key": "AssociationStatus", "Values": ["Failed"]}])
    assert [n["InstanceId"] for n in failing["InstanceInformationList"]] == [bad]


def test_later_rules_decide_later_runs(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.clock.advance(0)
    ssm_fake.set_command_outcome(document_name=SHELL, status="TimedOut")
    ssm_fake.clock.advance(1800)
    newest, first = _executions(ssm_client, association_id)
    assert first["Status"] == "Success"
    assert _targets(ssm_client, association_id, newest["ExecutionId"]) == {node: ("TimedOut", "ExecutionTimedOut")}
    assert _describe(ssm_client, association_id)["LastSuccessfulExecutionDate"] == START


def test_a_command_handler_sees_every_run(ssm_fake: Any, ssm_client: Any) -> None:
    nodes = {ssm_fake.add_instance(tags={"Role": "web"}) for _ in range(3)}
    seen: list[CommandRun] = []

    def handler(run: CommandRun) -> dict[str, Any]:
        seen.append(run)
        return {"status": "Failed" if len(seen) == 5 else "Success"}

    ssm_fake.set_command_handler(handler)
    association_id = _create(ssm_client, ScheduleExpression="rate(1 hour)")
    ssm_fake.clock.advance(3600)
    assert len(seen) == 6
    assert {run.instance_id for run in seen} == nodes
    assert {run.document_name for run in seen} == {SHELL}
    assert seen[0].parameters["commands"] == ["echo hi"]
    assert seen[0].plugin.inputs["runCommand"] == ["echo hi"]
    newest, oldest = _executions(ssm_client, association_id)
    assert (newest["Status"], oldest["Status"]) == ("Failed", "Success")


def test_a_duration_keeps_targets_in_progress(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    ssm_fake.set_command_outcome(duration=600)
    association_id = _create(ssm_client)
    (run,) = _executions(ssm_client, association_id)
    assert (run["Status"], run["ResourceCountByStatus"]) == ("InProgress", "{InProgress=1}")
    assert _describe(ssm_client, association_id)["Overview"]["Status"] == "Pending"
    assert _targets(ssm_client, association_id, run["ExecutionId"]) == {node: ("InProgress", "InProgress")}
    ssm_fake.clock.advance(600)
    (run,) = _executions(ssm_client, association_id)
    assert run["Status"] == "Success"
    (target,) = ssm_client.describe_association_execution_targets(
        AssociationId=association_id, ExecutionId=run["ExecutionId"]
    )["AssociationExecutionTargets"]
    assert target["LastExecutionDate"] == START + timedelta(seconds=600)


def test_max_concurrency_spreads_the_targets_over_time(ssm_fake: Any, ssm_client: Any) -> None:
    for _ in range(3):
        ssm_fake.add_instance(tags={"Role": "web"})
    ssm_fake.set_command_outcome(duration=60)
    association_id = _create(ssm_client, MaxConcurrency="1")
    (run,) = _executions(ssm_client, association_id)
    assert sorted(_targets(ssm_client, association_id, run["ExecutionId"]).values()) == [
        ("InProgress", "InProgress"),
        ("Pending", "Pending"),
        ("Pending", "Pending"),
    ]
    ssm_fake.clock.advance(179)
    assert _executions(ssm_client, association_id)[0]["Status"] == "InProgress"
    ssm_fake.clock.advance(1)
    assert _executions(ssm_client, association_id)[0]["ResourceCountByStatus"] == "{Success=3}"


def test_max_errors_stops_the_rest(ssm_fake: Any, ssm_client: Any) -> None:
    nodes = [ssm_fake.add_instance(tags={"Role": "web"}) for _ in range(4)]
    ssm_fake.set_command_outcome(status="Failed")
    association_id = _create(ssm_client, MaxConcurrency="1", MaxErrors="1")
    (run,) = _executions(ssm_client, association_id)
    targets = _targets(ssm_client, association_id, run["ExecutionId"])
    assert [targets[n] for n in nodes] == [
        ("Failed", "Failed"),
        ("Failed", "Failed"),
        ("Cancelled", "Terminated"),
        ("Cancelled", "Terminated"),
    ]
    assert run["Status"] == "Failed"


def test_a_node_on_another_platform_fails_the_run_there(ssm_fake: Any, ssm_client: Any) -> None:
    windows = ssm_fake.add_instance(platform="Windows", tags={"Role": "web"})
    association_id = _create(ssm_client)
    (run,) = _executions(ssm_client, association_id)
    assert _targets(ssm_client, association_id, run["ExecutionId"]) == {windows: ("Failed", "InvalidPlatform")}


def _runbook_association(client: Any, **kwargs: Any) -> str:
    return str(client.create_association(**kwargs)["AssociationDescription"]["AssociationId"])


def _automation_runs(client: Any, association_id: str) -> list[tuple[str, str, str]]:
    """(Status, DetailedStatus, the automation execution's id) of each run, oldest first."""
    runs = []
    for run in reversed(_executions(client, association_id)):
        listed = client.describe_association_execution_targets(
            AssociationId=association_id, ExecutionId=run["ExecutionId"]
        )["AssociationExecutionTargets"]
        assert [t["ResourceType"] for t in listed] == ["AutomationExecution"]
        runs.append((run["Status"], run["DetailedStatus"], listed[0]["ResourceId"]))
    return runs


def test_an_automation_association_starts_an_automation_execution_each_run(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_client.create_document(
        Name="Wait", DocumentType="Automation", Content=runbook(sleep("Nap", "PT5M")), DocumentFormat="JSON"
    )
    association_id = _runbook_association(ssm_client, Name="Wait", ScheduleExpression="rate(1 hour)")
    ssm_fake.clock.advance(0)
    ((status, detailed, first),) = _automation_runs(ssm_client, association_id)
    assert (status, detailed) == ("InProgress", "InProgress")
    automation = ssm_client.get_automation_execution(AutomationExecutionId=first)["AutomationExecution"]
    assert (automation["DocumentName"], automation["AutomationExecutionStatus"]) == ("Wait", "InProgress")
    ssm_fake.clock.advance(300)
    assert _automation_runs(ssm_client, association_id) == [("Success", "Success", first)]
    assert _describe(ssm_client, association_id)["Overview"]["Status"] == "Success"
    ssm_fake.clock.advance(3300)  # the next hourly run: a new execution, still sleeping
    runs = _automation_runs(ssm_client, association_id)
    assert [r[:2] for r in runs] == [("Success", "Success"), ("InProgress", "InProgress")]
    assert runs[1][2] != first


def test_an_automation_run_that_fails_fails_the_association_run(ssm_fake: Any, ssm_client: Any) -> None:
    # AWS-StopEC2Instance needs EC2 (aws:changeInstanceState), which the fake does not run.
    association_id = _runbook_association(
        ssm_client, Name="AWS-StopEC2Instance", Parameters={"InstanceId": ["i-0123456789abcdef0"]}
    )
    ssm_fake.clock.advance(0)
    ((status, detailed, automation_id),) = _automation_runs(ssm_client, association_id)
    assert (status, detailed) == ("Failed", "Failed")
    automation = ssm_client.get_automation_execution(AutomationExecutionId=automation_id)["AutomationExecution"]
    assert automation["AutomationExecutionStatus"] == "Failed"
    assert _describe(ssm_client, association_id)["Overview"]["Status"] == "Failed"


def test_automation_target_parameter_runs_the_runbook_per_target(ssm_fake: Any, ssm_client: Any) -> None:
    nodes = [ssm_fake.add_instance(tags={"Role": "web"}) for _ in range(3)]
    content = runbook(
        put("Mark", "/marks/{{ InstanceId }}", "seen"), parameters={"InstanceId": {"type": "String"}}
    )
    ssm_client.create_document(Name="Mark", DocumentType="Automation", Content=content, DocumentFormat="JSON")
    association_id = _create(
        ssm_client, Name="Mark", Targets=WEB, Parameters={}, AutomationTargetParameterName="InstanceId",
        MaxConcurrency="2",
    )  # fmt: skip
    ssm_fake.clock.advance(0)
    ((status, _, parent),) = _automation_runs(ssm_client, association_id)
    assert status == "Success"
    children = ssm_client.describe_automation_executions(
        Filters=[{"Key": "ParentExecutionId", "Values": [parent]}]
    )["AutomationExecutionMetadataList"]
    assert sorted(c["Target"] for c in children) == sorted(nodes)
    marks = ssm_client.get_parameters_by_path(Path="/marks")["Parameters"]
    assert sorted(m["Name"] for m in marks) == sorted(f"/marks/{n}" for n in nodes)


# --- nodes that come and go ------------------------------------------------------------------


def test_a_node_that_joins_gets_a_run_of_its_own_and_the_next_full_run(ssm_fake: Any, ssm_client: Any) -> None:
    first = ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.clock.advance(60)
    second = ssm_fake.add_instance(tags={"Role": "web"})
    ssm_fake.add_instance(tags={"Role": "db"})
    ssm_fake.add_instance(tags={"Role": "web"}, ping_status="ConnectionLost")
    joined, created = _executions(ssm_client, association_id)
    assert joined["CreatedTime"] == START + timedelta(seconds=60)
    assert set(_targets(ssm_client, association_id, joined["ExecutionId"])) == {second}
    assert set(_targets(ssm_client, association_id, created["ExecutionId"])) == {first}
    overview = _describe(ssm_client, association_id)["Overview"]
    assert overview["AssociationStatusAggregatedCount"] == {"Success": 2}
    ssm_fake.clock.advance(1740)
    full = _executions(ssm_client, association_id)[0]
    assert set(_targets(ssm_client, association_id, full["ExecutionId"])) == {first, second}


def test_a_node_that_joins_waits_for_the_cron_when_asked_to(ssm_fake: Any, ssm_client: Any) -> None:
    association_id = _create(ssm_client, ScheduleExpression="cron(0 2 * * ? *)", ApplyOnlyAtCronInterval=True)
    ssm_fake.add_instance(tags={"Role": "web"})
    ssm_fake.clock.advance(60)
    assert _executions(ssm_client, association_id) == []


def test_nodes_tagged_later_are_in_the_next_run(ssm_fake: Any, ssm_client: Any) -> None:
    first = ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.clock.advance(0)
    activation = ssm_client.create_activation(IamRole="HybridRole", Tags=[{"Key": "Role", "Value": "db"}])
    hybrid = ssm_fake.register_instance(activation["ActivationId"], activation["ActivationCode"])
    ssm_client.add_tags_to_resource(
        ResourceType="ManagedInstance", ResourceId=hybrid, Tags=[{"Key": "Role", "Value": "web"}]
    )
    ssm_fake.clock.advance(1800)
    newest, oldest = _executions(ssm_client, association_id)
    assert set(_targets(ssm_client, association_id, oldest["ExecutionId"])) == {first}
    assert set(_targets(ssm_client, association_id, newest["ExecutionId"])) == {first, hybrid}
    effective = ssm_client.describe_effective_instance_associations(InstanceId=hybrid)["Associations"]
    assert [a["AssociationId"] for a in effective] == [association_id]


def test_a_deregistered_node_leaves_the_results(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    activation = ssm_client.create_activation(IamRole="HybridRole", Tags=[{"Key": "Role", "Value": "web"}])
    hybrid = ssm_fake.register_instance(activation["ActivationId"], activation["ActivationCode"])
    association_id = _create(ssm_client)
    (run,) = _executions(ssm_client, association_id)
    assert hybrid in _targets(ssm_client, association_id, run["ExecutionId"])
    ssm_client.deregister_managed_instance(InstanceId=hybrid)
    assert hybrid not in _targets(ssm_client, association_id, run["ExecutionId"])
    counts = _describe(ssm_client, association_id)["Overview"]["AssociationStatusAggregatedCount"]
    assert counts == {"Success": 1}
    listed = ssm_client.list_associations()["Associations"][0]["Overview"]["AssociationStatusAggregatedCount"]
    assert listed == {"Success": 1}


def test_a_legacy_association_runs_on_its_one_node(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    ssm_fake.add_instance()
    association_id = _create(ssm_client, InstanceId=node)
    (run,) = _executions(ssm_client, association_id)
    assert set(_targets(ssm_client, association_id, run["ExecutionId"])) == {node}


def test_an_at_schedule_runs_once_at_its_time(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="at(2026-03-02T08:15:00)", ApplyOnlyAtCronInterval=True)
    ssm_fake.clock.advance(timedelta(days=5))
    (run,) = _executions(ssm_client, association_id)
    assert run["CreatedTime"] == datetime(2026, 3, 2, 8, 15, tzinfo=timezone.utc)


def test_percentages_of_the_target_count(ssm_fake: Any, ssm_client: Any) -> None:
    for _ in range(4):
        ssm_fake.add_instance(tags={"Role": "web"})
    ssm_fake.set_command_outcome(duration=60)
    association_id = _create(ssm_client, MaxConcurrency="50%")
    # One first, then up to two at once (50% of 4): ends at 60 s, 120 s (two), 180 s.
    ssm_fake.clock.advance(120)
    assert _executions(ssm_client, association_id)[0]["ResourceCountByStatus"] == "{Success=3, InProgress=1}"
    ssm_fake.clock.advance(60)
    assert _executions(ssm_client, association_id)[0]["ResourceCountByStatus"] == "{Success=4}"
    ssm_fake.set_command_outcome(status="Failed")
    ssm_client.update_association(AssociationId=association_id, Parameters=ECHO, MaxConcurrency="1", MaxErrors="25%")
    counts = _executions(ssm_client, association_id)[0]["ResourceCountByStatus"]
    assert counts == "{Failed=2, Cancelled=2}"
