"""GetInventory: the managed nodes the filters select, with their ``AWS:InstanceInformation``
(or ``AWS:PatchSummary``) item, a page at a time, or aggregated counts."""

from __future__ import annotations

from typing import Any

from ... import errors
from ..instances.nodes import InstanceRegistry, ManagedNode
from ..registry import Reply, Request, handles
from ..shared.pagination import decode_token, encode_token, with_next_token
from ..state import RequestContext
from .aggregation import aggregate
from .filters import compile_filters
from .node_information import information_item
from .query import matching_nodes
from .schemas import INSTANCE_INFORMATION
from .store import InventoryStore

# The MaxResults documentation gives no default; the fake uses the largest page.
DEFAULT_PAGE_SIZE = 50
PATCH_SUMMARY = "AWS:PatchSummary"
RESULT_TYPES = (INSTANCE_INFORMATION, PATCH_SUMMARY)


@handles("GetInventory")
def get_inventory(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(InventoryStore)
    registry = ctx.state(InstanceRegistry)
    aggregators = request.get("Aggregators")
    conditions = compile_filters(store, request.get("Filters") or [], allow_exists=bool(aggregators))
    result_type = _result_type(request)
    if aggregators:
        nodes = list(matching_nodes(store, registry, conditions))
        return {"Entities": [{"Data": aggregate(store, nodes, aggregators)}]}
    if result_type != INSTANCE_INFORMATION:
        # Nodes without an item of the result type have nothing to show.
        conditions = [*conditions, *compile_filters(store, [_has_type(result_type)], allow_exists=True)]
    token = request.get("NextToken")
    after = _after(token) if token else 0
    limit: int = request.get("MaxResults") or DEFAULT_PAGE_SIZE
    page: list[ManagedNode] = []
    next_token = None
    for node in matching_nodes(store, registry, conditions, after):
        if len(page) == limit:
            next_token = encode_token(page[-1].seq)
            break
        page.append(node)
    entities = [_entity(store, node, result_type) for node in page]
    return with_next_token({"Entities": entities}, next_token)


def _result_type(request: Request) -> str:
    attributes = request.get("ResultAttributes") or [{"TypeName": INSTANCE_INFORMATION}]
    type_name: str = attributes[0]["TypeName"]
    if type_name not in RESULT_TYPES:
        # The service's message, as pasted in aws/aws-sdk-go-v2 issue 2352.
        raise errors.InvalidResultAttributeException(
            f"Result type name {type_name} is not supported. Supported type names are: "
            f"{', '.join(RESULT_TYPES)}. Default result type name is {INSTANCE_INFORMATION}."
        )
    return type_name


def _has_type(type_name: str) -> dict[str, Any]:
    return {"Key": "TypeName", "Values": [type_name], "Type": "Exists"}


def _after(token: str) -> int:
    after = decode_token(token)
    if not isinstance(after, int):
        raise errors.InvalidNextToken("The specified token is not valid.")
    return after


def _entity(store: InventoryStore, node: ManagedNode, result_type: str) -> dict[str, Any]:
    if result_type == INSTANCE_INFORMATION:
        data = information_item(node)
    else:
        item = store.item(node.seq, result_type)
        assert item is not None  # the walk selected nodes holding the type
        data = item.describe()
    return {"Id": node.instance_id, "Data": {result_type: data}}
