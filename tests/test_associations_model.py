"""Create, update, delete, list and versions of associations against a small model of what
the service must remember, driven by hypothesis through random sequences of calls."""

from __future__ import annotations

from typing import Any

import boto3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from service_errors import service_error

from ssm_fake import mock_ssm

SHELL = "AWS-RunShellScript"
ECHO = {"commands": ["echo hi"]}
ROLES = ("web", "db")
NAMES = st.sampled_from(["alpha", "beta", "gamma.1", "delta-2"])


class AssociationLifecycle(RuleBasedStateMachine):
    associations = Bundle("associations")

    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_ssm()
        self.ssm = self.mock.start()
        self.client = boto3.client("ssm", region_name="us-east-1")
        self.nodes = [self.ssm.add_instance(tags={"Role": role}) for role in ROLES]
        # association id -> (legacy instance id or None, AssociationName per version)
        self.model: dict[str, tuple[str | None, list[str | None]]] = {}
        self.order: list[str] = []

    def teardown(self) -> None:
        self.mock.stop()

    @rule(target=associations, role=st.sampled_from(ROLES), name=st.none() | NAMES)
    def create_by_targets(self, role: str, name: str | None) -> str:
        kwargs: dict[str, Any] = {"AssociationName": name} if name else {}
        created = self.client.create_association(
            Name=SHELL, Targets=[{"Key": "tag:Role", "Values": [role]}], Parameters=ECHO, **kwargs
        )["AssociationDescription"]
        association_id = str(created["AssociationId"])
        self.model[association_id] = (None, [name])
        self.order.append(association_id)
        return association_id

    @rule(target=associations, index=st.integers(0, len(ROLES) - 1))
    def create_by_instance_id(self, index: int) -> str:
        node = self.nodes[index]
        taken = any(instance == node for instance, _ in self.model.values())
        if taken:
            code, _ = service_error(self.client.create_association, Name=SHELL, InstanceId=node, Parameters=ECHO)
            assert code == "AssociationAlreadyExists"
            return next(a for a, (instance, _) in self.model.items() if instance == node)
        created = self.client.create_association(Name=SHELL, InstanceId=node, Parameters=ECHO)
        association_id = str(created["AssociationDescription"]["AssociationId"])
        self.model[association_id] = (node, [None])
        self.order.append(association_id)
        return association_id

    @rule(association_id=associations, name=st.none() | NAMES, stale=st.booleans())
    def update(self, association_id: str, name: str | None, stale: bool) -> None:
        if association_id not in self.model:
            code, _ = service_error(self.client.update_association, AssociationId=association_id, Parameters=ECHO)
            assert code == "AssociationDoesNotExist"
            return
        instance_id, versions = self.model[association_id]
        kwargs: dict[str, Any] = {"AssociationName": name} if name and instance_id is None else {}
        if stale and len(versions) > 1:
            code, _ = service_error(
                self.client.update_association,
                AssociationId=association_id,
                Parameters=ECHO,
                AssociationVersion=str(len(versions) - 1),
                **kwargs,
            )
            assert code == "InvalidAssociationVersion"
            return
        reply = self.client.update_association(
            AssociationId=association_id, Parameters=ECHO, AssociationVersion=str(len(versions)), **kwargs
        )
        versions.append(kwargs.get("AssociationName"))
        assert reply["AssociationDescription"]["AssociationVersion"] == str(len(versions))

    @rule(association_id=consumes(associations))
    def delete(self, association_id: str) -> None:
        if association_id not in self.model:
            code, _ = service_error(self.client.delete_association, AssociationId=association_id)
            assert code == "AssociationDoesNotExist"
            return
        instance_id, _ = self.model.pop(association_id)
        self.order.remove(association_id)
        if instance_id is not None:
            self.client.delete_association(Name=SHELL, InstanceId=instance_id)
        else:
            self.client.delete_association(AssociationId=association_id)

    @rule(association_id=associations)
    def versions_match(self, association_id: str) -> None:
        if association_id not in self.model:
            return
        listed = self.client.list_association_versions(AssociationId=association_id)["AssociationVersions"]
        assert [v.get("AssociationName") for v in listed] == self.model[association_id][1]
        described = self.client.describe_association(AssociationId=association_id)["AssociationDescription"]
        assert described["AssociationVersion"] == str(len(listed))
        assert described.get("InstanceId") == self.model[association_id][0]

    @invariant()
    def the_list_is_the_model(self) -> None:
        listed = [a["AssociationId"] for a in self.client.list_associations(MaxResults=50)["Associations"]]
        assert listed == self.order
        for entry in self.client.list_associations()["Associations"]:
            _, versions = self.model[entry["AssociationId"]]
            assert entry["AssociationVersion"] == str(len(versions))
            assert entry.get("AssociationName") == versions[-1]


AssociationLifecycle.TestCase.settings = settings(
    max_examples=25, stateful_step_count=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestAssociationLifecycle = AssociationLifecycle.TestCase


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    failing=st.lists(st.booleans(), min_size=1, max_size=8),
    concurrency=st.integers(1, 4),
    max_errors=st.integers(0, 3),
)
def test_rate_control_over_any_run(failing: list[bool], concurrency: int, max_errors: int) -> None:
    """Every node ends Success, Failed or Cancelled; nodes are skipped only once more than
    MaxErrors failed, and then no more start than were already running."""
    with mock_ssm() as ssm:
        client = boto3.client("ssm", region_name="us-east-1")
        nodes = [ssm.add_instance(tags={"Role": "web"}) for _ in failing]
        for node, fails in zip(nodes, failing, strict=True):
            if fails:
                ssm.set_command_outcome(instance_id=node, status="Failed")
        association_id = client.create_association(
            Name=SHELL,
            Targets=[{"Key": "tag:Role", "Values": ["web"]}],
            Parameters=ECHO,
            MaxConcurrency=str(concurrency),
            MaxErrors=str(max_errors),
        )["AssociationDescription"]["AssociationId"]
        (run,) = client.describe_association_executions(AssociationId=association_id)["AssociationExecutions"]
        targets = client.describe_association_execution_targets(
            AssociationId=association_id, ExecutionId=run["ExecutionId"]
        )["AssociationExecutionTargets"]
        status = {t["ResourceId"]: t["Status"] for t in targets}
        assert set(status) == set(nodes)
        ran = [node for node in nodes if status[node] != "Cancelled"]
        assert ran == nodes[: len(ran)]  # nodes start in order; the skipped ones are the last
        failed = sum(1 for node in ran if status[node] == "Failed")
        assert all(
            status[n] == ("Failed" if fails else "Success") for n, fails in zip(nodes, failing, strict=True) if n in ran
        )
        if len(ran) < len(nodes):
            assert failed > max_errors
        assert failed <= max_errors + concurrency
        assert run["Status"] == ("Failed" if failed or len(ran) < len(nodes) else "Success")
