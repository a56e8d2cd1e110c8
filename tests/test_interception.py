"""Interception promises: process-wide, thread-safe, SSM only, no credentials or environment needed."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.credentials import CredentialResolver

from ssm_fake import mock_ssm


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


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        _Recorder.seen.append(self.headers.get("X-Amz-Target", ""))
        body = json.dumps({"SecretList": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[str]:
    _Recorder.seen = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_other_services_pass_through_untouched(ssm_fake: Any, loopback_server: str) -> None:
    secrets = boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        endpoint_url=loopback_server,
        aws_access_key_id="a",
        aws_secret_access_key="b",
    )
    assert secrets.list_secrets()["SecretList"] == []
    assert _Recorder.seen == ["secretsmanager.ListSecrets"]
    assert ssm_fake.calls == []


def test_ssm_is_recognised_whatever_the_endpoint_url(ssm_fake: Any, loopback_server: str) -> None:
    client = boto3.client("ssm", region_name="us-east-1", endpoint_url=loopback_server)
    client.put_parameter(Name="p", Value="v", Type="String")
    assert _Recorder.seen == []
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
