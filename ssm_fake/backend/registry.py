"""The table from action name to handler, filled by the capability modules as they load.

A handler takes the validated request (wire member names, timestamps as datetimes) and
returns the reply body; it reports failure by raising an error from ``errors.py``::

    @handles("DeleteParameter")
    def delete_parameter(ctx: RequestContext, request: Request) -> Reply:
        ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .state import RequestContext

Request = dict[str, Any]
Reply = dict[str, Any]
Handler = Callable[[RequestContext, Request], Reply]

HANDLERS: dict[str, Handler] = {}


def handles(operation: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if operation in HANDLERS:
            raise RuntimeError(f"two handlers for {operation}: {HANDLERS[operation]} and {handler}")
        HANDLERS[operation] = handler
        return handler

    return register
