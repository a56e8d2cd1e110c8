"""State Manager, the writing half: CreateAssociation, CreateAssociationBatch,
UpdateAssociation (a new version each time), UpdateAssociationStatus, DeleteAssociation,
StartAssociationsOnce — and DescribeAssociation, which finds associations the same two ways
(by AssociationId, or the legacy Name + InstanceId pair).

Identity rules (CreateAssociation, DescribeAssociation and DeleteAssociation documentation):
an association made with ``InstanceId`` is the one association of its document on that node
(a second one is AssociationAlreadyExists) and can be found by that pair; one made with
``Targets`` only by its AssociationId.
"""

from __future__ import annotations

import uuid
from typing import Any

from ... import errors
from ..documents.interface import resolve_document
from ..instances.nodes import InstanceRegistry
from ..registry import Reply, Request, handles
from ..shared.tags import apply_tags
from ..state import RequestContext
from .model import PENDING, Association, AssociationStore, AssociationVersion, NodeStatus
from .replies import description
from .runs import arm, run_once
from .settings import SETTINGS, check_settings

# AssociationLimitExceeded: "You can have at most 2,000 active associations."
ASSOCIATION_LIMIT = 2000
# AssociationVersionLimitExceeded: "Each association has a limit of 1,000 versions."
VERSION_LIMIT = 1000


@handles("CreateAssociation")
def create_association(ctx: RequestContext, request: Request) -> Reply:
    association = create(ctx, request)
    return {"AssociationDescription": describe_now(ctx, association, association.current)}


@handles("CreateAssociationBatch")
def create_association_batch(ctx: RequestContext, request: Request) -> Reply:
    """Each entry is created as CreateAssociation would, or lands in ``Failed`` with the
    entry, the error's message and the fault ("Client": the entry was at fault)."""
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry in request["Entries"]:
        try:
            association = create(ctx, entry)
        except errors.ServiceError as problem:
            failed.append({"Entry": entry, "Message": problem.message or problem.code, "Fault": "Client"})
            continue
        successful.append(describe_now(ctx, association, association.current))
    return {"Successful": successful, "Failed": failed}


def create(ctx: RequestContext, request: Request) -> Association:
    store = ctx.state(AssociationStore)
    instance_id: str | None = request.get("InstanceId")
    fields = {name: request[name] for name in SETTINGS if name in request}
    document, schedule = check_settings(ctx, fields, instance_id)
    if instance_id is not None and (fields["Name"], instance_id) in store.legacy:
        raise errors.AssociationAlreadyExists(
            f"The specified association already exists: document {fields['Name']} is already associated "
            f"with instance {instance_id}."
        )
    if len(store.associations) >= ASSOCIATION_LIMIT:
        raise errors.AssociationLimitExceeded(f"You can have at most {ASSOCIATION_LIMIT:,} active associations.")
    tags: dict[str, str] = {}
    if request.get("Tags"):
        apply_tags(tags, request["Tags"], "Association")
    association = Association(
        association_id=str(uuid.uuid4()),
        seq=store.next_seq(),
        created=ctx.now,
        instance_id=instance_id,
        versions=[AssociationVersion(1, ctx.now, fields, schedule, document.document_type)],
        status=NodeStatus(ctx.now, PENDING, f"Associated with {fields['Name']}", None),
        tags=tags,
    )
    store.add(association)
    arm(ctx.service, store, association, apply_now=not fields.get("ApplyOnlyAtCronInterval"))
    return association


@handles("DescribeAssociation")
def describe_association(ctx: RequestContext, request: Request) -> Reply:
    association = find(ctx, request)
    wanted = request.get("AssociationVersion")
    version = association.current
    if wanted not in (None, "$LATEST"):
        number = int(wanted) if wanted.isdigit() else 0
        if not 1 <= number <= len(association.versions):
            raise errors.InvalidAssociationVersion(
                f"Association {association.association_id} has no version {wanted}: it has versions 1 to "
                f"{len(association.versions)}. Use ListAssociationVersions to see them, or $LATEST."
            )
        version = association.versions[number - 1]
    return {"AssociationDescription": describe_now(ctx, association, version)}


@handles("UpdateAssociation")
def update_association(ctx: RequestContext, request: Request) -> Reply:
    """A new version from the request. As the documentation warns, optional settings the
    request leaves out are cleared, not kept; the document (Name) and the targets are kept."""
    store = ctx.state(AssociationStore)
    association = store.require(request["AssociationId"])
    current = association.current
    wanted = request.get("AssociationVersion")
    if wanted not in (None, "$LATEST") and wanted != str(current.number):
        raise errors.InvalidAssociationVersion(
            f"Association version {wanted} is not the latest version ({current.number}) of association "
            f"{association.association_id}: give the latest version, or $LATEST."
        )
    if len(association.versions) >= VERSION_LIMIT:
        raise errors.AssociationVersionLimitExceeded(
            f"Association {association.association_id} has reached the limit of {VERSION_LIMIT:,} versions."
        )
    fields = {name: request[name] for name in SETTINGS if name in request}
    fields.setdefault("Name", current.name)
    if "Targets" not in fields and current.fields.get("Targets"):
        fields["Targets"] = current.fields["Targets"]
    if association.instance_id is not None and fields["Name"] != current.name:
        raise errors.InvalidUpdate(
            f"Association {association.association_id} was made with InstanceId for document {current.name}; "
            "its document can't change. Create a new association instead."
        )
    document, schedule = check_settings(ctx, fields, association.instance_id)
    if document.document_type != current.document_type:
        raise errors.InvalidUpdate(
            f"Association {association.association_id} runs a {current.document_type} document; it can't be "
            f"updated to the {document.document_type} document {document.name}."
        )
    version = AssociationVersion(len(association.versions) + 1, ctx.now, fields, schedule, document.document_type)
    association.versions.append(version)
    association.cache = None
    # "When you update an association, the association immediately runs against the specified targets."
    arm(ctx.service, store, association, apply_now=not fields.get("ApplyOnlyAtCronInterval"))
    return {"AssociationDescription": describe_now(ctx, association, version)}


@handles("UpdateAssociationStatus")
def update_association_status(ctx: RequestContext, request: Request) -> Reply:
    """What SSM Agent reports for an association made with InstanceId; the node's status
    (and the association's overview) follow until a later run reports again."""
    name, instance_id = request["Name"], request["InstanceId"]
    _require_node(ctx, instance_id)
    resolve_document(ctx, name)  # InvalidDocument for a document the caller can't reach
    association = ctx.state(AssociationStore).require_legacy(name, instance_id)
    given = request["AssociationStatus"]
    status = NodeStatus(given["Date"], given["Name"], given["Message"], given.get("AdditionalInfo"))
    current = association.status
    if (status.name, status.message, status.additional_info) == (
        current.name,
        current.message,
        current.additional_info,
    ):
        raise errors.StatusUnchanged(
            f"The updated status is the same as the current status of the association of {name} with {instance_id}."
        )
    association.status = status
    association.node_updates[instance_id] = status
    return {"AssociationDescription": describe_now(ctx, association, association.current)}


@handles("DeleteAssociation")
def delete_association(ctx: RequestContext, request: Request) -> Reply:
    association = find(ctx, request)
    ctx.state(AssociationStore).remove(association)
    return {}


@handles("StartAssociationsOnce")
def start_associations_once(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(AssociationStore)
    ids: list[str] = request["AssociationIds"]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise errors.InvalidAssociation(f"Association {duplicates[0]} is listed more than once.")
    associations = [store.require(association_id) for association_id in ids]
    for association in associations:
        run_once(ctx.service, store, association)
    return {}


def find(ctx: RequestContext, request: Request) -> Association:
    """By AssociationId, or by the Name and InstanceId of an association made with InstanceId."""
    store = ctx.state(AssociationStore)
    association_id = request.get("AssociationId")
    if association_id:
        return store.require(association_id)
    name, instance_id = request.get("Name"), request.get("InstanceId")
    if not name or not instance_id:
        raise errors.ValidationException(
            "Specify the AssociationId, or both the Name and the InstanceId of an association made with InstanceId."
        )
    if (name, instance_id) not in store.legacy:
        _require_node(ctx, instance_id)
        resolve_document(ctx, name)  # InvalidDocument for a document the caller can't reach
    return store.require_legacy(name, instance_id)


def _require_node(ctx: RequestContext, instance_id: str) -> None:
    if ctx.state(InstanceRegistry).node(instance_id) is None:
        raise errors.InvalidInstanceId(
            f"Instance {instance_id} is not a managed instance in account {ctx.account_id} and region {ctx.region}."
        )


def describe_now(ctx: RequestContext, association: Association, version: AssociationVersion) -> dict[str, Any]:
    return description(association, version, ctx.now, ctx.state(InstanceRegistry).deregistered)
