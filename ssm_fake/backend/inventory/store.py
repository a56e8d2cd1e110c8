"""The inventory of one account and region: custom schemas, the item each node reported per
type, deletions, and the indexes that let a query touch only the nodes it returns.

Nodes are identified here by their registration sequence number (``ManagedNode.seq``), the
order GetInventory lists them in, so every index is a sorted list of ints that a page
token resumes by binary search:

* ``with_type[type]``: the nodes holding an item of that type;
* ``nodes_by_value[(type, attribute)][value]``: the nodes with an entry whose attribute
  has that value (Equal filters);
* ``values[(type, attribute)]``: the distinct values, sorted (BeginWith filters).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..state import RegionState, ServiceState
from .schemas import Schema, aws_schemas, unknown_type, version_key

AttributeKey = tuple[str, str]


@dataclass(eq=False)
class StoredItem:
    """One node's item of one type, as PutInventory last stored it."""

    type_name: str
    schema_version: str
    capture_time: str
    content_hash: str | None
    content: list[dict[str, str]]
    context: dict[str, str] | None = None

    def describe(self) -> dict[str, Any]:
        reply: dict[str, Any] = {
            "TypeName": self.type_name,
            "SchemaVersion": self.schema_version,
            "CaptureTime": self.capture_time,
            "Content": self.content,
        }
        if self.content_hash is not None:
            reply["ContentHash"] = self.content_hash
        return reply


@dataclass(eq=False)
class Deletion:
    """A DeleteInventory request; its data goes when the deletion completes on the clock."""

    deletion_id: str
    seq: int
    type_name: str
    started: datetime
    summary: dict[str, Any]
    status: str = "InProgress"
    message: str = "The Delete is in progress"
    updated: datetime | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "DeletionId": self.deletion_id,
            "TypeName": self.type_name,
            "DeletionStartTime": self.started,
            "LastStatus": self.status,
            "LastStatusMessage": self.message,
            "DeletionSummary": self.summary,
            "LastStatusUpdateTime": self.updated or self.started,
        }


class InventoryStore(RegionState):
    """Inventory items, custom schemas and deletions of one account and region."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.custom: dict[str, Schema] = {}
        # Custom type -> the version DeleteInventory's DisableSchema disabled: puts of that
        # version or lower are ignored.
        self.disabled: dict[str, str] = {}
        self.items: dict[str, dict[int, StoredItem]] = {}
        self.instance_ids: dict[int, str] = {}
        self.with_type: dict[str, list[int]] = {}
        self.nodes_by_value: dict[AttributeKey, dict[str, list[int]]] = {}
        self.values: dict[AttributeKey, list[str]] = {}
        self.deletions: dict[str, Deletion] = {}
        self.deletions_by_token: dict[str, Deletion] = {}
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def schema(self, type_name: str) -> Schema:
        """The AWS or custom type by name, or the service's InvalidTypeNameException."""
        found = aws_schemas().get(type_name) or self.custom.get(type_name)
        if found is None:
            raise unknown_type(type_name)
        return found

    def item(self, seq: int, type_name: str) -> StoredItem | None:
        return self.items.get(type_name, {}).get(seq)

    def put(self, seq: int, instance_id: str, item: StoredItem) -> None:
        """Store ``item`` for the node, replacing its earlier item of the type."""
        self.instance_ids[seq] = instance_id
        by_node = self.items.setdefault(item.type_name, {})
        old = by_node.get(seq)
        if old is not None:
            self._unindex(seq, old)
        else:
            insort(self.with_type.setdefault(item.type_name, []), seq)
        by_node[seq] = item
        self._index(seq, item)

    def drop(self, seq: int, type_name: str) -> None:
        item = self.items.get(type_name, {}).pop(seq, None)
        if item is None:
            return
        self._unindex(seq, item)
        _remove(self.with_type[type_name], seq)

    def drop_type(self, type_name: str, up_to_version: str | None = None) -> None:
        """Delete every node's item of the type (of versions up to ``up_to_version`` when given)."""
        for seq, item in list(self.items.get(type_name, {}).items()):
            if up_to_version is None or version_key(item.schema_version) <= version_key(up_to_version):
                self.drop(seq, type_name)

    def _index(self, seq: int, item: StoredItem) -> None:
        for attribute, value in _pairs(item):
            key = (item.type_name, attribute)
            by_value = self.nodes_by_value.setdefault(key, {})
            nodes = by_value.get(value)
            if nodes is None:
                nodes = by_value[value] = []
                insort(self.values.setdefault(key, []), value)
            insort(nodes, seq)

    def _unindex(self, seq: int, item: StoredItem) -> None:
        for attribute, value in _pairs(item):
            key = (item.type_name, attribute)
            by_value = self.nodes_by_value[key]
            nodes = by_value[value]
            _remove(nodes, seq)
            if not nodes:
                del by_value[value]
                _remove(self.values[key], value)


def _pairs(item: StoredItem) -> set[tuple[str, str]]:
    """The distinct (attribute, value) pairs of an item's entries: one index entry each."""
    return {pair for entry in item.content for pair in entry.items()}


def _remove(ordered: list[Any], value: Any) -> None:
    index = bisect_left(ordered, value)
    if index < len(ordered) and ordered[index] == value:
        del ordered[index]
