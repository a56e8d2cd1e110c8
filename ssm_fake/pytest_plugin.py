"""pytest fixtures, registered through the ``pytest11`` entry point on install.

    def test_put(ssm_client, ssm_fake):
        ssm_client.put_parameter(Name="p", Value="v", Type="String")
        assert ssm_fake.calls[-1].event_name == "PutParameter"

Inside such a test the name ``ssm_fake`` is the fixture (the handle), not the package:
import what you need from the package by name at the top of the file
(``from ssm_fake import LocalShellHandler``). The fixtures are function-scoped; for state
shared by a class or module, use a fixture of that scope that runs ``with mock_ssm() as
ssm: yield ssm`` (per-test activations join it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .fake import SSMFake
from .mock import mock_ssm


@pytest.fixture
def ssm_fake() -> Iterator[SSMFake]:
    """The handle of an active mock, with empty state for this test."""
    with mock_ssm() as fake:
        yield fake


@pytest.fixture
def ssm_client(ssm_fake: SSMFake) -> Any:
    """A boto3 SSM client for us-east-1, answered by ``ssm_fake``."""
    import boto3

    return boto3.client("ssm", region_name="us-east-1")
