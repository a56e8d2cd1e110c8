"""DeleteInventory and DescribeInventoryDeletions: removing a custom type's data, disabling
a version of it, or deleting the type, as a deletion that completes on the clock.

The data stays until the deletion completes (DELETION_TIME later, by ``ssm.clock.advance``),
as in the user guide's "Deleting custom inventory", where DescribeInventoryDeletions first
shows ``InProgress`` / "The Delete is in progress" and later ``Complete`` / "Deletion is
successful". DisableSchema takes effect at once for later puts.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import page_of, with_next_token
from ..state import RequestContext
from .schemas import CUSTOM_PREFIX, version_key
from .store import Deletion, InventoryStore

# The user guide's examples complete in five to seven minutes.
DELETION_TIME = timedelta(minutes=5)
# "view a list of all deletions run in the last 30 days"
DELETIONS_KEPT = timedelta(days=30)
DEFAULT_PAGE_SIZE = 50


@handles("DeleteInventory")
def delete_inventory(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(InventoryStore)
    type_name: str = request["TypeName"]
    token = request.get("ClientToken")
    if token and token in store.deletions_by_token:
        return _reply(store.deletions_by_token[token])
    if not type_name.startswith(CUSTOM_PREFIX):
        raise errors.InvalidTypeNameException(
            f"{type_name} is an AWS inventory type; DeleteInventory deletes only custom (Custom:) types and their data."
        )
    schema = store.schema(type_name)
    option = request.get("SchemaDeleteOption")
    if any(d.type_name == type_name and d.status == "InProgress" for d in store.deletions.values()):
        raise errors.InvalidDeleteInventoryParametersException(
            f"A deletion of {type_name} is already in progress; wait for it to complete "
            "(DescribeInventoryDeletions shows its status)."
        )
    if option == "DisableSchema" and store.disabled.get(type_name) == schema.version:
        raise errors.InvalidOptionException(
            f"Version {schema.version} of {type_name} is already disabled; put a higher version to enable it again."
        )
    summary = _summary(store, type_name)
    if request.get("DryRun"):
        return {"TypeName": type_name, "DeletionSummary": summary}
    deletion = Deletion(str(uuid.uuid4()), store.next_seq(), type_name, ctx.now, summary)
    store.deletions[deletion.deletion_id] = deletion
    if token:
        store.deletions_by_token[token] = deletion
    disabled_version = schema.version if option == "DisableSchema" else None
    if disabled_version is not None:
        store.disabled[type_name] = disabled_version
    clock = ctx.service.clock
    clock.call_at(ctx.now + DELETION_TIME, lambda: _complete(store, deletion, option, disabled_version))
    return _reply(deletion)


def _summary(store: InventoryStore, type_name: str) -> dict[str, Any]:
    """How many items of each schema version the deletion removes (all of them remain so far)."""
    versions = Counter(item.schema_version for item in store.items.get(type_name, {}).values())
    total = sum(versions.values())
    items = [
        {"Version": version, "Count": count, "RemainingCount": count}
        for version, count in sorted(versions.items(), key=lambda pair: version_key(pair[0]))
    ]
    return {"TotalCount": total, "RemainingCount": total, "SummaryItems": items}


def _complete(store: InventoryStore, deletion: Deletion, option: str | None, disabled_version: str | None) -> None:
    store.drop_type(deletion.type_name, disabled_version)
    if option == "DeleteSchema":
        store.custom.pop(deletion.type_name, None)
        store.disabled.pop(deletion.type_name, None)
    summary = deletion.summary
    summary["RemainingCount"] = 0
    for item in summary["SummaryItems"]:
        item["RemainingCount"] = 0
    deletion.status = "Complete"
    deletion.message = "Deletion is successful"
    deletion.updated = store.service.clock.now()


def _reply(deletion: Deletion) -> Reply:
    return {"DeletionId": deletion.deletion_id, "TypeName": deletion.type_name, "DeletionSummary": deletion.summary}


@handles("DescribeInventoryDeletions")
def describe_inventory_deletions(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(InventoryStore)
    deletion_id = request.get("DeletionId")
    if deletion_id:
        deletion = store.deletions.get(deletion_id)
        if deletion is None:
            raise errors.InvalidDeletionIdException(
                f"The deletion {deletion_id} doesn't exist in this account and region. Use a DeletionId "
                "that DeleteInventory returned in the last 30 days."
            )
        return {"InventoryDeletions": [deletion.describe()]}
    since = ctx.now - DELETIONS_KEPT
    page, token = page_of(
        list(store.deletions.values()),
        request,
        key=lambda d: d.seq,
        default_limit=DEFAULT_PAGE_SIZE,
        keep=lambda d: d.started >= since,
    )
    return with_next_token({"InventoryDeletions": [d.describe() for d in page]}, token)
