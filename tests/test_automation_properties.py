"""Properties of executions under any order of starts, stops, signals and clock moves: an
execution's status only moves forward, a final one never changes again, its steps run one
at a time in start order, and a parent's children never exceed MaxConcurrency."""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ssm_fake import mock_ssm

FINAL = {"Success", "Failed", "TimedOut", "Cancelled"}
# Where a status may go next; a final status stays.
FORWARD = {
    "Pending": {"Pending", "InProgress", "Waiting", "Cancelling", *FINAL},
    "InProgress": {"InProgress", "Waiting", "Cancelling", *FINAL},
    "Waiting": {"Waiting", "InProgress", "Cancelling", *FINAL},
    "Cancelling": {"Cancelling", "Cancelled"},
    **{status: {status} for status in FINAL},
}
RUNBOOK = {
    "schemaVersion": "0.3",
    "parameters": {"Target": {"type": "String", "default": "x"}},
    "mainSteps": [
        {"name": "nap", "action": "aws:sleep", "inputs": {"Duration": "PT30S"}, "onCancel": "step:cleanup"},
        {"name": "gate", "action": "aws:approve", "inputs": {"Approvers": ["ops"]}},
        {"name": "hold", "action": "aws:pause", "inputs": {}},
        {"name": "slow", "action": "aws:sleep", "inputs": {"Duration": "PT1M"}, "timeoutSeconds": 45,
         "onFailure": "Continue"},
        {"name": "done", "action": "aws:executeAwsApi", "isEnd": True,
         "inputs": {"Service": "ssm", "Api": "PutParameter", "Name": "/done/{{ Target }}", "Value": "1",
                    "Type": "String", "Overwrite": True}},
        {"name": "cleanup", "action": "aws:sleep", "inputs": {"Duration": "PT10S"}},
    ],
}  # fmt: skip


class Executions(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_ssm()
        self.fake = self.mock.start()
        self.client = boto3.client("ssm", region_name="us-east-1")
        self.client.create_document(Name="Machine", DocumentType="Automation", Content=json.dumps(RUNBOOK))
        self.seen: dict[str, str] = {}
        self.parents: set[str] = set()

    def teardown(self) -> None:
        self.mock.stop()

    @rule()
    def start_one(self) -> None:
        execution_id = self.client.start_automation_execution(DocumentName="Machine")["AutomationExecutionId"]
        self.seen[execution_id] = "Pending"

    @rule(count=st.integers(1, 4), concurrency=st.integers(1, 3))
    def start_rate_controlled(self, count: int, concurrency: int) -> None:
        values = [f"t{i}" for i in range(count)]
        reply = self.client.start_automation_execution(
            DocumentName="Machine",
            TargetParameterName="Target",
            Targets=[{"Key": "ParameterValues", "Values": values}],
            MaxConcurrency=str(concurrency),
            MaxErrors=str(count),
        )
        self.seen[reply["AutomationExecutionId"]] = "Pending"
        self.parents.add(reply["AutomationExecutionId"])

    @precondition(lambda self: bool(self.seen))
    @rule(data=st.data(), signal=st.sampled_from(["Approve", "Reject", "Resume"]))
    def signal(self, data: Any, signal: str) -> None:
        execution_id = data.draw(st.sampled_from(sorted(self.seen)))
        try:
            self.client.send_automation_signal(AutomationExecutionId=execution_id, SignalType=signal)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "InvalidAutomationSignalException"

    @precondition(lambda self: bool(self.seen))
    @rule(data=st.data(), kind=st.sampled_from(["Cancel", "Complete"]))
    def stop(self, data: Any, kind: str) -> None:
        execution_id = data.draw(st.sampled_from(sorted(self.seen)))
        try:
            self.client.stop_automation_execution(AutomationExecutionId=execution_id, Type=kind)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "InvalidAutomationStatusUpdateException"

    @rule(seconds=st.sampled_from([1, 10, 30, 45, 60, 300]))
    def advance(self, seconds: int) -> None:
        self.fake.clock.advance(seconds)

    @invariant()
    def statuses_only_move_forward(self) -> None:
        for execution_id, before in self.seen.items():
            found = self.client.get_automation_execution(AutomationExecutionId=execution_id)["AutomationExecution"]
            now = found["AutomationExecutionStatus"]
            assert now in FORWARD[before], f"{before} -> {now}"
            self.seen[execution_id] = now
            steps = found["StepExecutions"]
            assert sum(1 for step in steps if step["StepStatus"] in ("InProgress", "Waiting")) <= 1
            started = [step for step in steps if step["StepStatus"] != "Pending"]
            assert steps[: len(started)] == started  # the steps that ran come first
            starts = [step["ExecutionStartTime"] for step in started]
            assert starts == sorted(starts)
            if now in FINAL:
                assert "ExecutionEndTime" in found
                assert all(step["StepStatus"] in FINAL for step in started)

    @invariant()
    def children_stay_within_max_concurrency(self) -> None:
        for parent in self.parents:
            found = self.client.get_automation_execution(AutomationExecutionId=parent)["AutomationExecution"]
            listed = self.client.describe_automation_executions(
                Filters=[{"Key": "ParentExecutionId", "Values": [parent]}]
            )["AutomationExecutionMetadataList"]
            running = [c for c in listed if c["AutomationExecutionStatus"] not in FINAL]
            assert len(running) <= int(found["MaxConcurrency"])
            counters = found["ProgressCounters"]
            assert counters["TotalSteps"] == len(listed)
            ended = sum(counters[k] for k in ("SuccessSteps", "FailedSteps", "CancelledSteps", "TimedOutSteps"))
            assert ended == len(listed) - len(running)
            if found["AutomationExecutionStatus"] in FINAL:
                assert not running


Executions.TestCase.settings = settings(
    max_examples=25, stateful_step_count=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestExecutions = Executions.TestCase
