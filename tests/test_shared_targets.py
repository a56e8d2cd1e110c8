"""shared/targets: which nodes InstanceIds / Targets select, and the exclusivity rule.

Unit tests of the shared mechanism; Run Command's boto3 tests (test_commands_send.py) check
the same rules end to end."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from ssm_fake.backend.shared.targets import check, require_ids_or_targets, select
from ssm_fake.errors import InvalidTarget, NotImplementedByFake, ValidationException


@dataclass
class Node:
    instance_id: str
    tags: dict[str, str] = field(default_factory=dict)


NODES = [
    Node("i-1", {"env": "prod", "role": "web"}),
    Node("i-2", {"env": "dev", "role": "web"}),
    Node("i-3", {"env": "prod"}),
    Node("mi-4", {}),
]


def ids(nodes: list[Node]) -> list[str]:
    return [n.instance_id for n in nodes]


@pytest.mark.parametrize(
    ("targets", "expected"),
    [
        ([{"Key": "InstanceIds", "Values": ["i-3", "i-1"]}], ["i-1", "i-3"]),  # in the order given
        ([{"Key": "instanceids", "Values": ["mi-4"]}], ["mi-4"]),  # any case
        ([{"Key": "InstanceIds", "Values": ["*"]}], ["i-1", "i-2", "i-3", "mi-4"]),
        ([{"Key": "tag:env", "Values": ["prod"]}], ["i-1", "i-3"]),
        ([{"Key": "tag:env", "Values": ["prod", "dev"]}], ["i-1", "i-2", "i-3"]),  # values are alternatives
        ([{"Key": "tag:env", "Values": ["prod"]}, {"Key": "tag:role", "Values": ["web"]}], ["i-1"]),  # keys all match
        ([{"Key": "tag-key", "Values": ["role"]}], ["i-1", "i-2"]),
        ([{"Key": "tag:missing", "Values": ["x"]}], []),
    ],
)
def test_select(targets: list[dict[str, object]], expected: list[str]) -> None:
    assert ids(select(targets, NODES)) == expected


def test_unknown_key_is_invalid_target() -> None:
    with pytest.raises(InvalidTarget, match="'color'"):
        select([{"Key": "color", "Values": ["red"]}], NODES)
    with pytest.raises(InvalidTarget):
        select([{"Key": "tag:", "Values": ["x"]}], NODES)


def test_resource_groups_need_a_resolver() -> None:
    target = [{"Key": "resource-groups:Name", "Values": ["web-servers"]}]
    with pytest.raises(NotImplementedByFake, match="resource groups"):
        select(target, NODES)
    groups = {"web-servers": {"i-2", "mi-4"}}
    assert ids(select(target, NODES, resource_groups=lambda name: groups.get(name, set()))) == ["i-2", "mi-4"]


def test_instance_ids_or_targets_exactly_one() -> None:
    require_ids_or_targets(["i-1"], None, "the command")
    require_ids_or_targets(None, [{"Key": "tag:env", "Values": ["prod"]}], "the command")
    with pytest.raises(ValidationException, match="not both"):
        require_ids_or_targets(["i-1"], [{"Key": "tag:env", "Values": ["prod"]}], "the command")
    with pytest.raises(ValidationException, match="run the association on"):
        require_ids_or_targets([], [], "the association")


@pytest.mark.parametrize(
    ("targets", "fragment"),
    [
        ([{"Key": "tag:env", "Values": []}], "at least one value"),
        ([{"Key": "", "Values": ["x"]}], "at least one value"),
        ([{"Key": "tag:env", "Values": ["*"]}], "wildcard"),
        ([{"Key": "InstanceIds", "Values": ["*", "i-1"]}], "wildcard"),
        ([{"Key": "color", "Values": ["red"]}], "not valid"),
    ],
)
def test_check_refuses_targets_that_can_select_nothing_by_their_form(
    targets: list[dict[str, object]], fragment: str
) -> None:
    with pytest.raises(InvalidTarget, match=fragment):
        check(targets)


def test_check_accepts_the_grammar() -> None:
    check(
        [
            {"Key": "InstanceIds", "Values": ["*"]},
            {"Key": "tag:env", "Values": ["prod"]},
            {"Key": "tag-key", "Values": ["a"]},
        ]
    )
