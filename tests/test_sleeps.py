"""botocore's sleeps for SSM calls under the mock: retry backoff and waiter delays move the
fake's clock instead of the wall clock, unless ``mock_ssm(real_sleep=True)``."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config
from loopback import Loopback, loopback_server

from ssm_fake import mock_ssm

START = datetime(2030, 1, 1, tzinfo=timezone.utc)
RETRIES = Config(retries={"mode": "standard", "max_attempts": 4})


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every time.sleep in the test, recorded instead of slept (botocore calls time.sleep)."""
    recorded: list[float] = []
    monkeypatch.setattr(time, "sleep", recorded.append)
    return recorded


def _throttled_get(fake: Any, times: int) -> dict[str, Any]:
    client = boto3.client("ssm", region_name="us-east-1", config=RETRIES)
    client.put_parameter(Name="p", Value="v", Type="String")
    fake.inject_error("GetParameter", "ThrottlingException", message="Rate exceeded", times=times)
    response: dict[str, Any] = client.get_parameter(Name="p")
    return response


def test_retry_backoff_advances_the_clock_instead_of_sleeping(sleeps: list[float]) -> None:
    with mock_ssm() as fake:
        fake.clock.freeze(START)
        response = _throttled_get(fake, times=3)
        assert response["ResponseMetadata"]["RetryAttempts"] == 3
        waited = fake.clock.now() - START
    # botocore's standard mode backs off a random 0..2**(n-1) seconds before retry n.
    assert timedelta(0) < waited <= timedelta(seconds=1 + 2 + 4)
    assert all(seconds == 0 for seconds in sleeps)


def test_timestamps_after_a_retry_show_the_backoff() -> None:
    with mock_ssm() as fake:
        fake.clock.freeze(START)
        client = boto3.client("ssm", region_name="us-east-1", config=RETRIES)
        fake.inject_error("PutParameter", "ThrottlingException", times=2)
        client.put_parameter(Name="p", Value="v", Type="String")
        modified = client.get_parameter(Name="p")["Parameter"]["LastModifiedDate"]
        assert modified == fake.clock.now() > START
        assert [c.event_time for c in fake.calls[:3]] == sorted(c.event_time for c in fake.calls[:3])


def test_real_sleep_keeps_botocores_sleeps(sleeps: list[float]) -> None:
    with mock_ssm(real_sleep=True) as fake:
        fake.clock.freeze(START)
        assert _throttled_get(fake, times=2)["ResponseMetadata"]["RetryAttempts"] == 2
        assert fake.clock.now() == START
    assert len(sleeps) == 2
    assert all(0 <= seconds <= 2 for seconds in sleeps)


def test_the_command_executed_waiter_waits_on_the_clock(sleeps: list[float]) -> None:
    with mock_ssm() as fake:
        fake.clock.freeze(START)
        client = boto3.client("ssm", region_name="us-east-1")
        instance_id = fake.add_instance()
        fake.set_command_outcome(duration=12)
        sent = client.send_command(
            InstanceIds=[instance_id], DocumentName="AWS-RunShellScript", Parameters={"commands": ["true"]}
        )
        command_id = sent["Command"]["CommandId"]
        client.get_waiter("command_executed").wait(CommandId=command_id, InstanceId=instance_id)
        polls = [c for c in fake.calls if c.event_name == "GetCommandInvocation"]
        # The waiter's own delay (5 s) between polls, in clock time: InProgress until 12 s.
        assert [c.event_time - START for c in polls] == [timedelta(seconds=s) for s in (0, 5, 10, 15)]
        assert [c.response_elements["Status"] for c in polls] == ["InProgress"] * 3 + ["Success"]
    assert all(seconds == 0 for seconds in sleeps)


def test_other_services_still_sleep_for_real(sleeps: list[float]) -> None:
    with loopback_server() as server, mock_ssm():
        server.reply = (400, {"__type": "ThrottlingException", "message": "Rate exceeded"})
        _call_throttled_service(server)
    assert len(server.seen) == 4  # max_attempts counts retries: three of them
    assert len(sleeps) == 3 and sum(sleeps) > 0


def _call_throttled_service(server: Loopback) -> None:
    secrets = boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        endpoint_url=server.url,
        aws_access_key_id="a",
        aws_secret_access_key="b",
        config=Config(retries={"mode": "standard", "max_attempts": 3}),
    )
    with pytest.raises(secrets.exceptions.ClientError):
        secrets.list_secrets()
