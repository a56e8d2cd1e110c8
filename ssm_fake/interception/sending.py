"""How an SSM call reaches the fake: botocore's (and aiobotocore's) own send loop, with the
fake standing where the network would be.

``Endpoint._send_request`` runs the whole life of a call: build and sign the request,
emit ``before-send`` (where handlers such as moto's answer instead of the network), send,
parse, emit ``needs-retry`` and sleep before a retry. For an SSM operation under the mock
the wrapper runs that same method on a copy of the endpoint whose event emitter answers
``before-send`` with the fake's reply, so nothing registered there (moto included) and no
HTTP session ever sees the request, and turns the retry delay ``needs-retry`` asks for into
clock time (``waiting.retry_delay``). Everything else botocore does — signing, retries,
parsing, modeled exceptions, every other event — runs as it would against the service.

Calls to other services go straight to the unwrapped method.
"""

from __future__ import annotations

import functools
from typing import Any

from botocore.awsrequest import AWSResponse

from . import route, views, waiting

_BEFORE_SEND = "before-send."
_NEEDS_RETRY = "needs-retry."


def send_request(wrapped: Any, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``Endpoint._send_request``."""
    active = _serving(args, kwargs)
    if active is None:
        return wrapped(*args, **kwargs)
    view = views.copy_with(instance, _event_emitter=_SSMEvents(instance._event_emitter, active))
    return views.call_on(view, wrapped, args, kwargs)


def send_request_async(wrapped: Any, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``AioEndpoint._send_request``: returns the coroutine the caller awaits."""
    active = _serving(args, kwargs)
    if active is None:
        return wrapped(*args, **kwargs)
    view = views.copy_with(instance, _event_emitter=_AsyncSSMEvents(instance._event_emitter, active))
    return views.call_on(view, wrapped, args, kwargs)


def _serving(args: tuple[Any, ...], kwargs: dict[str, Any]) -> route.Route | None:
    """The active route, when there is one and the call is an SSM operation."""
    active = route.current
    if active is None or not active.serves(args[1] if len(args) > 1 else kwargs["operation_model"]):
        return None
    return active


class _SSMEvents:
    """The client's event emitter, but ``before-send`` is answered by the fake."""

    __slots__ = ("_events", "_route")

    def __init__(self, events: Any, active: route.Route) -> None:
        self._events = events
        self._route = active

    def emit(self, event_name: str, **kwargs: Any) -> list[tuple[Any, Any]]:
        if event_name.startswith(_BEFORE_SEND):
            return [(self, self._route.reply(kwargs["request"]))]
        responses: list[tuple[Any, Any]] = self._events.emit(event_name, **kwargs)
        if event_name.startswith(_NEEDS_RETRY):
            return waiting.retry_delay(self._route, responses)
        return responses

    def __getattr__(self, name: str) -> Any:
        return getattr(self._events, name)


class _AsyncSSMEvents(_SSMEvents):
    """The same for aiobotocore, whose emitter is awaited and whose replies read asynchronously."""

    __slots__ = ()

    async def emit(self, event_name: str, **kwargs: Any) -> list[tuple[Any, Any]]:  # type: ignore[override]
        if event_name.startswith(_BEFORE_SEND):
            reply = self._route.reply(kwargs["request"])
            return [(self, None if reply is None else _async_reply_class()(reply))]
        responses: list[tuple[Any, Any]] = await self._events.emit(event_name, **kwargs)
        if event_name.startswith(_NEEDS_RETRY):
            return waiting.retry_delay(self._route, responses)
        return responses


@functools.cache
def _async_reply_class() -> type[AWSResponse]:
    """aiobotocore's response type around a finished reply; built on first use, because
    ``import ssm_fake`` must not import aiobotocore."""
    from aiobotocore.awsrequest import AioAWSResponse

    class AsyncReply(AioAWSResponse):  # type: ignore[misc]  # aiobotocore ships no type hints
        """The fake's reply, whose ``content`` aiobotocore awaits; the body is already there."""

        def __init__(self, reply: AWSResponse) -> None:
            self.url = reply.url
            self.status_code = reply.status_code
            self.headers = reply.headers
            self.raw = reply.raw
            self._content = reply._content

    return AsyncReply
