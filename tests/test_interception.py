"""Interception promises: process-wide, thread-safe, SSM only, no credentials or environment needed."""

from __future__ import annotations

import os
import threading
import types
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.credentials import CredentialResolver
from botocore.endpoint import Endpoint
from botocore.exceptions import NoRegionError
from loopback import Loopback, loopback_server

from ssm_fake import SSMRequestEscaped, mock_ssm


def test_client_created_before_the_mock_started_is_intercepted() -> None:
    early = boto3.client("ssm", region_name="us-east-1")
    with mock_ssm() as fake:
        early.put_parameter(Name="early", Value="v", Type="String")
        assert fake.calls[-1].event_name == "PutParameter"
        assert early.get_parameter(Name="early")["Parameter"]["Value"] == "v"


def test_calls_from_other_threads_are_intercepted_and_serialised(ssm_fake: Any) -> None:
    errors: list[BaseException] = []

    def writer(thread: int) -> None:
        try:
            client = boto3.client("ssm", region_name="us-east-1")
            for index in range(10):
                client.put_parameter(Name=f"/t{thread}/p{index}", Value="v", Type="String")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    client = boto3.client("ssm", region_name="us-east-1")
    paginator = client.get_paginator("describe_parameters")
    names = [p["Name"] for page in paginator.paginate() for p in page["Parameters"]]
    assert sorted(names) == sorted(f"/t{t}/p{i}" for t in range(4) for i in range(10))


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    with loopback_server() as server:
        yield server


def test_other_services_pass_through_untouched(ssm_fake: Any, loopback: Loopback) -> None:
    secrets = boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        endpoint_url=loopback.url,
        aws_access_key_id="a",
        aws_secret_access_key="b",
    )
    assert secrets.list_secrets()["SecretList"] == []
    assert loopback.seen == ["secretsmanager.ListSecrets"]
    assert ssm_fake.calls == []


def test_ssm_is_recognised_whatever_the_endpoint_url(ssm_fake: Any, loopback: Loopback) -> None:
    client = boto3.client("ssm", region_name="us-east-1", endpoint_url=loopback.url)
    client.put_parameter(Name="p", Value="v", Type="String")
    assert loopback.seen == []
    assert ssm_fake.calls[-1].event_name == "PutParameter"


def test_a_client_without_any_credentials_works_under_the_mock(ssm_fake: Any) -> None:
    session = botocore.session.get_session()
    session.register_component("credential_provider", CredentialResolver(providers=[]))
    assert session.get_credentials() is None
    client = boto3.Session(botocore_session=session).client("ssm", region_name="eu-west-1")
    client.put_parameter(Name="no-creds", Value="v", Type="String")
    record = ssm_fake.calls[-1]
    assert (record.account_id, record.region) == (ssm_fake.account_id, "eu-west-1")


def test_the_environment_is_left_alone() -> None:
    before = dict(os.environ)
    with mock_ssm():
        boto3.client("ssm", region_name="us-east-1").put_parameter(Name="p", Value="v", Type="String")
        assert dict(os.environ) == before
    assert dict(os.environ) == before


def test_accounts_and_regions_are_isolated(ssm_fake: Any) -> None:
    home = boto3.client("ssm", region_name="us-east-1")
    elsewhere = boto3.client("ssm", region_name="eu-west-1")
    other_account = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("210987654321"))
    home.put_parameter(Name="p", Value="home", Type="String")
    elsewhere.put_parameter(Name="p", Value="europe", Type="String")
    other_account.put_parameter(Name="p", Value="theirs", Type="String")
    assert home.get_parameter(Name="p")["Parameter"]["Value"] == "home"
    assert elsewhere.get_parameter(Name="p")["Parameter"]["Value"] == "europe"
    theirs = other_account.get_parameter(Name="p")["Parameter"]
    assert theirs["Value"] == "theirs"
    assert theirs["ARN"] == "arn:aws:ssm:us-east-1:210987654321:parameter/p"
    assert [c.account_id for c in ssm_fake.calls[-1:]] == ["210987654321"]


def test_credentials_refuses_a_malformed_account(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="12 digits"):
        ssm_fake.credentials("12345")


def test_retries_are_botocores_own(ssm_fake: Any) -> None:
    client = boto3.client(
        "ssm", region_name="us-east-1", config=Config(retries={"mode": "standard", "max_attempts": 2})
    )
    client.put_parameter(Name="p", Value="v", Type="String")
    ssm_fake.inject_error("GetParameter", "ThrottlingException", message="Rate exceeded")
    response = client.get_parameter(Name="p")
    assert response["Parameter"]["Value"] == "v"
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    codes = [(c.event_name, c.error_code) for c in ssm_fake.calls[-2:]]
    assert codes == [("GetParameter", "ThrottlingException"), ("GetParameter", None)]


# --- the guard: an SSM request that slips past the interception never leaves the process ---


def _ssm_request(url: str) -> Any:
    from botocore.awsrequest import AWSRequest

    headers = {"X-Amz-Target": "AmazonSSM.GetParameter", "Content-Type": "application/x-amz-json-1.1"}
    return AWSRequest(method="POST", url=url, headers=headers, data=b'{"Name": "p"}').prepare()


def test_an_ssm_request_sent_straight_to_the_http_session_is_stopped(ssm_fake: Any, loopback: Loopback) -> None:
    from botocore.httpsession import URLLib3Session

    with pytest.raises(SSMRequestEscaped, match=r"SSM GetParameter request .* would have left the process"):
        URLLib3Session().send(_ssm_request(loopback.url))
    assert loopback.seen == []


def test_a_client_path_that_bypasses_the_interception_is_stopped(ssm_fake: Any, loopback: Loopback) -> None:
    client = boto3.client("ssm", region_name="us-east-1", endpoint_url=loopback.url)
    # Simulate a path ssm_fake did not foresee: this client's endpoint runs botocore's send
    # loop without the interception's wrapper.
    unwrapped = Endpoint.__dict__["_send_request"].__wrapped__
    client._endpoint._send_request = types.MethodType(unwrapped, client._endpoint)
    with pytest.raises(SSMRequestEscaped, match=r"reached botocore\.endpoint\.Endpoint\._send"):
        client.get_parameter(Name="p")
    assert loopback.seen == []
    assert ssm_fake.calls == []


def test_the_guard_lets_other_services_and_unmocked_ssm_through(loopback: Loopback) -> None:
    from botocore.httpsession import URLLib3Session

    with mock_ssm():
        other = _ssm_request(loopback.url)
        other.headers["X-Amz-Target"] = "secretsmanager.ListSecrets"
        assert URLLib3Session().send(other).status_code == 200
    assert URLLib3Session().send(_ssm_request(loopback.url)).status_code == 200  # no mock: no guard
    assert loopback.seen == ["secretsmanager.ListSecrets", "AmazonSSM.GetParameter"]


# --- no region configured ----------------------------------------------------------------


@pytest.fixture
def no_region_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """A machine where botocore finds no region: no environment variable, no config file."""
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


@pytest.mark.usefixtures("no_region_configured")
def test_an_ssm_client_without_a_region_gets_the_mocks_region() -> None:
    before = dict(os.environ)
    with mock_ssm(region="eu-west-2") as fake:
        client = boto3.client("ssm")
        assert client.meta.region_name == "eu-west-2"
        client.put_parameter(Name="p", Value="v", Type="String")
        assert client.get_parameter(Name="p")["Parameter"]["ARN"].startswith("arn:aws:ssm:eu-west-2:")
        assert fake.calls[-1].region == "eu-west-2"
        assert dict(os.environ) == before
    with pytest.raises(NoRegionError):
        boto3.client("ssm")  # only under the mock


@pytest.mark.usefixtures("no_region_configured")
def test_a_configured_region_and_other_services_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_ssm(region="eu-west-2"):
        assert boto3.client("ssm", config=Config(region_name="ap-south-1")).meta.region_name == "ap-south-1"
        with pytest.raises(NoRegionError):
            boto3.client("ec2")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "sa-east-1")
        assert boto3.Session().client("ssm").meta.region_name == "sa-east-1"
