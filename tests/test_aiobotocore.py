"""aiobotocore and aioboto3 clients under the mock: the same promises as for botocore's —
clients created before the mock, any endpoint_url, no credentials, other services untouched,
sleeps on the clock — and many calls in flight in one event loop."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aioboto3
import pytest
from aiobotocore.config import AioConfig
from aiobotocore.credentials import AioCredentialResolver
from aiobotocore.session import AioSession, get_session
from loopback import loopback_server

from ssm_fake import SSMRequestEscaped, mock_ssm

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2030, 1, 1, tzinfo=timezone.utc)


def run(body: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(body())


def test_parameters_through_an_aiobotocore_client() -> None:
    async def body() -> None:
        async with get_session().create_client("ssm", region_name="us-east-1") as client:
            await client.put_parameter(Name="/app/db", Value="x", Type="String")
            got = await client.get_parameter(Name="/app/db")
            assert got["Parameter"]["Value"] == "x"
            with pytest.raises(client.exceptions.ParameterNotFound):
                await client.get_parameter(Name="/app/missing")
            paginator = client.get_paginator("describe_parameters")
            names = [p["Name"] async for page in paginator.paginate() for p in page["Parameters"]]
            assert names == ["/app/db"]

    with mock_ssm() as fake:
        run(body)
        assert [c.event_name for c in fake.calls] == [
            "PutParameter",
            "GetParameter",
            "GetParameter",
            "DescribeParameters",
        ]
        assert fake.calls[2].error_code == "ParameterNotFound"


def test_documents_instances_and_commands_through_aioboto3() -> None:
    async def body(fake: Any) -> None:
        async with aioboto3.Session().client("ssm", region_name="eu-west-1") as client:
            content = '{"schemaVersion": "2.2", "description": "d", "mainSteps": [{"action": "aws:runShellScript", '
            content += '"name": "run", "inputs": {"runCommand": ["echo hi"]}}]}'
            created = await client.create_document(Name="Echo", Content=content, DocumentType="Command")
            assert created["DocumentDescription"]["Status"] == "Active"
            instance_id = fake.add_instance(region="eu-west-1", tags={"Role": "web"})
            listed = await client.describe_instance_information()
            assert [i["InstanceId"] for i in listed["InstanceInformationList"]] == [instance_id]
            fake.set_command_outcome(stdout="hi\n", duration=12)
            sent = await client.send_command(Targets=[{"Key": "tag:Role", "Values": ["web"]}], DocumentName="Echo")
            command_id = sent["Command"]["CommandId"]
            await client.get_waiter("command_executed").wait(CommandId=command_id, InstanceId=instance_id)
            invocation = await client.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
            assert (invocation["Status"], invocation["StandardOutputContent"]) == ("Success", "hi\n")

    with mock_ssm() as fake:
        fake.clock.freeze(START)
        run(lambda: body(fake))
        # The waiter's delays (5 s) passed on the clock, not the wall clock.
        assert fake.clock.now() - START == timedelta(seconds=15)


def test_concurrent_calls_in_one_event_loop() -> None:
    async def body() -> list[str]:
        session = aioboto3.Session()
        async with (
            session.client("ssm", region_name="us-east-1") as one,
            session.client("ssm", region_name="us-east-1") as two,
        ):
            await asyncio.gather(
                *((one if n % 2 else two).put_parameter(Name=f"/p/{n}", Value=str(n), Type="String") for n in range(40))
            )
            got = await asyncio.gather(*(one.get_parameter(Name=f"/p/{n}") for n in range(40)))
            return [g["Parameter"]["Value"] for g in got]

    with mock_ssm() as fake:
        assert run(body) == [str(n) for n in range(40)]
        assert len(fake.calls) == 80
        assert len({c.request_id for c in fake.calls}) == 80


def test_a_client_created_before_the_mock_started_is_intercepted() -> None:
    async def body() -> None:
        async with get_session().create_client("ssm", region_name="us-east-1") as client:
            with mock_ssm() as fake:
                await client.put_parameter(Name="early", Value="v", Type="String")
                assert fake.calls[-1].event_name == "PutParameter"

    run(body)


def test_any_endpoint_url_and_no_credentials() -> None:
    async def body(url: str) -> None:
        session = AioSession()
        session.register_component("credential_provider", AioCredentialResolver(providers=[]))
        assert await session.get_credentials() is None
        async with session.create_client("ssm", region_name="ap-south-1", endpoint_url=url) as client:
            await client.put_parameter(Name="p", Value="v", Type="String")

    with loopback_server() as server, mock_ssm() as fake:
        run(lambda: body(server.url))
        assert server.seen == []
        record = fake.calls[-1]
        assert (record.account_id, record.region) == (fake.account_id, "ap-south-1")


def test_other_services_pass_through_untouched() -> None:
    async def body(url: str) -> Any:
        keys = {"aws_access_key_id": "a", "aws_secret_access_key": "b"}
        async with get_session().create_client(
            "secretsmanager", region_name="us-east-1", endpoint_url=url, **keys
        ) as client:
            return await client.list_secrets()

    with loopback_server() as server, mock_ssm() as fake:
        assert run(lambda: body(server.url))["SecretList"] == []
        assert server.seen == ["secretsmanager.ListSecrets"]
        assert fake.calls == []


def test_retry_backoff_advances_the_clock() -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recording_sleep(seconds: float, *args: Any) -> Any:
        slept.append(seconds)
        return await real_sleep(0, *args)

    async def body(fake: Any) -> dict[str, Any]:
        config = AioConfig(retries={"mode": "standard", "max_attempts": 4})
        async with get_session().create_client("ssm", region_name="us-east-1", config=config) as client:
            await client.put_parameter(Name="p", Value="v", Type="String")
            fake.inject_error("GetParameter", "ThrottlingException", times=3)
            response: dict[str, Any] = await client.get_parameter(Name="p")
            return response

    with mock_ssm() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setattr(asyncio, "sleep", recording_sleep)
        fake.clock.freeze(START)
        assert run(lambda: body(fake))["ResponseMetadata"]["RetryAttempts"] == 3
        assert fake.clock.now() > START
    assert slept and all(seconds == 0 for seconds in slept)


def test_an_ssm_client_without_a_region_gets_the_mocks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))

    async def body() -> str:
        async with get_session().create_client("ssm") as client:
            await client.put_parameter(Name="p", Value="v", Type="String")
            region: str = client.meta.region_name
            return region

    with mock_ssm(region="eu-north-1") as fake:
        assert run(body) == "eu-north-1"
        assert fake.calls[-1].region == "eu-north-1"


def test_the_guard_stops_an_ssm_request_sent_straight_to_aiohttp() -> None:
    from aiobotocore.httpsession import AIOHTTPSession
    from botocore.awsrequest import AWSRequest

    async def body(url: str) -> None:
        headers = {"X-Amz-Target": "AmazonSSM.GetParameter", "Content-Type": "application/x-amz-json-1.1"}
        request = AWSRequest(method="POST", url=url, headers=headers, data=b"{}").prepare()
        async with AIOHTTPSession() as http:
            await http.send(request)

    with loopback_server() as server, mock_ssm():
        with pytest.raises(SSMRequestEscaped, match=r"AIOHTTPSession\.send"):
            run(lambda: body(server.url))
        assert server.seen == []


def _python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (so that aiobotocore is not imported yet)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_ssm_fake_and_using_it_does_not_import_aiobotocore() -> None:
    code = """
import sys, boto3
from ssm_fake import mock_ssm
with mock_ssm():
    boto3.client("ssm", region_name="us-east-1").put_parameter(Name="p", Value="v", Type="String")
print("aiobotocore" in sys.modules)
"""
    assert _python(code) == "False"


def test_aiobotocore_imported_after_the_mock_started_is_intercepted() -> None:
    code = """
import asyncio
from ssm_fake import mock_ssm
with mock_ssm() as fake:
    from aiobotocore.session import get_session
    async def main():
        async with get_session().create_client("ssm", region_name="us-east-1") as client:
            await client.put_parameter(Name="p", Value="v", Type="String")
    asyncio.run(main())
    print([c.event_name for c in fake.calls])
"""
    assert _python(code) == "['PutParameter']"
