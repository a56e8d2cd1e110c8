"""What a test should not have to configure for SSM under the mock: credentials and a region.

* ``RequestSigner.get_auth_instance`` (and aiobotocore's): an SSM client with no credentials
  at all signs with placeholder ones, of the mock's default account, instead of raising
  ``NoCredentialsError``.
* ``Session.create_client`` (and aiobotocore's): an SSM client created under the mock with
  no region anywhere (argument, ``Config``, environment, profile) gets the mock's
  ``region`` instead of raising ``NoRegionError``. ``os.environ`` is never touched.

Clients of other services, and clients that have credentials or a region, are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import route

_SERVICE = "ssm"


def get_auth_instance(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``RequestSigner.get_auth_instance``."""
    active = route.current
    if active is not None and _lacks_credentials(instance, kwargs):
        kwargs = {**kwargs, "request_credentials": active.credentials}
    return wrapped(*args, **kwargs)


def get_auth_instance_async(
    wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """``AioRequestSigner.get_auth_instance``, which awaits the credentials' frozen form."""
    active = route.current
    if active is not None and _lacks_credentials(instance, kwargs):
        from aiobotocore.credentials import AioCredentials

        placeholder = active.credentials
        kwargs = {**kwargs, "request_credentials": AioCredentials(placeholder.access_key, placeholder.secret_key)}
    return wrapped(*args, **kwargs)


def _lacks_credentials(signer: Any, kwargs: dict[str, Any]) -> bool:
    return (
        signer._credentials is None
        and kwargs.get("request_credentials") is None
        and str(signer._service_id).lower() == _SERVICE
    )


def create_client(wrapped: Callable[..., Any], instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``Session.create_client`` and ``AioSession.create_client`` (same signature)."""
    active = route.current
    if active is not None and len(args) < 2 and kwargs.get("region_name") is None:
        service = args[0] if args else kwargs.get("service_name")
        if service == _SERVICE and not _configured_region(instance, kwargs.get("config")):
            kwargs = {**kwargs, "region_name": active.region}
    return wrapped(*args, **kwargs)


def _configured_region(session: Any, config: Any) -> bool:
    """Whether botocore would find a region without us: in the client's or the session's
    default ``Config``, or the session's configuration (environment, profile)."""
    default_config = session.get_default_client_config()
    for source in (config, default_config):
        if source is not None and source.region_name is not None:
            return True
    return session.get_config_variable("region") is not None
