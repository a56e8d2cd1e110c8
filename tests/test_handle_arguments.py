"""The handle refuses a wrong argument where it is passed, with a message that says what to
pass instead; and a handle whose mock has stopped says so."""

from __future__ import annotations

import warnings
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest

from ssm_fake import mock_ssm


@pytest.mark.parametrize(
    ("at", "error", "advice"),
    [
        ("2030-01-01T00:00:00Z", TypeError, r"datetime\.fromisoformat"),
        (1893456000, TypeError, r"tzinfo=timezone\.utc"),
        (datetime(2030, 1, 1), ValueError, "naive"),
    ],
)
def test_freeze_says_what_to_pass(ssm_fake: Any, at: Any, error: type[Exception], advice: str) -> None:
    with pytest.raises(error, match=advice):
        ssm_fake.clock.freeze(at)


@pytest.mark.parametrize(
    ("amount", "error"), [("60", TypeError), (float("nan"), TypeError), (True, TypeError), (-1, ValueError)]
)
def test_advance_says_what_to_pass(ssm_fake: Any, amount: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"advance\(\)"):
        ssm_fake.clock.advance(amount)


def test_advance_takes_seconds_or_a_timedelta(ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(datetime(2030, 1, 1, tzinfo=timezone.utc))
    ssm_fake.clock.advance(30)
    ssm_fake.clock.advance(timedelta(seconds=30))
    assert ssm_fake.clock.now() == datetime(2030, 1, 1, 0, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("account", "error"), [(111122223333, TypeError), ("1111-2222-3333", ValueError), ("12345", ValueError)]
)
def test_credentials_says_what_to_pass(ssm_fake: Any, account: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"12 digits, e\.g\. '111122223333'"):
        ssm_fake.credentials(account)


def test_add_instance_takes_boto3_style_tags(ssm_client: Any, ssm_fake: Any) -> None:
    tagged = ssm_fake.add_instance(tags=[{"Key": "Role", "Value": "web"}])
    ssm_fake.add_instance(tags={"Role": "db"})
    listed = ssm_client.describe_instance_information(Filters=[{"Key": "tag:Role", "Values": ["web"]}])
    assert [i["InstanceId"] for i in listed["InstanceInformationList"]] == [tagged]


@pytest.mark.parametrize(
    "tags",
    [
        [{"key": "Role", "value": "web"}],
        [("Role", "web")],
        {"Role": 1},
        "Role=web",
    ],
)
def test_add_instance_refuses_other_tag_shapes(ssm_fake: Any, tags: Any) -> None:
    with pytest.raises(TypeError, match=r"add_instance\(tags=...\)"):
        ssm_fake.add_instance(tags=tags)


@pytest.mark.parametrize(
    ("keywords", "error", "message"),
    [
        ({"region": "us_east_1"}, ValueError, "region name such as 'us-east-1'"),
        ({"account_id": 123456789012}, TypeError, "string of 12 digits"),
        ({"platform": None}, TypeError, "platform"),
        ({"instance_id": 5}, TypeError, "instance_id"),
        ({"platform": "Solaris"}, ValueError, "Linux, Windows, MacOS"),
    ],
)
def test_add_instance_checks_its_arguments(
    ssm_fake: Any, keywords: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ssm_fake.add_instance(**keywords)


def test_command_outcome_for_a_malformed_node_id_is_refused(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="managed node id as add_instance"):
        ssm_fake.set_command_outcome(instance_id="i-nope")


def test_command_outcome_for_a_node_not_added_yet_warns_and_still_applies(ssm_client: Any, ssm_fake: Any) -> None:
    later = "i-0123456789abcdef0"
    with pytest.warns(UserWarning, match=f"no managed node {later} exists yet"):
        ssm_fake.set_command_outcome(instance_id=later, status="Failed", response_code=2)
    ssm_fake.add_instance(later)
    sent = ssm_client.send_command(
        InstanceIds=[later], DocumentName="AWS-RunShellScript", Parameters={"commands": ["true"]}
    )
    invocation = ssm_client.get_command_invocation(CommandId=sent["Command"]["CommandId"], InstanceId=later)
    assert (invocation["Status"], invocation["ResponseCode"]) == ("Failed", 2)


def test_command_outcome_for_an_existing_node_is_silent(ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ssm_fake.set_command_outcome(instance_id=node)


@pytest.mark.parametrize(
    ("keywords", "error"),
    [
        ({"status": "Succeeded"}, ValueError),
        ({"response_code": "0"}, TypeError),
        ({"duration": -1}, ValueError),
        ({"document_name": 7}, TypeError),
    ],
)
def test_set_command_outcome_checks_its_arguments(
    ssm_fake: Any, keywords: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        ssm_fake.set_command_outcome(**keywords)


@pytest.mark.parametrize(
    ("arguments", "keywords", "error", "message"),
    [
        (("GetParameter", ""), {}, ValueError, "error code such as 'ThrottlingException'"),
        (("GetParameter", "ThrottlingException"), {"times": "2"}, TypeError, r"times=...\) takes an int"),
        (("GetParameter", "ThrottlingException"), {"status": 429.0}, TypeError, r"status=...\) takes an int"),
        (("GetParameter", "ThrottlingException"), {"message": None}, TypeError, "message"),
        ((None, "ThrottlingException"), {}, ValueError, "not an SSM action"),
    ],
)
def test_inject_error_says_what_to_pass(
    ssm_fake: Any, arguments: tuple[Any, ...], keywords: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        ssm_fake.inject_error(*arguments, **keywords)


def test_set_command_handler_takes_a_callable(ssm_fake: Any) -> None:
    with pytest.raises(TypeError, match="takes a callable"):
        ssm_fake.set_command_handler("echo hi")


def test_register_instance_checks_its_arguments(ssm_fake: Any) -> None:
    with pytest.raises(TypeError, match="activation_id"):
        ssm_fake.register_instance(None, "code")


@pytest.mark.parametrize(
    ("keywords", "error"),
    [
        ({"account_id": 123456789012}, TypeError),
        ({"region": "US East"}, ValueError),
        ({"real_sleep": "no"}, TypeError),
    ],
)
def test_mock_ssm_checks_its_options(keywords: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error, match=r"mock_ssm\("):
        mock_ssm(**keywords)


@pytest.mark.parametrize(
    "use",
    [
        lambda ssm: ssm.add_instance(),
        lambda ssm: ssm.set_command_outcome(),
        lambda ssm: ssm.set_command_handler(None),
        lambda ssm: ssm.inject_error("GetParameter", "ThrottlingException"),
        lambda ssm: ssm.credentials("111122223333"),
        lambda ssm: ssm.reset(),
        lambda ssm: ssm.clock.now(),
        lambda ssm: ssm.register_instance("id", "code"),
    ],
)
def test_a_handle_used_after_its_mock_stopped_says_so(use: Any) -> None:
    with mock_ssm() as ssm:
        boto3.client("ssm", region_name="us-east-1").put_parameter(Name="p", Value="v", Type="String")
    with pytest.raises(RuntimeError, match="after its mock_ssm stopped"):
        use(ssm)
    assert [c.event_name for c in ssm.calls] == ["PutParameter"]  # what happened stays readable
