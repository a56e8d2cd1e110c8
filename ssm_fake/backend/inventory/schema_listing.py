"""GetInventorySchema: the AWS inventory types and the account's custom ones.

``TypeName`` picks one type; ``Aggregator=true`` lists only the types that support
aggregation, with only those attributes; ``SubType=true`` lists the sub-type schemas, which
the fake has none of (see docs/inventory.md), so it answers an empty list.
"""

from __future__ import annotations

from ..registry import Reply, Request, handles
from ..shared.pagination import page_of, with_next_token
from ..state import RequestContext
from .schemas import Schema, aws_schemas
from .store import InventoryStore

# GetInventorySchemaMaxResults is 50..200; the smallest page is the default.
DEFAULT_PAGE_SIZE = 50


@handles("GetInventorySchema")
def get_inventory_schema(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(InventoryStore)
    type_name = request.get("TypeName")
    schemas: list[Schema]
    if request.get("SubType"):
        schemas = []
    elif type_name:
        schemas = [store.schema(type_name)]
    else:
        schemas = sorted([*aws_schemas().values(), *store.custom.values()], key=lambda s: s.type_name)
    aggregator = bool(request.get("Aggregator"))
    if aggregator:
        schemas = [schema for schema in schemas if schema.aggregatable]
    page, token = page_of(schemas, request, key=lambda s: s.type_name, default_limit=DEFAULT_PAGE_SIZE)
    described = [schema.describe_aggregation() if aggregator else schema.describe() for schema in page]
    return with_next_token({"Schemas": described}, token)
