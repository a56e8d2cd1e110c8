"""CreateActivation, DescribeActivations, DeleteActivation: the id/code pairs hybrid
machines register with (``ssm.register_instance(...)`` plays the agent's part).

Activations live beside the nodes in :class:`InstanceRegistry`, because registering
reads one and writes the other.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import page_of, with_next_token
from ..shared.tags import apply_tags, tag_list
from ..state import RequestContext
from .nodes import (
    DEFAULT_ACTIVATION_LIFETIME,
    MAX_ACTIVATION_LIFETIME,
    Activation,
    InstanceRegistry,
    new_activation_code,
    require_assumable_role,
)

DEFAULT_PAGE_SIZE = 10
# DescribeActivations filter keys and the activation field each one compares.
_FILTER_FIELDS: dict[str, Callable[[Activation], str]] = {
    "ActivationIds": lambda a: a.activation_id,
    "DefaultInstanceName": lambda a: a.default_instance_name,
    "IamRole": lambda a: a.iam_role,
}


@handles("CreateActivation")
def create_activation(ctx: RequestContext, request: Request) -> Reply:
    registry = ctx.state(InstanceRegistry)
    require_assumable_role(request["IamRole"], errors.InvalidParameters)
    expiration = request.get("ExpirationDate") or ctx.now + DEFAULT_ACTIVATION_LIFETIME
    if expiration <= ctx.now:
        raise errors.InvalidParameters(
            f"ExpirationDate {expiration.isoformat()} is in the past; give a date in the next 30 days."
        )
    if expiration > ctx.now + MAX_ACTIVATION_LIFETIME:
        raise errors.InvalidParameters(
            f"ExpirationDate {expiration.isoformat()} is more than 30 days in the future; "
            "an activation can be valid for at most 30 days."
        )
    tags: dict[str, str] = {}
    apply_tags(tags, request.get("Tags") or [], "Activation")
    activation = Activation(
        activation_id=str(uuid.uuid4()),
        code=new_activation_code(),
        seq=registry.next_seq(),
        iam_role=request["IamRole"],
        description=request.get("Description", ""),
        default_instance_name=request.get("DefaultInstanceName", ""),
        registration_limit=request.get("RegistrationLimit", 1),
        expiration_date=expiration,
        created_date=ctx.now,
        tags=tags,
    )
    registry.activations[activation.activation_id] = activation
    return {"ActivationId": activation.activation_id, "ActivationCode": activation.code}


@handles("DescribeActivations")
def describe_activations(ctx: RequestContext, request: Request) -> Reply:
    keep = _filter(request.get("Filters") or [])
    activations = list(ctx.state(InstanceRegistry).activations.values())
    page, token = page_of(
        activations,
        request,
        key=lambda a: a.seq,
        default_limit=DEFAULT_PAGE_SIZE,
        keep=keep,
    )
    reply: Reply = {"ActivationList": [_describe(a, ctx) for a in page]}
    return with_next_token(reply, token)


def _filter(filters: list[dict[str, Any]]) -> Callable[[Activation], bool]:
    """All filters must match; the values of one filter are alternatives."""
    checks: list[tuple[Callable[[Activation], str], set[str]]] = []
    for item in filters:
        key = item.get("FilterKey")
        if key is None:
            raise errors.InvalidFilter(
                "Each DescribeActivations filter needs a FilterKey: ActivationIds, DefaultInstanceName or IamRole."
            )
        checks.append((_FILTER_FIELDS[key], set(item.get("FilterValues") or [])))
    return lambda activation: all(field(activation) in values for field, values in checks)


def _describe(activation: Activation, ctx: RequestContext) -> dict[str, Any]:
    reply: dict[str, Any] = {
        "ActivationId": activation.activation_id,
        "IamRole": activation.iam_role,
        "RegistrationLimit": activation.registration_limit,
        "RegistrationsCount": activation.registrations_count,
        "ExpirationDate": activation.expiration_date,
        "Expired": activation.expired(ctx.now),
        "CreatedDate": activation.created_date,
        "Tags": tag_list(activation.tags),
    }
    if activation.description:
        reply["Description"] = activation.description
    if activation.default_instance_name:
        reply["DefaultInstanceName"] = activation.default_instance_name
    return reply


@handles("DeleteActivation")
def delete_activation(ctx: RequestContext, request: Request) -> Reply:
    registry = ctx.state(InstanceRegistry)
    activation_id = request["ActivationId"]
    if activation_id in registry.deleted_activations:
        raise errors.InvalidActivation(f"Activation {activation_id} was already deleted.")
    if registry.activations.pop(activation_id, None) is None:
        raise errors.InvalidActivationId(
            f"Activation {activation_id} does not exist. Verify that you entered the correct ActivationId."
        )
    registry.deleted_activations.add(activation_id)
    return {}
