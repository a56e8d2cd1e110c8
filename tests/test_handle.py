"""The SSMFake handle: journal, injected errors, clock, reset, and the pytest plugin's fixtures."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from importlib.metadata import entry_points
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssm_fake import mock_ssm

NO_RETRIES = Config(retries={"total_max_attempts": 1})


def test_calls_record_every_answered_call_in_order(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_client.put_parameter(Name="p", Value="v", Type="String")
    with pytest.raises(ClientError):
        ssm_client.get_parameter(Name="nope")
    first, second = ssm_fake.calls
    assert first.event_name == "PutParameter"
    assert first.request_parameters == {"Name": "p", "Value": "v", "Type": "String"}
    assert first.response_elements == {"Version": 1, "Tier": "Standard"}
    assert first.error_code is None
    assert (first.account_id, first.region) == ("123456789012", "us-east-1")
    assert second.event_name == "GetParameter"
    assert second.error_code == "ParameterNotFound"
    assert second.response_elements is None


def test_a_call_renders_as_a_cloudtrail_event(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_client.put_parameter(Name="p", Value="v", Type="String")
    with pytest.raises(ClientError):
        ssm_client.get_parameter(Name="nope")
    put, failed = (call.to_cloudtrail() for call in ssm_fake.calls)
    assert put["eventSource"] == "ssm.amazonaws.com"
    assert put["eventName"] == "PutParameter"
    assert put["awsRegion"] == "us-east-1"
    assert put["recipientAccountId"] == "123456789012"
    assert put["requestParameters"] == {"name": "p", "value": "HIDDEN_DUE_TO_SECURITY_REASONS", "type": "String"}
    assert put["responseElements"] == {"version": 1, "tier": "Standard"}
    assert put["readOnly"] is False
    assert put["requestID"] == ssm_fake.calls[0].request_id
    assert "errorCode" not in put
    assert failed["readOnly"] is True
    assert failed["errorCode"] == "ParameterNotFound"


def test_injected_errors_fail_the_next_calls_then_stop(ssm_fake: Any) -> None:
    client = boto3.client("ssm", region_name="us-east-1", config=NO_RETRIES)
    client.put_parameter(Name="p", Value="v", Type="String")
    ssm_fake.inject_error("GetParameter", "ThrottlingException", message="Rate exceeded", times=2)
    for _ in range(2):
        with pytest.raises(ClientError) as caught:
            client.get_parameter(Name="p")
        assert caught.value.response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert client.get_parameter(Name="p")["Parameter"]["Value"] == "v"
    client.put_parameter(Name="q", Value="v", Type="String")  # other actions were never affected


def test_injected_error_status_is_what_the_test_asked_for(ssm_fake: Any) -> None:
    client = boto3.client("ssm", region_name="us-east-1", config=NO_RETRIES)
    ssm_fake.inject_error("DescribeParameters", "InternalServerError", status=500)
    with pytest.raises(ClientError) as caught:
        client.describe_parameters()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_inject_error_checks_its_arguments(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="not an SSM action"):
        ssm_fake.inject_error("get_parameter", "ThrottlingException")
    with pytest.raises(ValueError, match="at least 1"):
        ssm_fake.inject_error("GetParameter", "ThrottlingException", times=0)


def test_clock_freezes_advances_and_unfreezes(ssm_client: Any, ssm_fake: Any) -> None:
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    ssm_fake.clock.freeze(start)
    assert ssm_fake.clock.now() == start
    ssm_fake.clock.advance(90)
    ssm_fake.clock.advance(timedelta(minutes=1))
    assert ssm_fake.clock.now() == start + timedelta(seconds=150)
    ssm_client.put_parameter(Name="p", Value="v", Type="String")
    assert ssm_client.get_parameter(Name="p")["Parameter"]["LastModifiedDate"] == start + timedelta(seconds=150)
    ssm_fake.clock.unfreeze()
    later = ssm_fake.clock.now()
    assert start + timedelta(seconds=150) <= later < start + timedelta(seconds=160)


def test_advancing_an_unfrozen_clock_moves_it_forward(ssm_fake: Any) -> None:
    before = ssm_fake.clock.now()
    ssm_fake.clock.advance(3600)
    assert ssm_fake.clock.now() - before >= timedelta(hours=1)


def test_clock_refuses_naive_datetimes_and_going_back(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="aware"):
        ssm_fake.clock.freeze(datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="forward"):
        ssm_fake.clock.advance(-1)


def test_timers_run_in_time_order_at_their_own_instant(ssm_fake: Any) -> None:
    clock = ssm_fake.clock
    clock.freeze(datetime(2030, 1, 1, tzinfo=timezone.utc))
    ran: list[tuple[str, datetime]] = []
    base = clock.now()
    clock.call_at(base + timedelta(seconds=30), lambda: ran.append(("late", clock.now())))
    clock.call_at(base + timedelta(seconds=10), lambda: ran.append(("early", clock.now())))
    clock.advance(5)
    assert ran == []
    clock.advance(60)
    assert ran == [("early", base + timedelta(seconds=10)), ("late", base + timedelta(seconds=30))]
    assert clock.now() == base + timedelta(seconds=65)


def test_reset_forgets_everything(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_client.put_parameter(Name="p", Value="v", Type="String")
    ssm_fake.inject_error("GetParameter", "ThrottlingException", times=5)
    ssm_fake.reset()
    assert ssm_fake.calls == []
    assert ssm_client.describe_parameters()["Parameters"] == []
    with pytest.raises(ssm_client.exceptions.ParameterNotFound):
        ssm_client.get_parameter(Name="p")


def test_mock_options_are_validated() -> None:
    with pytest.raises(ValueError, match="12 digits"), mock_ssm(account_id="abc"):
        pass


def test_the_pytest_plugin_is_registered_by_entry_point() -> None:
    plugins = {entry.name: entry.value for entry in entry_points(group="pytest11")}
    assert plugins.get("ssm_fake") == "ssm_fake.pytest_plugin"


def test_the_fixtures_give_a_client_answered_by_the_fake(ssm_client: Any, ssm_fake: Any) -> None:
    assert ssm_client.meta.region_name == "us-east-1"
    ssm_client.put_parameter(Name="p", Value="v", Type="String")
    assert [c.event_name for c in ssm_fake.calls] == ["PutParameter"]


def test_each_test_starts_from_empty_state_first(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="leak-check", Value="v", Type="String")


def test_each_test_starts_from_empty_state_second(ssm_client: Any) -> None:
    assert ssm_client.describe_parameters()["Parameters"] == []
