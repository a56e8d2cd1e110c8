"""DescribeInstanceInformation: the managed nodes, filtered the two ways the API allows.

The legacy ``InstanceInformationFilterList`` (``key``/``valueSet``) and today's
``Filters`` (``Key``/``Values``, adding ``tag:KEY``, ``tag-key``, ``SourceIds`` and
``SourceTypes``) compile to the same predicates; a request may use one of them, not both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import page_of, with_next_token
from ..state import RequestContext
from .nodes import ANY_INSTANCE_ID, PING_STATUSES, PLATFORMS, InstanceRegistry, ManagedNode

# "The default value is 10 items."
DEFAULT_PAGE_SIZE = 10
NodeCheck = Callable[[ManagedNode], bool]
_ACTIVATION_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Filter key -> the InstanceInformation member it compares.
_FIELD_FILTERS = {
    "InstanceIds": "InstanceId",
    "AgentVersion": "AgentVersion",
    "PingStatus": "PingStatus",
    "PlatformTypes": "PlatformType",
    "ActivationIds": "ActivationId",
    "IamRole": "IamRole",
    "ResourceType": "ResourceType",
    "AssociationStatus": "AssociationStatus",
    "SourceIds": "SourceId",
    "SourceTypes": "SourceType",
}
# Keys whose values come from a fixed set, as InstanceInformationStringFilter's Key
# documentation lists them.
_ALLOWED_VALUES: dict[str, tuple[str, ...]] = {
    "PingStatus": PING_STATUSES,
    "PlatformTypes": PLATFORMS,
    "ResourceType": ("EC2Instance", "ManagedInstance"),
    "AssociationStatus": ("Success", "Pending", "Failed"),
    "SourceTypes": (
        "AWS::EC2::Instance",
        "AWS::SSM::ManagedInstance",
        "AWS::IoT::Thing",
        "Microsoft.Compute/virtualMachines",
        "compute.googleapis.com/Instance",
    ),
}
_TAG_KEY = "tag-key"
_TAG_PREFIX = "tag:"
# Members another capability keeps live for a node (associations: AssociationStatus,
# AssociationOverview, LastAssociationExecutionDate, ...): (ctx, node) -> members, or None.
AssociationView = Callable[[RequestContext, ManagedNode], "dict[str, Any] | None"]
_ASSOCIATION_VIEWS: list[AssociationView] = []


def register_association_view(view: AssociationView) -> AssociationView:
    """Let ``view`` supply a node's association members, over what ``add_instance`` set."""
    _ASSOCIATION_VIEWS.append(view)
    return view


def _with_associations(ctx: RequestContext, node: ManagedNode, info: dict[str, Any]) -> dict[str, Any]:
    for view in _ASSOCIATION_VIEWS:
        live = view(ctx, node)
        if live:
            info = {**info, **live}
    return info


@handles("DescribeInstanceInformation")
def describe_instance_information(ctx: RequestContext, request: Request) -> Reply:
    legacy = request.get("InstanceInformationFilterList") or []
    current = request.get("Filters") or []
    if legacy and current:
        raise errors.ValidationException(
            "InstanceInformationFilterList and Filters can't be used together; use Filters "
            "(InstanceInformationFilterList is deprecated)."
        )
    if legacy:
        pairs = [(f["key"], f["valueSet"]) for f in legacy]
    else:
        _refuse_mixed_tag_filters([f["Key"] for f in current])
        pairs = [(f["Key"], f["Values"]) for f in current]
    checks = [_check(ctx, key, values) for key, values in pairs]
    _refuse_foreign_nodes(ctx, [i for key, values in pairs if key == "InstanceIds" for i in values])
    nodes = list(ctx.state(InstanceRegistry).nodes.values())
    page, token = page_of(
        nodes,
        request,
        key=lambda node: node.seq,
        default_limit=DEFAULT_PAGE_SIZE,
        keep=lambda node: all(check(node) for check in checks),
    )
    entries = [_with_associations(ctx, node, node.describe(ctx.now)) for node in page]
    reply: Reply = {"InstanceInformationList": entries}
    return with_next_token(reply, token)


def _refuse_mixed_tag_filters(keys: list[str]) -> None:
    """ "Tag filters can't be combined with other filter types." (Filters documentation)"""
    tags = [key for key in keys if key == _TAG_KEY or key.startswith(_TAG_PREFIX)]
    if tags and len(tags) != len(keys):
        raise errors.InvalidFilterKey(
            f"Tag filters ({', '.join(tags)}) can't be combined with other filter types in one request."
        )


def _refuse_foreign_nodes(ctx: RequestContext, instance_ids: list[str]) -> None:
    """ "If you specify a node ID that isn't valid or a node that you don't own, you receive
    an error." (DescribeInstanceInformation): a node managed in another account is refused."""
    for registry in ctx.service.existing(InstanceRegistry):
        foreign = [i for i in instance_ids if i in registry.nodes]
        if registry.account_id != ctx.account_id and foreign:
            raise errors.InvalidInstanceId(
                f"Instance {foreign[0]} does not belong to account {ctx.account_id}: you can describe only "
                "the managed nodes of your own account."
            )


def _check(ctx: RequestContext, key: str, values: list[str]) -> NodeCheck:
    """The predicate for one filter; its values are alternatives."""
    wanted = set(values)
    if key == _TAG_KEY:
        return lambda node: bool(wanted & node.tags.keys())
    if key.startswith(_TAG_PREFIX) and len(key) > len(_TAG_PREFIX):
        tag = key[len(_TAG_PREFIX) :]
        return lambda node: node.tags.get(tag) in wanted
    member = _FIELD_FILTERS.get(key)
    if member is None:
        raise errors.InvalidFilterKey(
            f"The filter key {key!r} is not valid. Valid keys: {', '.join(sorted(_FIELD_FILTERS))}, "
            "tag-key and tag:<tag key>."
        )
    _check_values(key, values)
    if member == "AssociationStatus":
        return lambda node: _with_associations(ctx, node, node.info).get(member) in wanted
    return lambda node: node.info.get(member) in wanted


def _check_values(key: str, values: list[str]) -> None:
    if key == "InstanceIds":
        for value in values:
            if not ANY_INSTANCE_ID.fullmatch(value):
                raise errors.InvalidInstanceId(
                    f"{value!r} is not a valid instance id: use i- followed by 8 or 17 characters, "
                    "or mi- followed by 17."
                )
        return
    if key == "ActivationIds":
        allowed_here: tuple[str, ...] | None = None
        bad = [v for v in values if not _ACTIVATION_ID.fullmatch(v)]
    else:
        allowed_here = _ALLOWED_VALUES.get(key)
        bad = [v for v in values if allowed_here is not None and v not in allowed_here]
    if bad:
        hint = f"Valid values: {', '.join(allowed_here)}." if allowed_here else "Activation ids are UUIDs."
        raise errors.InvalidInstanceInformationFilterValue(
            f"The filter value {bad[0]!r} is not valid for the filter key {key!r}. {hint}"
        )
