"""Which managed nodes a set of inventory filters selects, in registration order, one page
at a time.

The walk is driven by the most selective index a filter offers (the node lists of an Equal
value or of a BeginWith range, the nodes holding a type, or the ids an
``AWS:InstanceInformation.InstanceId`` filter names) and resumes after a page token by
binary search, so a page costs what its own nodes cost, not what the fleet does. Only
filters with no index (every one of them on ``AWS:InstanceInformation`` but InstanceId,
which the fake reads from the nodes) fall back to walking every node.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from itertools import groupby

from ..instances.nodes import InstanceRegistry, ManagedNode
from .filters import Condition, is_derived, node_matches
from .node_information import information_entry
from .schemas import INSTANCE_INFORMATION
from .store import InventoryStore

EntriesOf = Callable[[str], list[dict[str, str]] | None]


def entries_of(store: InventoryStore, node: ManagedNode) -> EntriesOf:
    """The node's entries of a type (None when it has no item of the type)."""

    def entries(type_name: str) -> list[dict[str, str]] | None:
        if type_name == INSTANCE_INFORMATION:
            return [information_entry(node)]
        item = store.item(node.seq, type_name)
        return None if item is None else item.content

    return entries


def matches(store: InventoryStore, node: ManagedNode, conditions: list[Condition]) -> bool:
    entries = entries_of(store, node)
    return all(node_matches(condition, entries) for condition in conditions)


def matching_nodes(
    store: InventoryStore, registry: InstanceRegistry, conditions: list[Condition], after: int = 0
) -> Iterator[ManagedNode]:
    """Every managed node after sequence number ``after`` that all conditions select, in order."""
    for node in _candidates(store, registry, conditions, after):
        if matches(store, node, conditions):
            yield node


def _candidates(
    store: InventoryStore, registry: InstanceRegistry, conditions: list[Condition], after: int
) -> Iterator[ManagedNode]:
    named = _named_nodes(registry, conditions)
    if named is not None:
        yield from (node for node in named if node.seq > after)
        return
    best: list[list[int]] | None = None
    best_size = 0
    for condition in conditions:
        lists = _index_lists(store, condition)
        if lists is None:
            continue
        size = sum(len(nodes) for nodes in lists)
        if best is None or size < best_size:
            best, best_size = lists, size
    if best is None:
        nodes = list(registry.nodes.values())
        start = bisect_right(nodes, after, key=lambda node: node.seq)
        yield from (nodes[index] for index in range(start, len(nodes)))
        return
    merged = heapq.merge(*(_after(nodes, after) for nodes in best))
    for seq, _ in groupby(merged):
        node = registry.node(store.instance_ids[seq])
        if node is not None and node.seq == seq:
            yield node


def _named_nodes(registry: InstanceRegistry, conditions: list[Condition]) -> list[ManagedNode] | None:
    """The nodes an ``AWS:InstanceInformation.InstanceId`` Equal filter names, in order."""
    for condition in conditions:
        if is_derived(condition) and condition.attribute == "InstanceId" and condition.operator == "Equal":
            found = (registry.node(instance_id) for instance_id in set(condition.values))
            return sorted((node for node in found if node is not None), key=lambda node: node.seq)
    return None


def _after(ordered: list[int], after: int) -> Iterator[int]:
    return (ordered[index] for index in range(bisect_right(ordered, after), len(ordered)))


def _index_lists(store: InventoryStore, condition: Condition) -> list[list[int]] | None:
    """Sorted node lists whose union holds every node the condition can select, or None."""
    if is_derived(condition):
        return None
    if condition.on_types:
        return [store.with_type.get(type_name, []) for type_name in condition.values]
    assert condition.attribute is not None
    key = (condition.type_name, condition.attribute)
    by_value = store.nodes_by_value.get(key, {})
    if condition.operator == "Equal":
        return [by_value[value] for value in set(condition.values) if value in by_value]
    if condition.operator == "BeginWith":
        values = store.values.get(key, [])
        lists = []
        for prefix in set(condition.values):
            index = bisect_left(values, prefix)
            while index < len(values) and values[index].startswith(prefix):
                lists.append(by_value[values[index]])
                index += 1
        return lists
    return [store.with_type.get(condition.type_name, [])]
