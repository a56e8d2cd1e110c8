"""The wrapt patches on botocore's send path, and nothing else.

Two functions are wrapped while at least one mock is active:

* ``Endpoint._send``: an SSM request (recognised by its ``X-Amz-Target`` header, whatever
  ``endpoint_url`` the client has) goes to the responder instead of the network; every
  other request passes through untouched. Because this sits where the HTTP call would be,
  botocore's own signing, retries, parsing and events all still run, for clients created
  before or after the mock started and in any thread.
* ``RequestSigner.get_auth_instance``: an SSM client with no credentials at all signs
  with placeholder ones instead of raising ``NoCredentialsError``.

Patches are applied by the first ``install`` and removed by the matching last
``uninstall``, as respx does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import wrapt
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.credentials import Credentials
from botocore.endpoint import Endpoint
from botocore.signers import RequestSigner

# (operation, request) -> response; set while a mock is active.
Responder = Callable[[str, AWSPreparedRequest], AWSResponse]
# request -> SSM operation name, or None for other services.
Recogniser = Callable[[AWSPreparedRequest], "str | None"]

_lock = threading.Lock()
_users = 0
_responder: Responder | None = None
_recognise: Recogniser | None = None
_placeholder_credentials: Credentials | None = None
_originals: dict[str, Any] = {}


def install(responder: Responder, recognise: Recogniser, placeholder_credentials: Credentials) -> None:
    """Route SSM requests to ``responder`` until the matching ``uninstall``."""
    global _users, _responder, _recognise, _placeholder_credentials
    with _lock:
        _users += 1
        if _users > 1:
            return
        _responder, _recognise, _placeholder_credentials = responder, recognise, placeholder_credentials
        _originals["send"] = Endpoint.__dict__["_send"]
        _originals["auth"] = RequestSigner.__dict__["get_auth_instance"]
        Endpoint._send = wrapt.FunctionWrapper(_originals["send"], _send)
        RequestSigner.get_auth_instance = wrapt.FunctionWrapper(_originals["auth"], _get_auth_instance)


def uninstall() -> None:
    global _users, _responder, _recognise, _placeholder_credentials
    with _lock:
        if _users == 0:
            return
        _users -= 1
        if _users:
            return
        Endpoint._send = _originals.pop("send")
        RequestSigner.get_auth_instance = _originals.pop("auth")
        _responder = _recognise = _placeholder_credentials = None


def _send(wrapped: Callable[..., Any], instance: Endpoint, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    responder, recognise = _responder, _recognise
    if responder is not None and recognise is not None:
        request: AWSPreparedRequest = args[0] if args else kwargs["request"]
        operation = recognise(request)
        if operation is not None:
            return responder(operation, request)
    return wrapped(*args, **kwargs)


def _get_auth_instance(
    wrapped: Callable[..., Any], instance: RequestSigner, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    placeholder = _placeholder_credentials
    if (
        placeholder is not None
        and instance._credentials is None
        and kwargs.get("request_credentials") is None
        and str(instance._service_id).lower() == "ssm"
    ):
        kwargs = {**kwargs, "request_credentials": placeholder}
    return wrapped(*args, **kwargs)
