"""``ssm-fake serve``: the same backend over HTTP, for the AWS CLI and every other SDK.

    ssm-fake serve --port 4583          # or: python -m ssm_fake serve
    aws ssm get-parameter --name /app/db --endpoint-url http://127.0.0.1:4583

``endpoint`` holds the HTTP server, ``admin`` the admin path (``/_ssm_fake/...``) and
``admin_client`` its Python client, ``state_file`` the ``--state-file`` journal,
``fixtures`` the pytest fixture ``ssm_server``. ``import ssm_fake`` never imports this
package, and importing it loads nothing else until a name is used: pytest imports
``fixtures`` at every start, through the ``pytest11`` entry point.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .admin_client import AdminClient, AdminError

__all__ = ["AdminClient", "AdminError"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import admin_client

        return getattr(admin_client, name)
    raise AttributeError(f"module 'ssm_fake.server' has no attribute {name!r}")
