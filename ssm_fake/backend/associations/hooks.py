"""What associations lend other capabilities, registered with them so they need not import
this package: DeleteDocument's "in use" check, ``Association`` tags, the association members
of DescribeInstanceInformation (AssociationStatus, AssociationOverview, and the last
execution dates, kept live from the runs), and a run on each node that joins."""

from __future__ import annotations

from typing import Any

from ... import errors
from ..documents.interface import register_usage_check
from ..instances.information import register_association_view
from ..instances.nodes import InstanceRegistry, ManagedNode, register_node_watcher
from ..shared.tags import taggable
from ..state import RequestContext, ServiceState
from .model import SUCCESS, AssociationStore
from .replies import DEFAULT_DOCUMENT_VERSION, aggregate_status, node_state
from .runs import applies_to, apply_to_new_node


@register_usage_check
def _document_in_use(ctx: RequestContext, name: str, version: str | None) -> str | None:
    """AssociatedInstances' documentation: "You must disassociate a document from all managed
    nodes before you can delete it." A version is in use when an association pins it."""
    for association in ctx.state(AssociationStore).ordered:
        if not _names_own_document(association.current.name, ctx.account_id, name):
            continue
        pinned = association.current.fields.get("DocumentVersion") or DEFAULT_DOCUMENT_VERSION
        if version is None or pinned == version:
            return (
                f"You must disassociate a document from all managed nodes before you can delete it: "
                f"association {association.association_id} uses document {name}."
            )
    return None


def _names_own_document(reference: str, account_id: str, name: str) -> bool:
    """Whether an association's document (a name, or an ARN) is ``account_id``'s ``name``."""
    if not reference.startswith("arn:"):
        return reference == name
    resource = reference.split(":", 5)
    return len(resource) == 6 and resource[4] == account_id and resource[5] == f"document/{name}"


@taggable("Association")
def _association_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
    association = ctx.state(AssociationStore).associations.get(resource_id)
    if association is None:
        raise errors.InvalidResourceId(
            "The resource ID isn't valid. Verify that you entered the correct ID and try again."
        )
    return association.tags


@register_association_view
def _instance_association_members(ctx: RequestContext, node: ManagedNode) -> dict[str, Any] | None:
    """The node's status over every association that applies to it."""
    store = ctx.state(AssociationStore)
    if not store.associations:
        return None
    states = [node_state(a, node.instance_id, ctx.now) for a in store.ordered if applies_to(a, node)]
    if not states:
        return None
    counts: dict[str, int] = {}
    for state in states:
        counts[state.status] = counts.get(state.status, 0) + 1
    status = aggregate_status(counts)
    members: dict[str, Any] = {
        "AssociationStatus": status,
        "AssociationOverview": {"DetailedStatus": status, "InstanceAssociationStatusAggregatedCount": counts},
    }
    ran = [s.date for s in states if s.date is not None]
    if ran:
        members["LastAssociationExecutionDate"] = max(ran)
    succeeded = [s.date for s in states if s.date is not None and s.status == SUCCESS]
    if succeeded:
        members["LastSuccessfulAssociationExecutionDate"] = max(succeeded)
    return members


@register_node_watcher
def _new_node(service: ServiceState, registry: InstanceRegistry, node: ManagedNode) -> None:
    """Associations whose targets match a node that just came under management apply to it."""
    if not node.is_online:
        return
    store = service.state(AssociationStore, registry.account_id, registry.region)
    for association in store.ordered:
        if applies_to(association, node):
            apply_to_new_node(service, store, association, node.instance_id)
