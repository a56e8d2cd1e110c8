"""ssm_fake beside moto: with ``moto.mock_aws()`` active too, in either order and nested
either way, SSM calls reach ssm_fake and every other service reaches moto."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from typing import Any

import boto3
import pytest
from aiobotocore.session import get_session
from moto import mock_aws

from ssm_fake import mock_ssm
from ssm_fake.mock import active_fake


def _s3_and_ssm(fake: Any) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="artifacts")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["artifacts"]
    ssm = boto3.client("ssm", region_name="us-east-1")
    ssm.put_parameter(Name="/app/bucket", Value="artifacts", Type="String")
    assert ssm.get_parameter(Name="/app/bucket")["Parameter"]["Value"] == "artifacts"
    assert [c.event_name for c in fake.calls] == ["PutParameter", "GetParameter"]


ORDERS: dict[str, Callable[[], list[AbstractContextManager[Any]]]] = {
    "moto outside": lambda: [mock_aws(), mock_ssm()],
    "ssm_fake outside": lambda: [mock_ssm(), mock_aws()],
}


@pytest.mark.parametrize("order", ORDERS)
def test_nested_either_way(order: str) -> None:
    with ExitStack() as stack:
        entered = [stack.enter_context(mock) for mock in ORDERS[order]()]
        fake = next(e for e in entered if e is not None and hasattr(e, "calls"))
        _s3_and_ssm(fake)


def test_started_and_stopped_by_hand_in_overlapping_order() -> None:
    moto, ssm = mock_aws(), mock_ssm()
    moto.start()
    fake = ssm.start()
    try:
        _s3_and_ssm(fake)
    finally:
        moto.stop()
        ssm.stop()


def test_ssm_goes_back_to_moto_once_ssm_fake_stops() -> None:
    with mock_aws():
        client = boto3.client("ssm", region_name="us-east-1")
        with mock_ssm() as fake:
            client.put_parameter(Name="/only/in/ssm_fake", Value="v", Type="String")
            assert len(fake.calls) == 1
        # moto never saw the parameter: it was ssm_fake's.
        with pytest.raises(client.exceptions.ParameterNotFound):
            client.get_parameter(Name="/only/in/ssm_fake")


def test_decorators_stack_either_way() -> None:
    def body() -> tuple[list[str], list[str]]:
        boto3.client("ssm", region_name="us-east-1").put_parameter(Name="p", Value="v", Type="String")
        sqs = boto3.client("sqs", region_name="us-east-1")
        sqs.create_queue(QueueName="q")
        queues = [url.rsplit("/", 1)[-1] for url in sqs.list_queues()["QueueUrls"]]
        fake = active_fake()
        assert fake is not None
        return queues, [c.event_name for c in fake.calls]

    assert mock_aws(mock_ssm(body))() == (["q"], ["PutParameter"])
    assert mock_ssm(mock_aws(body))() == (["q"], ["PutParameter"])


def test_an_aiobotocore_ssm_client_reaches_ssm_fake_under_moto() -> None:
    async def body() -> None:
        async with get_session().create_client("ssm", region_name="us-east-1") as client:
            await client.put_parameter(Name="p", Value="v", Type="String")

    with mock_aws(), mock_ssm() as fake:
        asyncio.run(body())
        assert [c.event_name for c in fake.calls] == ["PutParameter"]
