"""Inventory filters (``InventoryFilter``): ``TYPE.ATTRIBUTE`` keys compared with Equal,
NotEqual, BeginWith, LessThan, GreaterThan or Exists, and ``TypeName`` with Exists.

A node matches a filter when one of its entries of the type does; the values of one filter
are alternatives, and all filters must match. GetInventory, its aggregator groups and
ListInventoryEntries compile filters here, so the rules live in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ... import errors
from .schemas import INSTANCE_INFORMATION, Schema
from .store import InventoryStore

TYPE_NAME_KEY = "TypeName"
EntryCheck = Callable[[dict[str, str]], bool]


@dataclass(frozen=True)
class Condition:
    """One compiled filter. ``attribute`` is None for a ``TypeName`` filter, whose values are types."""

    type_name: str
    attribute: str | None
    operator: str
    values: tuple[str, ...]
    check: EntryCheck

    @property
    def on_types(self) -> bool:
        return self.attribute is None

    @property
    def type_names(self) -> tuple[str, ...]:
        """The inventory types whose items decide this condition."""
        return self.values if self.attribute is None else (self.type_name,)


def compile_filters(
    store: InventoryStore, filters: Iterable[dict[str, Any]], *, allow_exists: bool, only_type: str | None = None
) -> list[Condition]:
    """Check and compile request filters. ``only_type`` (ListInventoryEntries) makes bare
    attribute names valid keys and refuses other types."""
    conditions = []
    for item in filters:
        operator = item.get("Type") or "Equal"
        if operator == "Exists" and not allow_exists:
            raise errors.InvalidFilter(
                f"The Exists filter type can be used only with aggregators (filter key {item['Key']})."
            )
        conditions.append(_compile(store, item["Key"], operator, tuple(item["Values"]), only_type))
    return conditions


def _compile(
    store: InventoryStore, key: str, operator: str, values: tuple[str, ...], only_type: str | None
) -> Condition:
    if key == TYPE_NAME_KEY and only_type is None:
        if operator != "Exists":
            raise errors.InvalidFilter("The TypeName filter key can be used only with the Exists filter type.")
        for type_name in values:
            store.schema(type_name)
        return Condition("", None, operator, values, lambda entry: True)
    type_name, dot, attribute = key.rpartition(".")
    if only_type is not None and not dot:
        type_name, attribute = only_type, key
    if not type_name or not attribute:
        raise errors.InvalidFilter(
            f"The filter key {key} is not valid. Use the form TypeName.AttributeName, "
            "for example AWS:InstanceInformation.PlatformType."
        )
    if only_type is not None and type_name != only_type:
        raise errors.InvalidFilter(f"The filter key {key} does not belong to the inventory type {only_type}.")
    schema = store.schema(type_name)
    attribute = _attribute(schema, attribute, key)
    return Condition(type_name, attribute, operator, values, _entry_check(schema, attribute, operator, values, key))


def _attribute(schema: Schema, attribute: str, key: str) -> str:
    if attribute in schema.attributes:
        return attribute
    spelled = schema.spellings.get(attribute.lower())
    if spelled is not None:
        return spelled
    raise errors.InvalidFilter(
        f"The filter key {key} is not valid: {schema.type_name} has no attribute {attribute}. "
        f"Its attributes: {', '.join(schema.attributes)}."
    )


def _entry_check(schema: Schema, attribute: str, operator: str, values: tuple[str, ...], key: str) -> EntryCheck:
    if operator == "Exists":
        return lambda entry: attribute in entry
    if operator == "Equal":
        wanted = frozenset(values)
        return lambda entry: entry.get(attribute) in wanted
    if operator == "NotEqual":
        unwanted = frozenset(values)
        return lambda entry: attribute in entry and entry[attribute] not in unwanted
    if operator == "BeginWith":
        prefixes = tuple(values)
        return lambda entry: attribute in entry and entry[attribute].startswith(prefixes)
    below = operator == "LessThan"
    if schema.attributes.get(attribute) == "number":
        bounds = [_number(value, key) for value in values]

        def compare_numbers(entry: dict[str, str]) -> bool:
            found = _as_number(entry.get(attribute))
            return found is not None and any(found < b if below else found > b for b in bounds)

        return compare_numbers
    return lambda entry: (
        attribute in entry and any(entry[attribute] < v if below else entry[attribute] > v for v in values)
    )


def _number(value: str, key: str) -> float:
    found = _as_number(value)
    if found is None:
        raise errors.InvalidFilter(f"The filter value {value} is not a number; {key} holds numbers.")
    return found


def _as_number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def node_matches(condition: Condition, items: Callable[[str], list[dict[str, str]] | None]) -> bool:
    """Whether a node matches; ``items(type)`` gives the node's entries of a type, or None."""
    if condition.on_types:
        return any(items(type_name) is not None for type_name in condition.values)
    entries = items(condition.type_name)
    return entries is not None and any(condition.check(entry) for entry in entries)


def is_derived(condition: Condition) -> bool:
    """Conditions on AWS:InstanceInformation, which no index holds (it is read from the nodes)."""
    return INSTANCE_INFORMATION in condition.type_names
