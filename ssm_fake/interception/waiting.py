"""Where botocore would sleep for an SSM call, the fake's clock moves instead.

botocore sleeps in two places: before retrying a failed call (the delay its retry handler
answers to ``needs-retry``) and between a waiter's polls (the waiter's ``Delay``). Under
``mock_ssm()`` both become clock time: the retry delay and the waiter delay advance the
fake's clock (so timed work falls due as it would have) and the real sleep is of zero
seconds. A retry test takes milliseconds and sees the same ``RetryAttempts`` and the same
clock as against the service. ``mock_ssm(real_sleep=True)`` keeps real sleeps.

Only SSM calls are affected: other services' retries and waiters sleep as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botocore.hooks import first_non_none_response

from . import route, views


def retry_delay(active: route.Route, responses: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """``needs-retry``'s answers for an SSM call: a delay becomes clock time and a zero sleep."""
    delay = first_non_none_response(responses)
    if delay is None or active.advance_clock is None:
        return responses
    active.advance_clock(delay)
    return [(retry_delay, 0)]


def wait(wrapped: Any, instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``Waiter.wait`` (and ``AIOWaiter.wait``, returning its coroutine): an SSM waiter polls
    with no real delay, advancing the clock by its delay before each poll after the first."""
    active = route.current
    if active is None or active.advance_clock is None or not _waits_on_ssm(instance, active):
        return wrapped(*args, **kwargs)
    config = dict(kwargs.get("WaiterConfig") or {})
    delay = config.get("Delay", instance.config.delay)
    config["Delay"] = 0
    polls = _PollsOnClock(instance._operation_method, delay, active.advance_clock)
    view = views.copy_with(instance, _operation_method=polls)
    return views.call_on(view, wrapped, args, {**kwargs, "WaiterConfig": config})


def _waits_on_ssm(waiter: Any, active: route.Route) -> bool:
    client = getattr(getattr(waiter._operation_method, "_client_method", None), "__self__", None)
    if client is None:
        return False
    return bool(active.serves(client.meta.service_model.operation_model(waiter.config.operation)))


class _PollsOnClock:
    """A waiter's operation method that lets ``delay`` seconds of clock time pass between polls."""

    def __init__(self, method: Callable[..., Any], delay: float, advance_clock: Callable[[float], None]) -> None:
        self._method = method
        self._delay = delay
        self._advance_clock = advance_clock
        self._polled = False

    def __call__(self, **kwargs: Any) -> Any:
        if self._polled:
            self._advance_clock(self._delay)
        self._polled = True
        return self._method(**kwargs)
