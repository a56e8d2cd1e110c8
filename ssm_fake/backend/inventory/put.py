"""PutInventory: a node's items, checked against their type's schema and stored whole.

Every item of a request is checked before any is stored, so a refused request changes
nothing. An item whose ContentHash equals the stored one is left as it is ("The
PutInventory API doesn't update the inventory item type contents if the MD5 hash hasn't
changed since last update").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ... import errors
from ..instances.nodes import InstanceRegistry, ManagedNode
from ..registry import Reply, Request, handles
from ..state import RequestContext
from .node_information import CAPTURE_TIME_FORMAT
from .schemas import (
    CUSTOM_PREFIX,
    INSTANCE_INFORMATION,
    MAX_ATTRIBUTES,
    Schema,
    aws_schemas,
    check_custom_type_name,
    version_key,
)
from .store import InventoryStore, StoredItem

# "Systems Manager supports a maximum of 20 custom inventory types per AWS account"
# (user guide, "Working with custom inventory").
MAX_CUSTOM_TYPES = 20
# Sizes from the Systems Manager service quotas (reconstructed, see docs/inventory.md):
# one item's content, and all items of one call.
ITEM_SIZE_LIMIT = 200 * 1024
TOTAL_SIZE_LIMIT = 1024 * 1024


@dataclass
class _Checked:
    item: StoredItem
    schema: Schema | None  # the custom schema to create or extend; None for AWS types


@handles("PutInventory")
def put_inventory(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(InventoryStore)
    node = _require_node(ctx, request["InstanceId"])
    items: list[dict[str, Any]] = request["Items"]
    _check_total_size(items)
    seen: set[str] = set()
    checked: list[_Checked] = []
    for item in items:
        type_name = item["TypeName"]
        if type_name in seen:
            raise errors.InvalidItemContentException(
                f"The request has more than one item of type {type_name}; put one item per type.",
                TypeName=type_name,
            )
        seen.add(type_name)
        result = _check_item(store, node, item)
        if result is not None:
            checked.append(result)
    _check_custom_count(ctx, store, [c.schema.type_name for c in checked if c.schema is not None])
    for result in checked:
        if result.schema is not None:
            store.custom[result.schema.type_name] = result.schema
            store.disabled.pop(result.schema.type_name, None)
        store.put(node.seq, node.instance_id, result.item)
    return {}


def _require_node(ctx: RequestContext, instance_id: str) -> ManagedNode:
    node = ctx.state(InstanceRegistry).node(instance_id)
    if node is None:
        raise errors.InvalidInstanceId(
            f"Instance {instance_id} is not a managed node in account {ctx.account_id} and region {ctx.region}. "
            "Inventory can be put only for nodes that SSM Agent registered in this account and region."
        )
    return node


def _check_total_size(items: list[dict[str, Any]]) -> None:
    size = sum(_size(item.get("Content") or []) for item in items)
    if size > TOTAL_SIZE_LIMIT:
        raise errors.TotalSizeLimitExceededException(
            f"The inventory data in this request is {size} bytes; one PutInventory call can carry at most "
            f"{TOTAL_SIZE_LIMIT} bytes."
        )


def _size(content: Any) -> int:
    return len(json.dumps(content, separators=(",", ":")).encode())


def _check_item(store: InventoryStore, node: ManagedNode, item: dict[str, Any]) -> _Checked | None:
    """The item ready to store, or None when the service would ignore it."""
    type_name: str = item["TypeName"]
    version: str = item["SchemaVersion"]
    content: list[dict[str, str]] = item.get("Content") or []
    _check_capture_time(item["CaptureTime"])
    if type_name.startswith(CUSTOM_PREFIX):
        check_custom_type_name(type_name)
        disabled = store.disabled.get(type_name)
        if disabled is not None and version_key(version) <= version_key(disabled):
            return None  # DisableSchema: "ignores all new data if the version is less than or equal"
        schema = _custom_schema(store, type_name, version, content)
    else:
        schema = _aws_schema(type_name, version)
        _check_aws_content(schema, content)
    _check_context(schema, item.get("Context"))
    size = _size(content)
    if size > ITEM_SIZE_LIMIT:
        raise errors.ItemSizeLimitExceededException(
            f"The content of the {type_name} item is {size} bytes; an item can hold at most {ITEM_SIZE_LIMIT} bytes.",
            TypeName=type_name,
        )
    content_hash = item.get("ContentHash")
    stored = store.item(node.seq, type_name)
    if stored is not None and content_hash is not None and stored.content_hash == content_hash:
        return None
    new = StoredItem(type_name, version, item["CaptureTime"], content_hash, [dict(e) for e in content])
    if item.get("Context"):
        new.context = dict(item["Context"])
    return _Checked(new, schema if schema.is_custom else None)


def _check_capture_time(capture_time: str) -> None:
    try:
        datetime.strptime(capture_time, CAPTURE_TIME_FORMAT)
    except ValueError:
        raise errors.ValidationException(
            f"CaptureTime {capture_time} is not a valid date and time; use the form 2024-01-31T12:00:00Z."
        ) from None


def _aws_schema(type_name: str, version: str) -> Schema:
    schema = aws_schemas().get(type_name)
    if schema is None or type_name == INSTANCE_INFORMATION:
        why = (
            "it is kept by Systems Manager from the managed node itself"
            if schema is not None
            else "it is not an AWS inventory type (GetInventorySchema lists them); custom types start with Custom:"
        )
        raise errors.InvalidTypeNameException(f"The type name {type_name} can't be put: {why}.")
    if version != schema.version:
        raise errors.UnsupportedInventorySchemaVersionException(
            f"Schema version {version} is not supported for {type_name}; the supported version is "
            f"{schema.version}. GetInventorySchema shows the version of each type."
        )
    return schema


def _check_aws_content(schema: Schema, content: list[dict[str, str]]) -> None:
    by_lower = {name.lower(): name for name in schema.attributes}
    for entry in content:
        for attribute, value in entry.items():
            kind = schema.attributes.get(attribute)
            if kind is None:
                spelled = by_lower.get(attribute.lower())
                if spelled is not None:
                    raise _mismatch(schema.type_name, attribute, spelled)
                raise errors.InvalidItemContentException(
                    f"The attribute {attribute} is not in the schema of {schema.type_name}. "
                    f"Its attributes: {', '.join(schema.attributes)}.",
                    TypeName=schema.type_name,
                )
            if kind == "number" and not _is_number(value):
                raise errors.InvalidItemContentException(
                    f"The value {value!r} of {schema.type_name}.{attribute} is not a number.",
                    TypeName=schema.type_name,
                )


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _mismatch(type_name: str, attribute: str, spelled: str) -> errors.ItemContentMismatchException:
    return errors.ItemContentMismatchException(
        f"The attribute {attribute} of {type_name} is spelled {spelled} in the type's schema. "
        "Attribute names aren't case-sensitive, but they must be spelled the same way every time.",
        TypeName=type_name,
    )


def _custom_schema(store: InventoryStore, type_name: str, version: str, content: list[dict[str, str]]) -> Schema:
    """The custom type's schema after this item: a copy, so a refused request changes nothing."""
    existing = store.custom.get(type_name)
    if existing is None:
        schema = Schema(type_name=type_name, version=version, attributes={})
    else:
        newer = version_key(version) > version_key(existing.version)
        schema = Schema(
            type_name=type_name,
            version=version if newer else existing.version,
            attributes=dict(existing.attributes),
            spellings=dict(existing.spellings),
        )
    for entry in content:
        for attribute in entry:
            spelled = schema.spellings.get(attribute.lower())
            if spelled is None:
                schema.spellings[attribute.lower()] = attribute
                schema.attributes[attribute] = "string"
            elif spelled != attribute:
                raise _mismatch(type_name, attribute, spelled)
    if len(schema.attributes) > MAX_ATTRIBUTES:
        raise errors.InvalidItemContentException(
            f"{type_name} would have {len(schema.attributes)} attributes; a custom type can have at most "
            f"{MAX_ATTRIBUTES}.",
            TypeName=type_name,
        )
    return schema


def _check_context(schema: Schema, context: dict[str, str] | None) -> None:
    if not context:
        return
    if not schema.context:
        raise errors.UnsupportedInventoryItemContextException(
            f"The Context attribute isn't allowed for {schema.type_name}; only types like AWS:ComplianceItem take it.",
            TypeName=schema.type_name,
        )
    unknown = sorted(set(context) - schema.context)
    if unknown:
        raise errors.InvalidInventoryItemContextException(
            f"The Context keys {', '.join(unknown)} are not valid for {schema.type_name}. "
            f"Valid keys: {', '.join(sorted(schema.context))}."
        )


def _check_custom_count(ctx: RequestContext, store: InventoryStore, type_names: list[str]) -> None:
    """At most 20 custom types per account, counted over all its regions."""
    new = {name for name in type_names if name not in store.custom}
    if not new:
        return
    existing = sum(len(s.custom) for s in ctx.service.existing(InventoryStore) if s.account_id == ctx.account_id)
    if existing + len(new) > MAX_CUSTOM_TYPES:
        raise errors.CustomSchemaCountLimitExceededException(
            f"Account {ctx.account_id} has {existing} custom inventory types; adding {', '.join(sorted(new))} "
            f"would exceed the limit of {MAX_CUSTOM_TYPES}. Delete custom types with DeleteInventory "
            "(SchemaDeleteOption DeleteSchema) and try again."
        )
