"""DescribeAutomationExecutions and DescribeAutomationStepExecutions: every filter, the
orders, and walking the pages."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from automation_samples import START, create, put, runbook, sleep, start, step
from service_errors import service_error


@pytest.fixture
def frozen(ssm_fake: Any) -> Any:
    ssm_fake.clock.freeze(START)
    return ssm_fake


def _ids(client: Any, **kwargs: Any) -> list[str]:
    listed = client.describe_automation_executions(**kwargs)["AutomationExecutionMetadataList"]
    return [item["AutomationExecutionId"] for item in listed]


def _filter(key: str, *values: str) -> dict[str, Any]:
    return {"Filters": [{"Key": key, "Values": list(values)}]}


def test_executions_newest_first_with_their_metadata(ssm_client: Any, frozen: Any) -> None:
    create(ssm_client, "Quick", runbook(put("write", "/q", "1")))
    first = start(ssm_client, "Quick")
    frozen.clock.advance(10)
    second = start(ssm_client, "Quick")
    assert _ids(ssm_client) == [second, first]
    (item, _) = ssm_client.describe_automation_executions()["AutomationExecutionMetadataList"]
    assert item["DocumentName"] == "Quick" and item["AutomationExecutionStatus"] == "Success"
    assert item["ExecutionStartTime"] == START + timedelta(seconds=10)
    assert item["Mode"] == "Auto" and item["AutomationType"] == "Local"
    assert item["ExecutedBy"] == "arn:aws:iam::123456789012:root"


def test_every_execution_filter(ssm_client: Any, frozen: Any) -> None:
    create(ssm_client, "Quick", runbook(put("write", "/q", "1")))
    create(ssm_client, "Slow", runbook(sleep("nap", "PT1H")))
    quick = start(ssm_client, "Quick", Tags=[{"Key": "team", "Value": "a"}])
    frozen.clock.advance(60)
    slow = start(ssm_client, "Slow")
    assert _ids(ssm_client, **_filter("DocumentNamePrefix", "Qu")) == [quick]
    assert _ids(ssm_client, **_filter("DocumentNamePrefix", "Qu", "Sl")) == [slow, quick]
    assert _ids(ssm_client, **_filter("ExecutionStatus", "InProgress")) == [slow]
    assert _ids(ssm_client, **_filter("ExecutionStatus", "Success", "Failed")) == [quick]
    assert _ids(ssm_client, **_filter("ExecutionStatus", "PendingApproval")) == []  # a status, just not one here
    assert _ids(ssm_client, **_filter("ExecutionId", quick)) == [quick]
    assert _ids(ssm_client, **_filter("CurrentAction", "aws:sleep")) == [slow]
    assert _ids(ssm_client, **_filter("StartTimeBefore", "2026-04-01T09:00:30Z")) == [quick]
    assert _ids(ssm_client, **_filter("StartTimeAfter", "2026-04-01T09:00:30Z")) == [slow]
    assert _ids(ssm_client, **_filter("TagKey", "team")) == [quick]
    assert _ids(ssm_client, **_filter("AutomationType", "Local")) == [slow, quick]
    assert _ids(ssm_client, **_filter("AutomationType", "CrossAccount")) == []
    assert _ids(ssm_client, **_filter("ParentExecutionId", quick)) == []
    assert _ids(ssm_client, **_filter("AutomationSubtype", "ChangeRequest")) == []
    assert _ids(ssm_client, **_filter("TargetResourceGroup", "group")) == []
    assert _ids(ssm_client, **_filter("OpsItemId", "oi-123456789012")) == []
    both = {"Filters": [{"Key": "DocumentNamePrefix", "Values": ["Slow"]}, {"Key": "TagKey", "Values": ["team"]}]}
    assert _ids(ssm_client, **both) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("ExecutionStatus", "Done"),
        ("StartTimeBefore", "yesterday"),
        ("AutomationType", "Remote"),
        ("AutomationSubtype", "Other"),
    ],
)
def test_filter_values_that_cannot_match_are_refused(ssm_client: Any, key: str, value: str) -> None:
    code, message = service_error(ssm_client.describe_automation_executions, **_filter(key, value))
    assert code == "InvalidFilterValue" and value in message


def test_paging_through_executions(ssm_client: Any, frozen: Any) -> None:
    create(ssm_client, "Quick", runbook(put("write", "/q", "1")))
    started = [start(ssm_client, "Quick") for _ in range(7)]
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 3}
    pages = 0
    while True:
        reply = ssm_client.describe_automation_executions(**kwargs)
        seen += [item["AutomationExecutionId"] for item in reply["AutomationExecutionMetadataList"]]
        pages += 1
        if "NextToken" not in reply:
            break
        kwargs["NextToken"] = reply["NextToken"]
    assert seen == list(reversed(started)) and pages == 3
    paginator = ssm_client.get_paginator("describe_automation_executions")
    walked = [i["AutomationExecutionId"] for p in paginator.paginate(PaginationConfig={"PageSize": 2})
              for i in p["AutomationExecutionMetadataList"]]  # fmt: skip
    assert walked == seen
    code, _ = service_error(ssm_client.describe_automation_executions, NextToken="garbage!")
    assert code == "InvalidNextToken"


def _three_steps(client: Any, frozen: Any) -> str:
    create(client, "Three", runbook(put("a", "/a", "1"), sleep("b", "PT1M"), step("c", "aws:pause")))
    execution_id = start(client, "Three")
    frozen.clock.advance(60)
    return execution_id


def _step_names(client: Any, execution_id: str, **kwargs: Any) -> list[str]:
    found = client.describe_automation_step_executions(AutomationExecutionId=execution_id, **kwargs)
    return [item["StepName"] for item in found["StepExecutions"]]


def test_step_executions_in_order_reversed_and_paged(ssm_client: Any, frozen: Any) -> None:
    execution_id = _three_steps(ssm_client, frozen)
    assert _step_names(ssm_client, execution_id) == ["a", "b", "c"]
    assert _step_names(ssm_client, execution_id, ReverseOrder=True) == ["c", "b", "a"]
    first = ssm_client.describe_automation_step_executions(AutomationExecutionId=execution_id, MaxResults=2)
    assert [s["StepName"] for s in first["StepExecutions"]] == ["a", "b"]
    rest = ssm_client.describe_automation_step_executions(
        AutomationExecutionId=execution_id, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["StepName"] for s in rest["StepExecutions"]] == ["c"] and "NextToken" not in rest
    backwards = ssm_client.get_paginator("describe_automation_step_executions").paginate(
        AutomationExecutionId=execution_id, ReverseOrder=True, PaginationConfig={"PageSize": 1}
    )
    assert [s["StepName"] for page in backwards for s in page["StepExecutions"]] == ["c", "b", "a"]


def test_every_step_filter(ssm_client: Any, frozen: Any) -> None:
    execution_id = _three_steps(ssm_client, frozen)
    found = ssm_client.describe_automation_step_executions(AutomationExecutionId=execution_id)["StepExecutions"]
    by_name = {item["StepName"]: item for item in found}

    def names(key: str, *values: str) -> list[str]:
        return _step_names(ssm_client, execution_id, **_filter(key, *values))

    assert names("StepExecutionStatus", "Success") == ["a", "b"]
    assert names("StepExecutionStatus", "Waiting") == ["c"]
    assert names("StepExecutionId", by_name["b"]["StepExecutionId"]) == ["b"]
    assert names("StepName", "a", "c") == ["a", "c"]
    assert names("Action", "aws:sleep") == ["b"]
    assert names("StartTimeAfter", "2026-04-01T09:00:30Z") == ["c"]
    assert names("StartTimeBefore", "2026-04-01T09:00:30Z") == ["a", "b"]
    assert names("ParentStepExecutionId", str(uuid.uuid4())) == []
    assert names("ParentStepIteration", "1") == []
    assert names("ParentStepIteratorValue", "x") == []
    code, _ = service_error(
        ssm_client.describe_automation_step_executions,
        AutomationExecutionId=execution_id,
        **_filter("StepExecutionStatus", "Finished"),
    )
    assert code == "InvalidFilterValue"
    code, _ = service_error(ssm_client.describe_automation_step_executions, AutomationExecutionId=str(uuid.uuid4()))
    assert code == "AutomationExecutionNotFoundException"
    code, _ = service_error(ssm_client.get_automation_execution, AutomationExecutionId=str(uuid.uuid4()))
    assert code == "AutomationExecutionNotFoundException"
