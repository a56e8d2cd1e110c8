"""Inventory types: what attributes an item of each type may carry.

AWS's types are data (``ssm_fake/data/inventory/aws_types.json``, from the user guide's
"Metadata collected by inventory"); a ``Custom:`` type is defined by the first PutInventory
that uses it and grows with the attributes later puts add. One :class:`Schema` describes
either, so PutInventory, the filters and GetInventorySchema check names in one place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ... import errors

INSTANCE_INFORMATION = "AWS:InstanceInformation"
CUSTOM_PREFIX = "Custom:"
# "Both Custom and the Data you specify must begin with a capital letter" (user guide,
# "Working with custom inventory").
CUSTOM_TYPE_NAME = re.compile(r"Custom:[A-Z].*", re.DOTALL)
# InventoryItemAttributeList holds at most 50 attributes (GetInventorySchema's model).
MAX_ATTRIBUTES = 50


@dataclass(eq=False)
class Schema:
    """One inventory type: attribute name -> ``string`` / ``number``, in declaration order."""

    type_name: str
    version: str
    attributes: dict[str, str]
    context: frozenset[str] = frozenset()
    display_name: str = ""
    aggregatable: tuple[str, ...] = ()
    # Custom types: lower-cased attribute name -> the spelling first used, because
    # attribute names "are not case-sensitive" but must be spelled consistently.
    spellings: dict[str, str] = field(default_factory=dict)

    @property
    def is_custom(self) -> bool:
        return self.type_name.startswith(CUSTOM_PREFIX)

    def describe(self) -> dict[str, Any]:
        reply: dict[str, Any] = {
            "TypeName": self.type_name,
            "Version": self.version,
            "Attributes": [{"Name": name, "DataType": kind} for name, kind in self.attributes.items()],
        }
        if self.display_name:
            reply["DisplayName"] = self.display_name
        return reply

    def describe_aggregation(self) -> dict[str, Any]:
        """The schema as GetInventorySchema ``Aggregator=true`` shows it: aggregatable attributes only."""
        return {
            "TypeName": self.type_name,
            "Version": self.version,
            "DisplayName": self.display_name,
            "Attributes": [{"Name": name, "DataType": self.attributes[name]} for name in self.aggregatable],
        }


@cache
def aws_schemas() -> dict[str, Schema]:
    """AWS's inventory types by name, read once from the package data."""
    text = resources.files("ssm_fake").joinpath("data", "inventory", "aws_types.json").read_text(encoding="utf-8")
    schemas: dict[str, Schema] = {}
    for entry in json.loads(text)["Types"]:
        aggregation = entry.get("Aggregation") or {}
        schemas[entry["TypeName"]] = Schema(
            type_name=entry["TypeName"],
            version=entry["Version"],
            attributes={a["Name"]: a["DataType"] for a in entry["Attributes"]},
            context=frozenset(a["Name"] for a in entry["Attributes"] if a.get("Context")),
            display_name=aggregation.get("DisplayName", ""),
            aggregatable=tuple(aggregation.get("Attributes", ())),
        )
    return schemas


def version_key(version: str) -> tuple[int, int]:
    """``"1.10"`` -> (1, 10): schema versions compare as numbers (the model's ``N.N`` pattern)."""
    major, _, minor = version.partition(".")
    return int(major), int(minor or 0)


def check_custom_type_name(type_name: str) -> None:
    if not CUSTOM_TYPE_NAME.fullmatch(type_name):
        raise errors.InvalidTypeNameException(
            f"The type name {type_name} is not valid. Custom inventory type names start with Custom: "
            "followed by a name that begins with a capital letter, for example Custom:RackInformation."
        )


def unknown_type(type_name: str) -> errors.InvalidTypeNameException:
    if type_name.startswith(CUSTOM_PREFIX):
        hint = "Define a custom type by putting an item of it with PutInventory first."
    else:
        hint = "GetInventorySchema lists the AWS inventory types."
    return errors.InvalidTypeNameException(f"The inventory type {type_name} does not exist. {hint}")
