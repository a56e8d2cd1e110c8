"""Reading associations back through boto3: ListAssociations and its filters,
ListAssociationVersions, DescribeAssociationExecutions and DescribeAssociationExecutionTargets
with their filters, DescribeEffectiveInstanceAssociations and
DescribeInstanceAssociationsStatus — and every pagination walk, with botocore's paginators
where the model has them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from association_samples import ECHO, SHELL, START, WEB, create_association
from service_errors import service_error


@pytest.fixture(autouse=True)
def _frozen(ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)


def _create(client: Any, **kwargs: Any) -> str:
    return str(create_association(client, **kwargs)["AssociationId"])


def _ids(listed: list[dict[str, Any]]) -> list[str]:
    return [item["AssociationId"] for item in listed]


def _walk(client: Any, operation: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item, one MaxResults=2 page at a time, following NextToken by hand."""
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = getattr(client, operation)(**kwargs, MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page[key]) <= 2
        items.extend(page[key])
        token = page.get("NextToken")
        if not token:
            return items


# --- ListAssociations ------------------------------------------------------------------------


def test_list_walks_every_association_in_creation_order(ssm_client: Any) -> None:
    created = [_create(ssm_client, AssociationName=f"a-{i}") for i in range(7)]
    assert _ids(_walk(ssm_client, "list_associations", "Associations")) == created
    paginated = ssm_client.get_paginator("list_associations").paginate(PaginationConfig={"PageSize": 3})
    assert [a["AssociationId"] for page in paginated for a in page["Associations"]] == created
    assert service_error(ssm_client.list_associations, NextToken="not a token")[0] == "InvalidNextToken"


def test_list_entries_carry_the_documented_members(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(
        ssm_client,
        AssociationName="cfg",
        ScheduleExpression="cron(0 2 ? * THU#2 *)",
        ApplyOnlyAtCronInterval=True,
        ScheduleOffset=1,
        Duration=2,
    )
    (entry,) = ssm_client.list_associations()["Associations"]
    assert entry["AssociationId"] == association_id
    assert (entry["Name"], entry["AssociationName"], entry["AssociationVersion"]) == (SHELL, "cfg", "1")
    assert (entry["ScheduleExpression"], entry["ScheduleOffset"], entry["Duration"]) == (
        "cron(0 2 ? * THU#2 *)",
        1,
        2,
    )
    assert entry["Targets"] == WEB
    assert entry["DocumentVersion"] == "$DEFAULT"
    assert entry["Overview"]["Status"] == "Pending"


def test_list_filters(ssm_fake: Any, ssm_client: Any) -> None:
    web = ssm_fake.add_instance(tags={"Role": "web"})
    bad = ssm_fake.add_instance()
    ssm_fake.set_command_outcome(instance_id=bad, status="Failed")
    tagged = _create(ssm_client, AssociationName="tagged")
    legacy = _create(ssm_client, InstanceId=bad)
    ssm_fake.clock.advance(3600)
    powershell = _create(
        ssm_client,
        Name="AWS-RunPowerShellScript",
        AssociationName="never-ran",
        ApplyOnlyAtCronInterval=True,
        ScheduleExpression="cron(0 0 1 1 ? 2099)",
    )
    assert web

    def listed(key: str, *values: str) -> list[str]:
        filters = [{"key": key, "value": value} for value in values]
        return _ids(ssm_client.list_associations(AssociationFilterList=filters)["Associations"])

    assert listed("Name", SHELL) == [tagged, legacy]
    assert listed("Name", "AWS-RunPowerShellScript") == [powershell]
    assert listed("AssociationId", legacy, powershell) == [legacy, powershell]
    assert listed("AssociationName", "tagged") == [tagged]
    # "Filtering associations using the InstanceID attribute only returns legacy associations"
    assert listed("InstanceId", bad) == [legacy]
    assert listed("InstanceId", web) == []
    assert listed("AssociationStatusName", "Success") == [tagged]
    assert listed("AssociationStatusName", "Failed") == [legacy]
    assert listed("AssociationStatusName", "Pending") == [powershell]
    assert listed("LastExecutedAfter", "2026-03-01T11:00:00Z") == [tagged, legacy]
    assert listed("LastExecutedBefore", "2026-03-01T11:00:00Z") == []
    assert listed("LastExecutedBefore", "2026-03-01T12:30:00Z") == [tagged, legacy]
    assert listed("ResourceGroupName", "my-group") == []
    filters = [{"key": "Name", "value": SHELL}, {"key": "AssociationStatusName", "value": "Failed"}]
    assert _ids(ssm_client.list_associations(AssociationFilterList=filters)["Associations"]) == [legacy]
    code, _ = service_error(
        ssm_client.list_associations, AssociationFilterList=[{"key": "LastExecutedAfter", "value": "yesterday"}]
    )
    assert code == "ValidationException"
    code, _ = service_error(
        ssm_client.list_associations, AssociationFilterList=[{"key": "AssociationStatusName", "value": "Done"}]
    )
    assert code == "ValidationException"


def test_filtered_list_pages_too(ssm_client: Any) -> None:
    named = [_create(ssm_client, AssociationName="same") if i % 2 else _create(ssm_client) for i in range(9)]
    wanted = [association_id for i, association_id in enumerate(named) if i % 2]
    filters = [{"key": "AssociationName", "value": "same"}]
    walked = _walk(ssm_client, "list_associations", "Associations", AssociationFilterList=filters)
    assert _ids(walked) == wanted


# --- versions ----------------------------------------------------------------------------------


def test_list_association_versions_pages(ssm_client: Any) -> None:
    association_id = _create(ssm_client)
    for _ in range(4):
        ssm_client.update_association(AssociationId=association_id, Parameters=ECHO)
    walked = _walk(ssm_client, "list_association_versions", "AssociationVersions", AssociationId=association_id)
    assert [v["AssociationVersion"] for v in walked] == ["1", "2", "3", "4", "5"]
    assert all(v["Name"] == SHELL and v["Targets"] == WEB for v in walked)
    code, _ = service_error(ssm_client.list_association_versions, AssociationId="11111111-2222-3333-4444-555555555555")
    assert code == "AssociationDoesNotExist"


# --- executions --------------------------------------------------------------------------------


@pytest.fixture
def five_runs(ssm_fake: Any, ssm_client: Any) -> str:
    """An association run at 12:00, 12:30, 13:00, 13:30 and 14:00 on one node, the 13:00 one failing."""
    node = ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client, ScheduleExpression="rate(30 minutes)")
    ssm_fake.clock.advance(3599)
    ssm_fake.set_command_outcome(instance_id=node, status="Failed")
    ssm_fake.clock.advance(1)
    ssm_fake.set_command_outcome(instance_id=node, status="Success")
    ssm_fake.clock.advance(3600)
    return association_id


def test_executions_walk_newest_first(ssm_client: Any, five_runs: str) -> None:
    walked = _walk(ssm_client, "describe_association_executions", "AssociationExecutions", AssociationId=five_runs)
    assert [e["CreatedTime"] for e in walked] == [START + timedelta(minutes=m) for m in (120, 90, 60, 30, 0)]
    assert [e["Status"] for e in walked] == ["Success", "Success", "Failed", "Success", "Success"]
    assert len({e["ExecutionId"] for e in walked}) == 5
    code, _ = service_error(ssm_client.describe_association_executions, AssociationId=five_runs, NextToken="###")
    assert code == "InvalidNextToken"
    code, _ = service_error(
        ssm_client.describe_association_executions, AssociationId="11111111-2222-3333-4444-555555555555"
    )
    assert code == "AssociationDoesNotExist"


def test_execution_filters(ssm_client: Any, five_runs: str) -> None:
    every = ssm_client.describe_association_executions(AssociationId=five_runs)["AssociationExecutions"]

    def created(*filters: tuple[str, str, str], **kwargs: Any) -> list[datetime]:
        wanted = [{"Key": key, "Value": value, "Type": kind} for key, value, kind in filters]
        reply = ssm_client.describe_association_executions(AssociationId=five_runs, Filters=wanted, **kwargs)
        return [e["CreatedTime"] for e in reply["AssociationExecutions"]]

    at = [START + timedelta(minutes=m) for m in (0, 30, 60, 90, 120)]
    assert created(("Status", "Failed", "EQUAL")) == [at[2]]
    assert created(("ExecutionId", every[1]["ExecutionId"], "EQUAL")) == [at[3]]
    assert created(("CreatedTime", "2026-03-01T13:00:00Z", "GREATER_THAN")) == [at[4], at[3]]
    assert created(("CreatedTime", "2026-03-01T13:00:00Z", "LESS_THAN")) == [at[1], at[0]]
    assert created(("CreatedTime", "2026-03-01T13:00:00Z", "EQUAL")) == [at[2]]
    assert created(
        ("CreatedTime", "2026-03-01T12:15:00Z", "GREATER_THAN"), ("CreatedTime", "2026-03-01T13:45:00Z", "LESS_THAN")
    ) == [at[3], at[2], at[1]]
    assert created(("CreatedTime", "2026-03-01T12:15:00Z", "GREATER_THAN"), ("Status", "Success", "EQUAL")) == [
        at[4],
        at[3],
        at[1],
    ]
    page = created(("CreatedTime", "2026-03-01T12:15:00Z", "GREATER_THAN"), MaxResults=2)
    assert page == [at[4], at[3]]
    code, _ = service_error(
        ssm_client.describe_association_executions,
        AssociationId=five_runs,
        Filters=[{"Key": "Status", "Value": "Failed", "Type": "LESS_THAN"}],
    )
    assert code == "ValidationException"
    code, _ = service_error(
        ssm_client.describe_association_executions,
        AssociationId=five_runs,
        Filters=[{"Key": "CreatedTime", "Value": "noon", "Type": "EQUAL"}],
    )
    assert code == "ValidationException"


def test_execution_targets_filter_and_page(ssm_fake: Any, ssm_client: Any) -> None:
    nodes = [ssm_fake.add_instance(tags={"Role": "web"}) for _ in range(5)]
    ssm_fake.set_command_outcome(instance_id=nodes[1], status="Failed")
    association_id = _create(ssm_client)
    (run,) = ssm_client.describe_association_executions(AssociationId=association_id)["AssociationExecutions"]
    execution_id = run["ExecutionId"]
    walked = _walk(
        ssm_client,
        "describe_association_execution_targets",
        "AssociationExecutionTargets",
        AssociationId=association_id,
        ExecutionId=execution_id,
    )
    assert [t["ResourceId"] for t in walked] == nodes
    assert {(t["ExecutionId"], t["AssociationVersion"], t["ResourceType"]) for t in walked} == {
        (execution_id, "1", "ManagedInstance")
    }

    def ids(key: str, value: str) -> list[str]:
        reply = ssm_client.describe_association_execution_targets(
            AssociationId=association_id, ExecutionId=execution_id, Filters=[{"Key": key, "Value": value}]
        )
        return [t["ResourceId"] for t in reply["AssociationExecutionTargets"]]

    assert ids("Status", "Failed") == [nodes[1]]
    assert ids("ResourceId", nodes[3]) == [nodes[3]]
    assert ids("ResourceType", "ManagedInstance") == nodes
    assert ids("ResourceType", "AutomationExecution") == []
    code, message = service_error(
        ssm_client.describe_association_execution_targets,
        AssociationId=association_id,
        ExecutionId="11111111-2222-3333-4444-555555555555",
    )
    assert code == "AssociationExecutionDoesNotExist"
    assert "11111111-2222-3333-4444-555555555555" in message


# --- per node --------------------------------------------------------------------------------------


def test_effective_associations_of_a_node_with_their_content(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    other = ssm_fake.add_instance(tags={"Role": "db"})
    applying = [_create(ssm_client) for _ in range(6)]
    _create(ssm_client, Targets=[{"Key": "tag:Role", "Values": ["db"]}])
    everyone = _create(ssm_client, Targets=[{"Key": "InstanceIds", "Values": ["*"]}])
    legacy = _create(ssm_client, InstanceId=node)
    walked = _walk(ssm_client, "describe_effective_instance_associations", "Associations", InstanceId=node)
    assert _ids(walked) == [*applying, everyone, legacy]
    content = ssm_client.get_document(Name=SHELL)["Content"]
    assert all(json.loads(a["Content"]) == json.loads(content) for a in walked)
    assert {(a["InstanceId"], a["AssociationVersion"]) for a in walked} == {(node, "1")}
    first = ssm_client.describe_effective_instance_associations(InstanceId=node)
    assert len(first["Associations"]) == 5 and "NextToken" in first
    assert len(ssm_client.describe_effective_instance_associations(InstanceId=other)["Associations"]) == 2
    code, _ = service_error(ssm_client.describe_effective_instance_associations, InstanceId="i-0123456789abcdef0")
    assert code == "InvalidInstanceId"


def test_instance_association_status_pages_and_shows_pending_before_a_run(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    ran = [_create(ssm_client, AssociationName=f"n-{i}") for i in range(3)]
    waiting = _create(ssm_client, ScheduleExpression="cron(0 0 1 1 ? 2099)", ApplyOnlyAtCronInterval=True)
    walked = _walk(
        ssm_client, "describe_instance_associations_status", "InstanceAssociationStatusInfos", InstanceId=node
    )
    assert _ids(walked) == [*ran, waiting]
    assert [w["Status"] for w in walked] == ["Success", "Success", "Success", "Pending"]
    assert "ExecutionDate" not in walked[3]
    assert walked[0]["ExecutionDate"] == START
    assert {(w["Name"], w["DocumentVersion"], w["InstanceId"]) for w in walked} == {(SHELL, "$DEFAULT", node)}
    (instance,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert instance["AssociationStatus"] == "Pending"
    assert instance["AssociationOverview"]["InstanceAssociationStatusAggregatedCount"] == {"Success": 3, "Pending": 1}
    code, _ = service_error(ssm_client.describe_instance_associations_status, InstanceId="i-0123456789abcdef0")
    assert code == "InvalidInstanceId"


def test_a_node_without_associations_keeps_what_add_instance_said(ssm_fake: Any, ssm_client: Any) -> None:
    ssm_fake.add_instance(association_status="Failed")
    _create(ssm_client)
    (instance,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert instance["AssociationStatus"] == "Failed"


def test_every_paged_read_refuses_a_token_it_did_not_give(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    association_id = _create(ssm_client)
    (run,) = ssm_client.describe_association_executions(AssociationId=association_id)["AssociationExecutions"]
    calls: list[tuple[Any, dict[str, Any]]] = [
        (ssm_client.list_associations, {}),
        (ssm_client.list_association_versions, {"AssociationId": association_id}),
        (ssm_client.describe_association_executions, {"AssociationId": association_id}),
        (
            ssm_client.describe_association_execution_targets,
            {"AssociationId": association_id, "ExecutionId": run["ExecutionId"]},
        ),
        (ssm_client.describe_effective_instance_associations, {"InstanceId": node}),
        (ssm_client.describe_instance_associations_status, {"InstanceId": node}),
    ]
    for call, kwargs in calls:
        assert service_error(call, NextToken="bm90IGEgdG9rZW4", **kwargs)[0] == "InvalidNextToken", call


def test_a_runbook_association_is_not_one_a_node_runs(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    ssm_client.create_association(Name="AWS-StopEC2Instance", Targets=WEB, AutomationTargetParameterName="InstanceId")
    assert ssm_client.describe_effective_instance_associations(InstanceId=node)["Associations"] == []
    assert ssm_client.describe_instance_associations_status(InstanceId=node)["InstanceAssociationStatusInfos"] == []
