"""GetInventory's Aggregators: counts of nodes per attribute value (``Expression``, nested
for combinations) or per matching / not matching group of filters (``Groups``).

The reply is one entity whose Data holds, per top-level aggregator, the counts as strings,
in the form the user guide's "Aggregating inventory data" shows:
``{"AWS:InstanceInformation": {"Content": [{"PlatformType": "Linux", "Count": "5"}]}}`` and
``{"GroupName": {"Content": [{"notMatchingCount": "3"}, {"matchingCount": "1"}]}}``.
"""

from __future__ import annotations

from collections import Counter
from itertools import product
from typing import Any

from ... import errors
from ..instances.nodes import ManagedNode
from .filters import compile_filters, node_matches
from .query import entries_of
from .store import InventoryStore

Chain = list[tuple[str, str]]


def aggregate(store: InventoryStore, nodes: list[ManagedNode], aggregators: list[dict[str, Any]]) -> dict[str, Any]:
    """The Data of the single entity an aggregated GetInventory returns."""
    data: dict[str, Any] = {}
    group_names: set[str] = set()
    for aggregator in aggregators:
        expression = aggregator.get("Expression")
        groups = aggregator.get("Groups")
        if bool(expression) == bool(groups):
            raise errors.InvalidAggregatorException(
                "Each aggregator takes either an Expression or Groups, not both and not neither."
            )
        if groups:
            if aggregator.get("Aggregators"):
                raise errors.InvalidAggregatorException("An aggregator with Groups can't have nested Aggregators.")
            for group in groups:
                if group["Name"] in group_names:
                    raise errors.InvalidInventoryGroupException(
                        f"The group name {group['Name']} is used more than once; group names must be unique."
                    )
                group_names.add(group["Name"])
                data[group["Name"]] = {"Content": _group_counts(store, nodes, group)}
            continue
        chains = _chains(store, aggregator, [])
        type_name = chains[0][0][0]
        content = data.setdefault(type_name, {"Content": []})["Content"]
        for chain in chains:
            content.extend(_value_counts(store, nodes, chain))
    return data


def _chains(store: InventoryStore, aggregator: dict[str, Any], prefix: Chain) -> list[Chain]:
    """Every root-to-leaf path of (type, attribute) pairs under an Expression aggregator."""
    expression = aggregator.get("Expression")
    if not expression or aggregator.get("Groups"):
        raise errors.InvalidAggregatorException("Nested aggregators take an Expression and no Groups.")
    chain = [*prefix, _parse_expression(store, expression)]
    nested = aggregator.get("Aggregators") or []
    if not nested:
        return [chain]
    return [path for child in nested for path in _chains(store, child, chain)]


def _parse_expression(store: InventoryStore, expression: str) -> tuple[str, str]:
    type_name, dot, attribute = expression.rpartition(".")
    if not dot or not type_name or not attribute:
        raise errors.InvalidAggregatorException(
            f"The aggregator expression {expression} is not valid. Use TypeName.AttributeName, "
            "for example AWS:InstanceInformation.PlatformType."
        )
    schema = store.schema(type_name)
    if attribute not in schema.aggregatable:
        supported = ", ".join(schema.aggregatable) or "none"
        raise errors.InvalidAggregatorException(
            f"The attribute {attribute} of {type_name} does not support aggregation. Attributes that do: "
            f"{supported}. GetInventorySchema with Aggregator=true lists them."
        )
    return type_name, attribute


def _value_counts(store: InventoryStore, nodes: list[ManagedNode], chain: Chain) -> list[dict[str, str]]:
    """Nodes per combination of the chain's values; attributes of one type come from one entry."""
    types = list(dict.fromkeys(type_name for type_name, _ in chain))
    counts: Counter[tuple[str, ...]] = Counter()
    for node in nodes:
        entries = entries_of(store, node)
        per_type: list[set[tuple[str, ...]]] = []
        for type_name in types:
            attributes = [attribute for t, attribute in chain if t == type_name]
            found = entries(type_name) or []
            per_type.append({tuple(e[a] for a in attributes) for e in found if all(a in e for a in attributes)})
        for combination in product(*per_type):
            counts[_in_chain_order(chain, types, combination)] += 1
    names = [attribute for _, attribute in chain]
    rows = sorted(counts.items(), key=lambda row: (-row[1], row[0]))
    return [{**dict(zip(names, values, strict=True)), "Count": str(count)} for values, count in rows]


def _in_chain_order(chain: Chain, types: list[str], combination: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    by_type = {type_name: iter(values) for type_name, values in zip(types, combination, strict=True)}
    return tuple(next(by_type[type_name]) for type_name, _ in chain)


def _group_counts(store: InventoryStore, nodes: list[ManagedNode], group: dict[str, Any]) -> list[dict[str, str]]:
    conditions = compile_filters(store, group["Filters"], allow_exists=True)
    matching = sum(
        1 for node in nodes if all(node_matches(condition, entries_of(store, node)) for condition in conditions)
    )
    return [{"notMatchingCount": str(len(nodes) - matching)}, {"matchingCount": str(matching)}]
