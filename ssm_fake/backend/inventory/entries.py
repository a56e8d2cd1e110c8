"""ListInventoryEntries: one node's entries of one type, filtered, a page at a time.

Filter keys name attributes of the requested type (``Name`` or ``AWS:Application.Name``);
each entry is kept when all filters match it. A page token is the position of the last
entry returned, so a page resumes where the last one ended at no extra cost.
"""

from __future__ import annotations

from typing import Any

from ... import errors
from ..instances.nodes import InstanceRegistry
from ..registry import Reply, Request, handles
from ..shared.pagination import paginate, with_next_token
from ..state import RequestContext
from .filters import compile_filters
from .node_information import information_item
from .schemas import INSTANCE_INFORMATION
from .store import InventoryStore

# The MaxResults documentation gives no default; the fake uses the largest page.
DEFAULT_PAGE_SIZE = 50


@handles("ListInventoryEntries")
def list_inventory_entries(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(InventoryStore)
    instance_id = request["InstanceId"]
    type_name = request["TypeName"]
    node = ctx.state(InstanceRegistry).node(instance_id)
    if node is None:
        raise errors.InvalidInstanceId(
            f"Instance {instance_id} is not a managed node in account {ctx.account_id} and region {ctx.region}."
        )
    store.schema(type_name)
    conditions = compile_filters(store, request.get("Filters") or [], allow_exists=False, only_type=type_name)
    item: dict[str, Any] | None
    if type_name == INSTANCE_INFORMATION:
        item = information_item(node)
    else:
        stored = store.item(node.seq, type_name)
        item = None if stored is None else stored.describe()
    reply: Reply = {"TypeName": type_name, "InstanceId": instance_id, "Entries": []}
    if item is None:
        return reply
    entries: list[dict[str, str]] = item["Content"]
    positions, token = paginate(
        range(len(entries)),
        key=lambda position: position,
        token=request.get("NextToken"),
        limit=request.get("MaxResults") or DEFAULT_PAGE_SIZE,
        keep=lambda position: all(condition.check(entries[position]) for condition in conditions),
    )
    reply.update(
        SchemaVersion=item["SchemaVersion"],
        CaptureTime=item["CaptureTime"],
        Entries=[entries[position] for position in positions],
    )
    return with_next_token(reply, token)
