"""Shared test setup: every reply the fake gives during the tests is checked against the
service model's output shape, so a handler that invents a member fails loudly."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from ssm_fake import protocol

protocol.CHECK_REPLIES = True


@pytest.fixture
def raw_client(ssm_fake: Any) -> Any:
    """An SSM client without botocore's client-side checks, to reach the service's own validation."""
    return boto3.client("ssm", region_name="us-east-1", config=Config(parameter_validation=False))
