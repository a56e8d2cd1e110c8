"""The wire: errors as the service sends them, unknown and unimplemented actions, bad bodies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssm_fake.backend import registry


def _rewrite_request(client: Any, *, target: str | None = None, body: bytes | None = None) -> None:
    """Change the request after botocore serialised it, as a broken client would send it."""

    def rewrite(request: Any, **_: Any) -> None:
        if target is not None:
            request.headers["X-Amz-Target"] = target
        if body is not None:
            request.data = body

    client.meta.events.register_first("before-sign.ssm.*", rewrite)


def test_modeled_errors_raise_the_clients_exception_class(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.ParameterNotFound) as caught:
        ssm_client.get_parameter(Name="missing")
    response = caught.value.response
    assert response["Error"]["Code"] == "ParameterNotFound"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_every_reply_carries_the_request_id_the_journal_recorded(ssm_client: Any, ssm_fake: Any) -> None:
    response = ssm_client.put_parameter(Name="p", Value="v", Type="String")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert request_id == ssm_fake.calls[-1].request_id
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="missing")
    assert caught.value.response["ResponseMetadata"]["RequestId"] == ssm_fake.calls[-1].request_id != request_id


def test_an_unknown_action_is_invalid_action(ssm_client: Any) -> None:
    _rewrite_request(ssm_client, target="AmazonSSM.MakeCoffee")
    with pytest.raises(ClientError) as caught:
        ssm_client.describe_parameters()
    assert caught.value.response["Error"]["Code"] == "InvalidAction"
    assert "MakeCoffee" in caught.value.response["Error"]["Message"]


def test_a_malformed_body_is_a_serialization_exception(ssm_client: Any) -> None:
    _rewrite_request(ssm_client, body=b"{not json")
    with pytest.raises(ClientError) as caught:
        ssm_client.describe_parameters()
    assert caught.value.response["Error"]["Code"] == "SerializationException"


def test_a_body_that_is_not_an_object_is_a_serialization_exception(ssm_client: Any) -> None:
    _rewrite_request(ssm_client, body=b"[1, 2]")
    with pytest.raises(ClientError) as caught:
        ssm_client.describe_parameters()
    assert caught.value.response["Error"]["Code"] == "SerializationException"


def test_an_action_the_fake_lacks_is_a_clear_error_not_a_fake_success(ssm_client: Any) -> None:
    assert "GetCalendarState" not in registry.HANDLERS
    with pytest.raises(ClientError) as caught:
        ssm_client.get_calendar_state(CalendarNames=["calendar"])
    error = caught.value.response["Error"]
    assert error["Code"] == "NotImplementedByFake"
    assert "GetCalendarState" in error["Message"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.fixture
def broken_handler() -> Iterator[None]:
    def explode(ctx: Any, request: Any) -> Any:
        raise KeyError("a bug")

    original = registry.HANDLERS["ListTagsForResource"]
    registry.HANDLERS["ListTagsForResource"] = explode
    try:
        yield
    finally:
        registry.HANDLERS["ListTagsForResource"] = original


def test_a_bug_in_a_handler_becomes_internal_server_error(
    ssm_fake: Any, broken_handler: None, caplog: pytest.LogCaptureFixture
) -> None:
    client = boto3.client("ssm", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    with pytest.raises(ClientError) as caught:
        client.list_tags_for_resource(ResourceType="Parameter", ResourceId="p")
    assert caught.value.response["Error"]["Code"] == "InternalServerError"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert "bug in ssm_fake" in caplog.text
    assert ssm_fake.calls[-1].error_code == "InternalServerError"


def test_timestamps_travel_as_epoch_seconds(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze()
    ssm_client.put_parameter(Name="p", Value="v", Type="String")
    modified = ssm_client.get_parameter(Name="p")["Parameter"]["LastModifiedDate"]
    assert modified == ssm_fake.clock.now()
    assert modified.tzinfo is not None
