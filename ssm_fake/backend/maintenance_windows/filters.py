"""The ``Filters`` of the Describe actions: which keys each action accepts, and matching.

Each action's keys are those its API reference lists; a filter's values are alternatives,
and several filters must all match. An unknown key is a ValidationException naming the
keys the action supports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from ... import errors

ItemT = TypeVar("ItemT")
Filters = list[tuple[str, frozenset[str]]]


def read_filters(request: dict[str, Any], allowed: tuple[str, ...], member: str = "Filters") -> Filters:
    found: Filters = []
    for item in request.get(member) or []:
        key = item.get("Key")
        if key not in allowed:
            raise errors.ValidationException(
                f"The filter key {key!r} is not supported here. Supported keys: {', '.join(allowed)}."
            )
        found.append((key, frozenset(item.get("Values") or [])))
    return found


def matcher(filters: Filters, fields: dict[str, Callable[[ItemT], str]]) -> Callable[[ItemT], bool]:
    """An item passes when, for every filter, the item's field is one of the filter's values."""
    checks = [(fields[key], values) for key, values in filters]
    return lambda item: all(read(item) in values for read, values in checks)


def instant(key: str, value: str) -> datetime:
    """A filter value that is an ISO-8601 date and time, e.g. 2024-11-04T05:00:00Z."""
    try:
        moment = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        raise errors.ValidationException(
            f"The {key} filter takes an ISO-8601 date and time such as 2024-11-04T05:00:00Z, not {value!r}."
        ) from None
    if moment.tzinfo is None:
        raise errors.ValidationException(f"The {key} filter value {value!r} needs a time zone, e.g. a trailing Z.")
    return moment
