"""The last line: while a mock is active, no SSM request leaves the process.

``sending`` answers every SSM call on botocore's and aiobotocore's send loop, so an SSM
request should never reach an HTTP layer under the mock. If one does — a client path
ssm_fake did not foresee, a library calling the HTTP session itself — the wrappers here
stop it with :class:`SSMRequestEscaped` instead of letting it reach the network (and, with
real credentials, AWS). They sit on the endpoints' ``_send`` and on the HTTP sessions'
``send``; requests to other services pass through untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import route


class SSMRequestEscaped(RuntimeError):
    """An SSM request reached an HTTP layer while ``mock_ssm`` was active, and was stopped there."""


def refuse_ssm(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Any ``send(request)``-shaped method of an HTTP layer (sync, or async returning its coroutine)."""
    active = route.current
    if active is not None:
        request = args[0] if args else kwargs["request"]
        operation = active.recognise(request)
        if operation is not None:
            where = f"{type(instance).__module__}.{type(instance).__qualname__}.{wrapped.__name__}"
            raise SSMRequestEscaped(
                f"ssm_fake stopped an SSM {operation} request to {request.url} that reached {where} while "
                "mock_ssm was active: it would have left the process. ssm_fake answers SSM calls made "
                "through botocore's and aiobotocore's clients; this request took another path. "
                "Please report how the client was made, so ssm_fake can answer it."
            )
    return wrapped(*args, **kwargs)
