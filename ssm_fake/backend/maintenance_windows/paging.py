"""Paging for the window actions: their model lists no InvalidNextToken, so a token the fake
did not hand out is a ValidationException, like any other input the action refuses."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from ...errors import ValidationException
from ..shared.pagination import SortKey, page_of

ItemT = TypeVar("ItemT")


def window_page(
    items: Sequence[ItemT],
    request: Mapping[str, Any],
    *,
    key: Callable[[ItemT], SortKey],
    default_limit: int,
    keep: Callable[[ItemT], bool] | None = None,
) -> tuple[list[ItemT], str | None]:
    return page_of(items, request, key=key, default_limit=default_limit, keep=keep, error=ValidationException)
