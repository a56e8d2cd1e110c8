"""The wrapt patches that route SSM calls to the fake while a mock is active, and nothing else.

* ``sending``: ``Endpoint._send_request`` and ``AioEndpoint._send_request``. SSM calls are
  answered by the fake where the network would be, ahead of every ``before-send`` handler
  (moto's too); retry delays become clock time.
* ``configuration``: ``RequestSigner.get_auth_instance`` and ``Session.create_client`` (and
  aiobotocore's): an SSM client without credentials signs with placeholders, one without a
  region gets the mock's.
* ``waiting``: ``Waiter.wait`` (and aiobotocore's): a waiter's delay is clock time.
* ``guard``: the endpoints' ``_send`` and the HTTP sessions' ``send``: an SSM request that
  got past all this fails instead of leaving the process.

Because the patches sit on classes, they cover clients created before the mock started,
any ``endpoint_url``, and every thread. botocore's are applied by the first ``install``
and removed by the matching last ``uninstall``, as respx does. aiobotocore's are applied
the same way, but only once the user's code has imported aiobotocore: a post-import hook
applies them then, so ``import ssm_fake`` never imports aiobotocore.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import wrapt

from . import configuration, guard, route, sending, waiting
from .guard import SSMRequestEscaped
from .route import Route

__all__ = ["Route", "SSMRequestEscaped", "install", "uninstall"]

Wrapper = Callable[[Callable[..., Any], Any, tuple[Any, ...], dict[str, Any]], Any]


@dataclass
class _Patch:
    """One method of one class, wrapped while a mock is active."""

    module: str
    owner: str
    attribute: str
    wrapper: Wrapper
    original: Any = None

    def apply(self) -> None:
        if self.original is not None:
            return
        cls = getattr(sys.modules[self.module], self.owner)
        self.original = cls.__dict__[self.attribute]
        setattr(cls, self.attribute, wrapt.FunctionWrapper(self.original, self.wrapper))

    def remove(self) -> None:
        if self.original is None:
            return
        setattr(getattr(sys.modules[self.module], self.owner), self.attribute, self.original)
        self.original = None


_PATCHES = (
    _Patch("botocore.endpoint", "Endpoint", "_send_request", sending.send_request),
    _Patch("botocore.signers", "RequestSigner", "get_auth_instance", configuration.get_auth_instance),
    _Patch("botocore.session", "Session", "create_client", configuration.create_client),
    _Patch("botocore.waiter", "Waiter", "wait", waiting.wait),
    _Patch("botocore.endpoint", "Endpoint", "_send", guard.refuse_ssm),
    _Patch("botocore.httpsession", "URLLib3Session", "send", guard.refuse_ssm),
    _Patch("aiobotocore.endpoint", "AioEndpoint", "_send_request", sending.send_request_async),
    _Patch("aiobotocore.signers", "AioRequestSigner", "get_auth_instance", configuration.get_auth_instance_async),
    _Patch("aiobotocore.session", "AioSession", "create_client", configuration.create_client),
    _Patch("aiobotocore.waiter", "AIOWaiter", "wait", waiting.wait),
    _Patch("aiobotocore.endpoint", "AioEndpoint", "_send", guard.refuse_ssm),
    _Patch("aiobotocore.httpsession", "AIOHTTPSession", "send", guard.refuse_ssm),
    _Patch("aiobotocore.httpxsession", "HttpxSession", "send", guard.refuse_ssm),
)
# Modules imported only when the user's code imports them: patched from a post-import hook.
_ON_IMPORT = sorted({patch.module for patch in _PATCHES if not patch.module.startswith("botocore.")})

_lock = threading.RLock()
_users = 0
_hooks_registered = False


def install(active: Route) -> None:
    """Route SSM calls along ``active`` until the matching ``uninstall``."""
    global _users, _hooks_registered
    with _lock:
        _users += 1
        if _users > 1:
            return
        import botocore.endpoint
        import botocore.httpsession
        import botocore.session
        import botocore.signers
        import botocore.waiter  # noqa: F401  # the patched modules must be loaded

        route.current = active
        for module in sys.modules.keys() & {patch.module for patch in _PATCHES}:
            _apply(module)
        if not _hooks_registered:
            # wrapt runs a hook at once for a module already imported, later for one imported later.
            for module in _ON_IMPORT:
                wrapt.register_post_import_hook(_on_import, module)
            _hooks_registered = True


def uninstall() -> None:
    """Undo one ``install``; the last one removes the patches."""
    global _users
    with _lock:
        if _users == 0:
            return
        _users -= 1
        if _users:
            return
        for patch in _PATCHES:
            patch.remove()
        route.current = None


def _on_import(module: Any) -> None:
    with _lock:
        if _users:
            _apply(module.__name__)


def _apply(module: str) -> None:
    for patch in _PATCHES:
        if patch.module == module:
            patch.apply()
