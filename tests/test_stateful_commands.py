"""Run Command on the clock as a state machine: send, cancel, set outcomes and advance time,
observing every command and invocation after each step through boto3.

Invariants ("Understanding command statuses" and "Run commands at scale" in the user
guide): a status only moves forward (Pending, then InProgress, then a final one that never
changes); the counts add up (CompletedCount is the invocations that ended, ErrorCount the
failed or timed-out ones, all within TargetCount, and all of them once the command ended);
no more invocations run at once than MaxConcurrency; once more than MaxErrors failed, nothing
queued starts, and a command that ended so is Failed or TimedOut; a cancel ends everything
that had not ended, as Cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import boto3
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ssm_fake import mock_ssm

CLIENT = boto3.client("ssm", region_name="us-east-1")
INSTANCES = [f"i-0000000000000000{n}" for n in range(5)]
NOT_FINAL = {"Pending": 0, "InProgress": 1, "Delayed": 1}
ERROR_DETAILS = {"Failed", "ExecutionTimedOut"}


def rank(status: str) -> int:
    return NOT_FINAL.get(status, 2)


@dataclass
class Sent:
    """What the machine knows of a command: its limits and the last states it saw."""

    targets: list[str]
    max_concurrency: int
    max_errors: int
    status: tuple[str, str] = ("Pending", "Pending")
    invocations: dict[str, tuple[str, str]] = field(default_factory=dict)


class RunCommandMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_ssm()
        self.ssm = self.mock.start()
        self.ssm.clock.freeze()
        for instance in INSTANCES:
            self.ssm.add_instance(instance, platform="Linux")
        self.sent: dict[str, Sent] = {}

    def teardown(self) -> None:
        self.mock.stop()

    @initialize(status=st.sampled_from(["Success", "Failed", "TimedOut"]), duration=st.sampled_from([0, 5, 30]))
    def every_instance_ends(self, status: str, duration: int) -> None:
        self.ssm.set_command_outcome(status=status, duration=duration)

    @rule(
        instance=st.sampled_from([None, *INSTANCES]),  # None: every instance
        status=st.sampled_from(["Success", "Failed", "TimedOut", "Success"]),
        duration=st.sampled_from([0, 5, 30, 120]),
    )
    def set_outcome(self, instance: str | None, status: str, duration: int) -> None:
        self.ssm.set_command_outcome(instance_id=instance, status=status, duration=duration)

    @precondition(lambda self: len(self.sent) < 6)
    @rule(
        instances=st.lists(st.sampled_from(INSTANCES), min_size=1, max_size=5, unique=True),
        max_concurrency=st.sampled_from([1, 2, 10]),
        max_errors=st.sampled_from([0, 1, 2]),
        timeout=st.sampled_from([30, 600, 3600]),
    )
    def send(self, instances: list[str], max_concurrency: int, max_errors: int, timeout: int) -> None:
        command = CLIENT.send_command(
            DocumentName="AWS-RunShellScript",
            InstanceIds=instances,
            Parameters={"commands": ["true"]},
            MaxConcurrency=str(max_concurrency),
            MaxErrors=str(max_errors),
            TimeoutSeconds=timeout,
        )["Command"]
        assert (command["Status"], command["TargetCount"], command["CompletedCount"]) == ("Pending", len(instances), 0)
        self.sent[command["CommandId"]] = Sent(instances, max_concurrency, max_errors)

    @precondition(lambda self: bool(self.sent))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        command_id = data.draw(st.sampled_from(sorted(self.sent)))
        before = self._invocations(command_id)
        CLIENT.cancel_command(CommandId=command_id)
        after = self._invocations(command_id)
        for instance, (status, details) in after.items():
            if rank(before[instance][0]) < 2:
                assert (status, details) == ("Cancelled", "Cancelled"), (instance, before[instance])

    @rule(seconds=st.sampled_from([1, 10, 30, 60, 300, 4000]))
    def advance(self, seconds: int) -> None:
        self.ssm.clock.advance(seconds)

    def _invocations(self, command_id: str) -> dict[str, tuple[str, str]]:
        listed = CLIENT.list_command_invocations(CommandId=command_id)["CommandInvocations"]
        return {i["InstanceId"]: (i["Status"], i["StatusDetails"]) for i in listed}

    @invariant()
    def statuses_move_forward_and_counts_add_up(self) -> None:
        for command_id, sent in self.sent.items():
            command = CLIENT.list_commands(CommandId=command_id)["Commands"][0]
            invocations = self._invocations(command_id)
            status = (command["Status"], command["StatusDetails"])
            self._moved_forward(sent.status, status, command_id)
            for instance, now in invocations.items():
                self._moved_forward(sent.invocations.get(instance, ("Pending", "Pending")), now, instance)
            sent.status, sent.invocations = status, invocations

            states = list(invocations.values())
            ended = [s for s in states if rank(s[0]) == 2]
            errors = [s for s in states if s[1] in ERROR_DETAILS]
            assert sorted(invocations) == sorted(sent.targets)
            assert command["TargetCount"] == len(sent.targets)
            assert command["CompletedCount"] == len(ended)
            assert command["ErrorCount"] == len(errors)
            assert command["DeliveryTimedOutCount"] == sum(s[1] == "DeliveryTimedOut" for s in states)
            assert command["ErrorCount"] <= command["CompletedCount"] <= command["TargetCount"]
            assert sum(s[0] == "InProgress" for s in states) <= sent.max_concurrency
            if len(errors) > sent.max_errors:  # MaxErrors reached: nothing queued may start
                assert not any(s[0] == "Pending" for s in states), states
                assert len(errors) <= sent.max_errors + sent.max_concurrency
            if rank(command["Status"]) == 2:
                assert command["CompletedCount"] == command["TargetCount"]
                if len(errors) > sent.max_errors and status[0] != "Cancelled":
                    assert status[0] in ("Failed", "TimedOut"), (status, states)
                if all(s == ("Success", "Success") for s in states):
                    assert status == ("Success", "Success")

    @staticmethod
    def _moved_forward(before: tuple[str, str], now: tuple[str, str], what: str) -> None:
        assert rank(now[0]) >= rank(before[0]), (what, before, now)
        if rank(before[0]) == 2:
            assert now == before, (what, before, now)  # a final status never changes


TestRunCommand = RunCommandMachine.TestCase
# Failures, limits and the clock must meet in one run: longer runs than the profile's.
TestRunCommand.settings = settings(stateful_step_count=max(40, settings().stateful_step_count))
