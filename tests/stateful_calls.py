"""Calls the state machines share: the error code of a call, and every item of a paged call."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError


def error_code(call: Any, **kwargs: Any) -> str | None:
    try:
        call(**kwargs)
    except ClientError as error:
        return str(error.response["Error"]["Code"])
    return None


def all_pages(call: Any, member: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item of a paged call, checking that no page repeats an item."""
    items: list[dict[str, Any]] = []
    token = None
    while True:
        page = call(**kwargs, **({"NextToken": token} if token else {}))
        items.extend(page[member])
        token = page.get("NextToken")
        if not token:
            return items
