"""Windows, targets and tasks against a small model: any sequence of registrations and
deregistrations (with and without ``Safe``) leaves the listings, paged, equal to the model."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from ssm_fake import mock_ssm

WINDOW_ARGS = {"Schedule": "rate(1 day)", "Duration": 2, "Cutoff": 1, "AllowUnassociatedTargets": False}


class WindowModel(RuleBasedStateMachine):
    windows = Bundle("windows")

    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_ssm()
        self.mock.start()
        self.client = boto3.client("ssm", region_name="us-east-1")
        # window id -> (target ids in order, {task id: target ids it uses})
        self.model: dict[str, tuple[list[str], dict[str, list[str]]]] = {}

    def teardown(self) -> None:
        self.mock.stop()

    @rule(target=windows, name=st.from_regex(r"[a-z]{3,8}", fullmatch=True))
    def create_window(self, name: str) -> str:
        window_id = str(self.client.create_maintenance_window(Name=name, **WINDOW_ARGS)["WindowId"])
        self.model[window_id] = ([], {})
        return window_id

    @rule(window_id=consumes(windows))
    def delete_window(self, window_id: str) -> None:
        self.client.delete_maintenance_window(WindowId=window_id)
        del self.model[window_id]

    @rule(window_id=windows, owner=st.sampled_from(["a", "b", None]))
    def register_target(self, window_id: str, owner: str | None) -> None:
        extra = {"OwnerInformation": owner} if owner else {}
        target_id = self.client.register_target_with_maintenance_window(
            WindowId=window_id, ResourceType="INSTANCE", Targets=[{"Key": "tag:env", "Values": ["x"]}], **extra
        )["WindowTargetId"]
        self.model[window_id][0].append(target_id)

    @rule(window_id=windows, data=st.data())
    def register_task(self, window_id: str, data: Any) -> None:
        targets = self.model[window_id][0]
        if not targets:
            return
        chosen = data.draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True))
        task_id = self.client.register_task_with_maintenance_window(
            WindowId=window_id, TaskType="RUN_COMMAND", TaskArn="AWS-RunShellScript", MaxConcurrency="1",
            MaxErrors="0", Targets=[{"Key": "WindowTargetIds", "Values": chosen}],
        )["WindowTaskId"]  # fmt: skip
        self.model[window_id][1][task_id] = chosen

    @rule(window_id=windows, data=st.data(), safe=st.booleans())
    def deregister_target(self, window_id: str, data: Any, safe: bool) -> None:
        targets, tasks = self.model[window_id]
        if not targets:
            return
        target_id = data.draw(st.sampled_from(targets))
        in_use = any(target_id in used for used in tasks.values())
        try:
            self.client.deregister_target_from_maintenance_window(
                WindowId=window_id, WindowTargetId=target_id, Safe=safe
            )
        except ClientError as error:
            assert safe and in_use and error.response["Error"]["Code"] == "TargetInUseException"
            return
        assert not (safe and in_use)
        targets.remove(target_id)

    @rule(window_id=windows, data=st.data())
    def deregister_task(self, window_id: str, data: Any) -> None:
        tasks = self.model[window_id][1]
        if not tasks:
            return
        task_id = data.draw(st.sampled_from(sorted(tasks)))
        self.client.deregister_task_from_maintenance_window(WindowId=window_id, WindowTaskId=task_id)
        del tasks[task_id]

    @invariant()
    def listings_match_the_model(self) -> None:
        listed = self.client.get_paginator("describe_maintenance_windows").paginate(PaginationConfig={"PageSize": 10})
        assert [w["WindowId"] for page in listed for w in page["WindowIdentities"]] == list(self.model)
        for window_id, (targets, tasks) in self.model.items():
            pages = self.client.get_paginator("describe_maintenance_window_targets").paginate(
                WindowId=window_id, PaginationConfig={"PageSize": 10}
            )
            assert [t["WindowTargetId"] for p in pages for t in p["Targets"]] == targets
            pages = self.client.get_paginator("describe_maintenance_window_tasks").paginate(
                WindowId=window_id, PaginationConfig={"PageSize": 10}
            )
            assert [t["WindowTaskId"] for p in pages for t in p["Tasks"]] == list(tasks)


WindowModel.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
TestWindowModel = WindowModel.TestCase
