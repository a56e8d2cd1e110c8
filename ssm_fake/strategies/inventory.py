"""Request recipes for inventory (``backend/inventory``).

Items follow the type schemas the fake keeps (``data/inventory/aws_types.json``): each AWS
type at its one schema version, with attributes of its schema, numbers where the schema says
number; AWS:InstanceInformation is Systems Manager's own and is never put. Custom types are
``Custom:`` and a capital letter, with attribute names spelled one way. Nodes must be managed
nodes: on an empty account PutInventory and ListInventoryEntries answer InvalidInstanceId.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from ..backend.inventory.get_inventory import RESULT_TYPES
from ..backend.inventory.node_information import CAPTURE_TIME_FORMAT
from ..backend.inventory.schemas import INSTANCE_INFORMATION, Schema, aws_schemas
from . import shapes
from .primitives import INSTANCE_IDS, UUIDS, WORD, Request, RequestStrategy, max_results, request_of

_PUT_TYPES = sorted(name for name in aws_schemas() if name != INSTANCE_INFORMATION)
_ALL_TYPES = sorted(aws_schemas())
_NUMBERS = st.integers(0, 10_000).map(str)
_TEXT = st.text(string.ascii_letters + string.digits + " .-_/:", max_size=30)
_CUSTOM_TYPES = shapes.regex(r"Custom:[A-Z][A-Za-z0-9]{0,20}")
# Lower-case names: no two can differ only in case.
_CUSTOM_ATTRIBUTES = shapes.regex(r"[a-z][a-z0-9]{0,15}")
_CAPTURE_TIMES = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda moment: moment.strftime(CAPTURE_TIME_FORMAT)
)


def _aws_entry(schema: Schema) -> st.SearchStrategy[dict[str, str]]:
    values = {name: (_NUMBERS if kind == "number" else _TEXT) for name, kind in schema.attributes.items()}
    return st.fixed_dictionaries({}, optional=values)


@st.composite
def _item(draw: st.DrawFn, type_name: str) -> Request:
    if type_name.startswith("Custom:"):
        version = draw(st.sampled_from(["1.0", "1.1", "2.0"]))
        names = draw(st.lists(_CUSTOM_ATTRIBUTES, min_size=1, max_size=5, unique=True))
        entry = st.fixed_dictionaries({}, optional=dict.fromkeys(names, _TEXT))
    else:
        schema = aws_schemas()[type_name]
        version, entry = schema.version, _aws_entry(schema)
    item: Request = {
        "TypeName": type_name,
        "SchemaVersion": version,
        "CaptureTime": draw(_CAPTURE_TIMES),
        "Content": draw(st.lists(entry, max_size=4)),
    }
    if draw(st.booleans()):
        item["ContentHash"] = draw(st.text(string.hexdigits.lower()[:16], min_size=32, max_size=32))
    return item


@st.composite
def _put_inventory(draw: st.DrawFn) -> Request:
    type_names = draw(st.lists(st.sampled_from(_PUT_TYPES) | _CUSTOM_TYPES, min_size=1, max_size=3, unique=True))
    return {"InstanceId": draw(INSTANCE_IDS), "Items": [draw(_item(name)) for name in type_names]}


@st.composite
def _inventory_filter(draw: st.DrawFn) -> dict[str, Any]:
    """``Type.Attribute`` of an AWS type, compared with values that suit the attribute."""
    schema = aws_schemas()[draw(st.sampled_from(_ALL_TYPES))]
    attribute = draw(st.sampled_from(sorted(schema.attributes)))
    operator = draw(st.sampled_from(["Equal", "NotEqual", "BeginWith", "LessThan", "GreaterThan"]))
    values = _NUMBERS if operator in ("LessThan", "GreaterThan") else WORD
    return {
        "Key": f"{schema.type_name}.{attribute}",
        "Values": draw(st.lists(values, min_size=1, max_size=3)),
        "Type": operator,
    }


@st.composite
def _list_entries(draw: st.DrawFn) -> Request:
    schema = aws_schemas()[draw(st.sampled_from(_ALL_TYPES))]
    listed: Request = {"InstanceId": draw(INSTANCE_IDS), "TypeName": schema.type_name}
    if draw(st.booleans()):
        attribute = draw(st.sampled_from(sorted(schema.attributes)))
        listed["Filters"] = [
            {"Key": attribute, "Values": draw(st.lists(WORD, min_size=1, max_size=2)), "Type": "Equal"}
        ]
    if draw(st.booleans()):
        listed["MaxResults"] = draw(max_results("ListInventoryEntries"))
    return listed


RECIPES: dict[str, Callable[[], RequestStrategy]] = {
    "PutInventory": _put_inventory,
    "GetInventory": lambda: request_of(
        {},
        {
            "Filters": st.lists(_inventory_filter(), min_size=1, max_size=3),
            "ResultAttributes": st.sampled_from(RESULT_TYPES).map(lambda name: [{"TypeName": name}]),
            "MaxResults": max_results("GetInventory"),
        },
    ),
    "GetInventorySchema": lambda: request_of(
        {},
        {
            "TypeName": st.sampled_from(_ALL_TYPES),
            "Aggregator": st.booleans(),
            "SubType": st.booleans(),
            "MaxResults": max_results("GetInventorySchema"),
        },
    ),
    "ListInventoryEntries": _list_entries,
    "DeleteInventory": lambda: request_of(
        {"TypeName": _CUSTOM_TYPES},
        {"SchemaDeleteOption": st.sampled_from(["DisableSchema", "DeleteSchema"]), "DryRun": st.booleans()},
    ),
    "DescribeInventoryDeletions": lambda: request_of(
        {}, {"DeletionId": UUIDS, "MaxResults": max_results("DescribeInventoryDeletions")}
    ),
}

STATE_ERRORS: dict[str, list[str]] = {
    # What the account already holds: the node, custom types (at most 20, spelled one way).
    "PutInventory": ["InvalidInstanceId", "CustomSchemaCountLimitExceededException", "ItemContentMismatchException"],
    "ListInventoryEntries": ["InvalidInstanceId"],
    # A custom type must exist; one deletion of it at a time.
    "DeleteInventory": [
        "InvalidTypeNameException",
        "InvalidDeleteInventoryParametersException",
        "InvalidOptionException",
    ],
    "DescribeInventoryDeletions": ["InvalidDeletionIdException"],
}
