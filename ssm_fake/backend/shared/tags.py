"""Tags on any taggable resource: AddTagsToResource, RemoveTagsFromResource, ListTagsForResource.

Each capability registers how to find its resources' tag dict by id::

    @taggable("Parameter")
    def _parameter_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
        return ctx.state(ParameterStore).require(resource_id).tags

The tags live on the resource itself, so deleting the resource drops them. The rules for
tags (count limits, reserved keys) are here and nowhere else; capabilities that accept
``Tags`` on create call :func:`apply_tags`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ...errors import InvalidResourceId, NotImplementedByFake, TooManyTagsError, ValidationException
from ..registry import Reply, Request, handles
from ..state import RequestContext

TagResolver = Callable[[RequestContext, str], dict[str, str]]

_RESOLVERS: dict[str, TagResolver] = {}
# "Most resources can have a maximum of 50 tags. Automations can have a maximum of 5 tags."
_LIMITS = {"Automation": 5}
DEFAULT_TAG_LIMIT = 50
RESERVED_KEY_PREFIX = "aws:"


def taggable(resource_type: str) -> Callable[[TagResolver], TagResolver]:
    def register(resolver: TagResolver) -> TagResolver:
        _RESOLVERS[resource_type] = resolver
        return resolver

    return register


def tag_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    """Tags as the wire's ``TagList``."""
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def apply_tags(tags: dict[str, str], new_tags: Iterable[Mapping[str, str]], resource_type: str) -> None:
    """Add or overwrite ``new_tags`` on a resource's ``tags``, all or nothing."""
    merged = dict(tags)
    for tag in new_tags:
        key = tag["Key"]
        if key.lower().startswith(RESERVED_KEY_PREFIX):
            raise ValidationException(
                f"Tag key {key!r} is not allowed: keys starting with '{RESERVED_KEY_PREFIX}' are reserved for AWS use."
            )
        merged[key] = tag.get("Value", "")
    limit = _LIMITS.get(resource_type, DEFAULT_TAG_LIMIT)
    if len(merged) > limit:
        raise TooManyTagsError(
            f"A {resource_type} can have at most {limit} tags; this request would give it {len(merged)}."
        )
    tags.clear()
    tags.update(merged)


def _resolve(ctx: RequestContext, request: Request) -> dict[str, str]:
    resource_type = request["ResourceType"]
    resolver = _RESOLVERS.get(resource_type)
    if resolver is None:
        raise NotImplementedByFake(f"ssm_fake does not implement tags on {resource_type} resources yet.")
    resource_id = request["ResourceId"]
    if not resource_id:
        raise InvalidResourceId("The resource ID isn't valid. Verify that you entered the correct ID and try again.")
    return resolver(ctx, resource_id)


@handles("AddTagsToResource")
def add_tags_to_resource(ctx: RequestContext, request: Request) -> Reply:
    apply_tags(_resolve(ctx, request), request["Tags"], request["ResourceType"])
    return {}


@handles("RemoveTagsFromResource")
def remove_tags_from_resource(ctx: RequestContext, request: Request) -> Reply:
    tags = _resolve(ctx, request)
    for key in request["TagKeys"]:
        tags.pop(key, None)
    return {}


@handles("ListTagsForResource")
def list_tags_for_resource(ctx: RequestContext, request: Request) -> Reply:
    return {"TagList": tag_list(_resolve(ctx, request))}
