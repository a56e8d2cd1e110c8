"""The pytest fixture ``ssm_server``: one server on a free port for the test session.

    def test_cli_reads_parameter(ssm_server):
        ssm_server.admin.reset()
        client = boto3.client("ssm", endpoint_url=ssm_server.url, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test")

Registered through the ``pytest11`` entry point like the in-process fixtures. The server
runs in a thread of the test process and keeps its state for the whole session: reset it
(``ssm_server.admin.reset()``) where a test needs a clean slate. Do not combine it with
``mock_ssm`` in one test: the mock would answer the SSM calls meant for the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .endpoint import Server


@pytest.fixture(scope="session")
def ssm_server() -> Iterator[Server]:
    """A running ``ssm_fake.server.endpoint.Server``: ``.url``, ``.admin`` (an AdminClient), ``.fake``."""
    from .endpoint import Server

    with Server(port=0) as server:
        yield server
