"""Shared test setup: every reply the fake gives during the tests is checked against the
service model's output shape, so a handler that invents a member fails loudly; hypothesis
runs under the profile HYPOTHESIS_PROFILE names (``ci`` unless set)."""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import settings

from ssm_fake import protocol

protocol.CHECK_REPLIES = True


@pytest.fixture
def raw_client(ssm_fake: Any) -> Any:
    """An SSM client without botocore's client-side checks, to reach the service's own validation."""
    return boto3.client("ssm", region_name="us-east-1", config=Config(parameter_validation=False))


# --- hypothesis profiles ---------------------------------------------------------------------------
# ci (the default): derandomised and bounded, so `python -m pytest` stays fast and repeatable.
# thorough: HYPOTHESIS_PROFILE=thorough python -m pytest, for long searches before a release.
# A failure either finds is kept as an explicit @example in the test it broke.
settings.register_profile(
    "ci", max_examples=12, stateful_step_count=25, derandomize=True, deadline=None, database=None, print_blob=True
)
settings.register_profile("dev", max_examples=60, stateful_step_count=40, deadline=None)
settings.register_profile("thorough", max_examples=1000, stateful_step_count=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
