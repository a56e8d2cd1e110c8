"""ListDocuments: which documents a caller sees, its filters, and paging through them.

The ``Owner`` filter picks the set (Self, Amazon, Private, Public, ThirdParty, All — the
default — or an account id); the other filters, from ``Filters`` and the deprecated
``DocumentFilterList`` alike, must all match (CloudProviders: every document runs against
AWS)::

    documents, token = list_documents_page(ctx, request, default_limit=50)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import errors
from ..shared.pagination import page_of
from ..state import ACCOUNT_ID, RequestContext
from .store import PUBLIC, Document, DocumentStore, amazon_documents, shared_with

Predicate = Callable[[Document, RequestContext], bool]
OWNERS = ("Self", "Amazon", "Private", "Public", "ThirdParty", "All")
TAG_PREFIX = "tag:"
AWS_CLOUD = "AWS"


def list_documents_page(
    ctx: RequestContext, request: dict[str, Any], default_limit: int
) -> tuple[list[Document], str | None]:
    """One page of the documents ``request`` asks for, sorted by name, and the next token."""
    filters: list[tuple[str, list[str]]] = [
        (item["key"], [item["value"]]) for item in request.get("DocumentFilterList") or ()
    ]
    for item in request.get("Filters") or ():
        filters.append((item.get("Key") or "", list(item.get("Values") or ())))
    owner = "All"
    predicates: list[Predicate] = []
    for key, values in filters:
        if key == "Owner":
            owner = _owner(values, owner)
        else:
            predicates.append(_predicate(key, values))
    documents = sorted(_candidates(ctx, owner), key=_sort_key)
    return page_of(
        documents,
        request,
        key=_sort_key,
        default_limit=default_limit,
        keep=lambda document: all(predicate(document, ctx) for predicate in predicates),
    )


def _sort_key(document: Document) -> tuple[str, str]:
    return (document.name, document.owner)


def _owner(values: list[str], current: str) -> str:
    if len(values) != 1:
        raise errors.ValidationException("Only one Owner can be specified in a ListDocuments request.")
    value = values[0]
    by_lower = {owner.lower(): owner for owner in OWNERS}
    chosen = by_lower.get(value.lower()) or (value if ACCOUNT_ID.fullmatch(value) else None)
    if chosen is None:
        raise errors.ValidationException(
            f"Owner filter value {value} is not valid; use one of {', '.join(OWNERS)} or an account id."
        )
    if current != "All" and chosen != current:
        raise errors.ValidationException("Only one Owner can be specified in a ListDocuments request.")
    return chosen


def _candidates(ctx: RequestContext, owner: str) -> list[Document]:
    own = list(ctx.state(DocumentStore).documents.values())
    if owner == "Self":
        return own
    amazon = list(amazon_documents().values())
    if owner == "Amazon":
        return amazon
    if owner == "ThirdParty":
        return []
    shared = list(shared_with(ctx))
    if owner == "Private":
        return own + [document for document in shared if ctx.account_id in document.shares]
    if owner == "Public":
        return amazon + [document for document in own + shared if PUBLIC in document.shares]
    everything = own + amazon + shared
    if owner == "All":
        return everything
    return [document for document in everything if document.owner == owner]


def _predicate(key: str, values: list[str]) -> Predicate:
    if key.startswith(TAG_PREFIX) and len(key) > len(TAG_PREFIX):
        tag = key[len(TAG_PREFIX) :]
        wanted = set(values)
        return lambda document, _: tag in document.tags and (not wanted or document.tags[tag] in wanted)
    if key not in _FIELDS:
        raise errors.InvalidFilterKey(
            f"The filter key {key!r} isn't valid; use one of {', '.join(_FIELDS)}, Owner, or tag:<key>."
        )
    if not values:
        raise errors.ValidationException(f"The filter {key} needs at least one value.")
    return _FIELDS[key](values)


def _name(values: list[str]) -> Predicate:
    prefixes = tuple(values)
    return lambda document, _: document.name.startswith(prefixes)


def _platform(values: list[str]) -> Predicate:
    wanted = set(values)
    return lambda document, ctx: not wanted.isdisjoint(document.select(ctx.account_id, None, None).platform_types)


def _document_type(values: list[str]) -> Predicate:
    wanted = set(values)
    return lambda document, _: document.document_type in wanted


def _target_type(values: list[str]) -> Predicate:
    wanted = set(values)
    return lambda document, ctx: document.select(ctx.account_id, None, None).target_type in wanted


def _cloud_provider(values: list[str]) -> Predicate:
    # "If you created a document before Systems Manager supported cloud providers, the document
    # runs against AWS": the fake has no other kind, so every document runs against AWS only.
    runs_against_aws = AWS_CLOUD in values
    return lambda document, _: runs_against_aws


def _keyword(values: list[str]) -> Predicate:
    words = [value.lower() for value in values]

    def matches(document: Document, ctx: RequestContext) -> bool:
        description = document.select(ctx.account_id, None, None).description or ""
        text = f"{document.name}\n{description}".lower()
        return any(word in text for word in words)

    return matches


_FIELDS: dict[str, Callable[[list[str]], Predicate]] = {
    "Name": _name,
    "PlatformTypes": _platform,
    "DocumentType": _document_type,
    "TargetType": _target_type,
    "SearchKeyword": _keyword,
    "CloudProviders": _cloud_provider,
}
