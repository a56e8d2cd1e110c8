"""Paging for every list action: ``NextToken`` in, page and ``NextToken`` out.

A token names the sort key of the last item returned, so the next page resumes with a
binary search instead of re-scanning: walking N items costs O(N) in total. Items added
or removed between pages neither repeat nor shift the walk, as with the real service.

    page, token = page_of(parameters, request, key=lambda p: p.name, default_limit=10, keep=matches)
    return with_next_token({"Parameters": [describe(p) for p in page]}, token)
"""

from __future__ import annotations

import base64
import binascii
import json
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, overload

from ...errors import InvalidNextToken, ServiceError

ItemT = TypeVar("ItemT")
SortKey = str | int | tuple[str | int, ...]


def encode_token(key: SortKey) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str, error: type[ServiceError] = InvalidNextToken) -> SortKey:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise error("The specified token is not valid.") from None
    if isinstance(key, list):
        return tuple(key)
    if isinstance(key, (str, int)):
        return key
    raise error("The specified token is not valid.")


def paginate(
    items: Sequence[ItemT],
    *,
    key: Callable[[ItemT], SortKey],
    token: str | None,
    limit: int,
    keep: Callable[[ItemT], bool] | None = None,
    error: type[ServiceError] = InvalidNextToken,
) -> tuple[list[ItemT], str | None]:
    """One page of ``items`` (sorted by ``key``) after ``token``; the token is None at the end."""
    start = 0
    if token:
        after = decode_token(token, error)
        try:
            start = bisect_right(items, after, key=key)
        except TypeError:
            raise error("The specified token is not valid.") from None
    page: list[ItemT] = []
    index = start
    end = len(items)
    while index < end:
        item = items[index]
        index += 1
        if keep is not None and not keep(item):
            continue
        if len(page) == limit:
            return page, encode_token(key(page[-1]))
        page.append(item)
    return page, None


def page_of(
    items: Sequence[ItemT],
    request: Mapping[str, Any],
    *,
    key: Callable[[ItemT], SortKey],
    default_limit: int,
    keep: Callable[[ItemT], bool] | None = None,
    error: type[ServiceError] = InvalidNextToken,
) -> tuple[list[ItemT], str | None]:
    """:func:`paginate` with the request's ``NextToken`` and ``MaxResults`` (``default_limit`` when
    absent); ``error`` for a bad token where the action's model has no InvalidNextToken."""
    limit: int = request.get("MaxResults") or default_limit
    return paginate(items, key=key, token=request.get("NextToken"), limit=limit, keep=keep, error=error)


def with_next_token(reply: dict[str, Any], token: str | None) -> dict[str, Any]:
    """The reply, with ``NextToken`` when there is a next page."""
    if token:
        reply["NextToken"] = token
    return reply


class Window(Sequence[ItemT]):
    """``items[start:end]`` as a view, oldest first or (``reverse``) newest first: paging's
    binary search and a page's slice cost O(log n) and O(page), never a copy of the whole."""

    __slots__ = ("_end", "_items", "_reverse", "_start")

    def __init__(
        self, items: Sequence[ItemT], start: int = 0, end: int | None = None, *, reverse: bool = False
    ) -> None:
        self._items, self._start = items, start
        self._end = len(items) if end is None else max(start, end)
        self._reverse = reverse

    def __len__(self) -> int:
        return self._end - self._start

    @overload
    def __getitem__(self, index: int) -> ItemT: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ItemT]: ...
    def __getitem__(self, index: int | slice) -> ItemT | Sequence[ItemT]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._end - self._start))]
        if index < 0:
            index += self._end - self._start
        if not 0 <= index < self._end - self._start:
            raise IndexError(index)
        return self._items[self._end - 1 - index] if self._reverse else self._items[self._start + index]
