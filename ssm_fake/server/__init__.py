"""``ssm-fake serve``: the same backend over HTTP, for the AWS CLI and every other SDK.

    ssm-fake serve --port 4583          # or: python -m ssm_fake serve
    aws ssm get-parameter --name /app/db --endpoint-url http://127.0.0.1:4583

``endpoint`` holds the HTTP server, ``admin`` the admin path (``/_ssm_fake/...``) and
``admin_client`` its Python client, ``state_file`` the ``--state-file`` journal,
``fixtures`` the pytest fixture ``ssm_server``. ``import ssm_fake`` never imports this
package; importing it loads no backend until a server starts.
"""

from .admin_client import AdminClient, AdminError

__all__ = ["AdminClient", "AdminError"]
