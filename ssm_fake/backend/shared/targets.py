"""Which managed nodes a request selects: ``InstanceIds`` or ``Targets``, with the key
grammar and matching rules of SSM's ``Target`` data type. Run Command uses it today;
associations, maintenance windows and rate-controlled automation use the same rules.

From the API reference's ``Target`` data type and the user guide's "Run commands at scale"
(Targeting managed nodes):

* ``InstanceIds`` (any case: the guide writes ``Key=instanceids``) with node ids, or ``*``
  for every node where the capability allows it (State Manager: "Key=InstanceIds,Values=*").
* ``tag:KEY`` with tag values; ``tag-key`` with tag keys.
* ``resource-groups:Name`` / ``resource-groups:ResourceTypeFilters``: resolved only when the
  capability hands a resolver (the fake does not model AWS Resource Groups by itself).
* Values of one key are alternatives; several keys must all match.
* A request names nodes by ``InstanceIds`` or by ``Targets``, never both, and not neither.

Nothing here knows where nodes live: callers pass the candidates (anything with an
``instance_id`` and ``tags``) and get the matching ones back, in the order given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from ...errors import InvalidTarget, NotImplementedByFake, ValidationException


class Targetable(Protocol):
    @property
    def instance_id(self) -> str: ...

    @property
    def tags(self) -> Mapping[str, str]: ...


NodeT = TypeVar("NodeT", bound=Targetable)
# resource group name -> the ids of the nodes in it
ResourceGroupResolver = Callable[[str], set[str]]
RESOURCE_GROUP_PREFIX = "resource-groups:"


def require_ids_or_targets(instance_ids: list[str] | None, targets: list[dict[str, Any]] | None, what: str) -> None:
    """``InstanceIds`` or ``Targets``, exactly one of them; ``what`` names the work in the message."""
    if instance_ids and targets:
        raise ValidationException("Specify either InstanceIds or Targets, not both.")
    if not instance_ids and not targets:
        raise ValidationException(f"Specify the managed nodes to run {what} on: InstanceIds or Targets.")


def check(targets: list[dict[str, Any]]) -> None:
    """InvalidTarget for a target that can select nothing by its form: no key or no value,
    ``*`` other than as the one value of ``InstanceIds``, or a key the grammar does not know."""
    for target in targets:
        values = target.get("Values") or []
        if not target.get("Key") or not values:
            raise InvalidTarget("Each target needs a Key and at least one value.")
        if "*" in values and (target["Key"].lower() != "instanceids" or len(values) > 1):
            raise InvalidTarget(
                "The wildcard * targets every managed node only as the one value of the InstanceIds key."
            )
    select(targets, [])


def select(
    targets: list[dict[str, Any]],
    nodes: Iterable[NodeT],
    *,
    resource_groups: ResourceGroupResolver | None = None,
) -> list[NodeT]:
    """The nodes matching every target, in the order given; InvalidTarget for an unknown key."""
    selected = list(nodes)
    for target in targets:
        key = target.get("Key", "")
        values = set(target.get("Values") or [])
        if key.startswith(RESOURCE_GROUP_PREFIX):
            members = _resource_group_members(key, values, resource_groups)
            selected = [n for n in selected if n.instance_id in members]
        elif key.lower() == "instanceids":
            selected = [n for n in selected if "*" in values or n.instance_id in values]
        elif key.startswith("tag:") and len(key) > 4:
            tag = key[4:]
            selected = [n for n in selected if n.tags.get(tag) in values]
        elif key == "tag-key":
            selected = [n for n in selected if values & n.tags.keys()]
        else:
            raise InvalidTarget(f"The target key {key!r} is not valid. Use InstanceIds, tag:<tag key> or tag-key.")
    return selected


def _resource_group_members(key: str, values: set[str], resolver: ResourceGroupResolver | None) -> set[str]:
    if resolver is None or key != RESOURCE_GROUP_PREFIX + "Name":
        raise NotImplementedByFake(
            f"ssm_fake does not model resource groups, so the target key {key!r} is not supported; "
            "target by InstanceIds or tag:KEY instead."
        )
    members: set[str] = set()
    for name in values:
        members |= resolver(name)
    return members
