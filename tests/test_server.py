"""The HTTP server, driven by boto3 clients with ``endpoint_url`` and by raw HTTP for what
no SDK sends (malformed requests, wrong paths, oversize bodies)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssm_fake.server import AdminClient, AdminError
from ssm_fake.server.endpoint import MAX_BODY, Server
from ssm_fake.server.fixtures import ssm_server  # noqa: F401  # also registered by the pytest11 entry point

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}


@pytest.fixture
def server(ssm_server: Server) -> Iterator[Server]:  # noqa: F811
    ssm_server.admin.reset()
    yield ssm_server


def client(server: Server, region: str = "us-east-1", **keys: str) -> Any:
    return boto3.client(
        "ssm",
        endpoint_url=server.url,
        region_name=region,
        config=Config(retries={"total_max_attempts": 1}),
        **(keys or KEYS),
    )


def raw_request(server: Server, data: bytes) -> tuple[int, dict[str, Any]]:
    """Send ``data`` as-is on a new connection; (status, JSON body) of the reply."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(data)
        reply = b""
        while b"\r\n\r\n" not in reply:
            chunk = connection.recv(65536)
            if not chunk:
                break
            reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
        )
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(head.split()[1]), json.loads(body)


def post(server: Server, body: bytes, headers: dict[str, str], path: str = "/") -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(server.url + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


SSM_HEADERS = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonSSM.GetParameter"}


def test_boto3_client_with_endpoint_url_reads_and_writes(server: Server) -> None:
    ssm = client(server)
    ssm.put_parameter(Name="/app/db", Value="db.internal", Type="String")
    assert ssm.get_parameter(Name="/app/db")["Parameter"]["Value"] == "db.internal"
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.get_parameter(Name="/app/missing")


def test_region_comes_from_the_signature_and_account_from_the_key(server: Server) -> None:
    other_account = server.admin.credentials("210987654321")
    in_west = client(server, "eu-west-1")
    as_other = client(server, "us-east-1", **other_account)
    in_west.put_parameter(Name="p", Value="west", Type="String")
    as_other.put_parameter(Name="p", Value="other", Type="String")
    assert in_west.get_parameter(Name="p")["Parameter"]["ARN"] == "arn:aws:ssm:eu-west-1:123456789012:parameter/p"
    assert as_other.get_parameter(Name="p")["Parameter"]["ARN"] == "arn:aws:ssm:us-east-1:210987654321:parameter/p"
    with pytest.raises(ClientError) as caught:
        client(server).get_parameter(Name="p")
    assert caught.value.response["Error"]["Code"] == "ParameterNotFound"


def test_validation_errors_match_in_process_ones(server: Server) -> None:
    ssm = boto3.client(
        "ssm", endpoint_url=server.url, region_name="us-east-1", config=Config(parameter_validation=False), **KEYS
    )
    with pytest.raises(ClientError) as caught:
        ssm.put_parameter(Name="p", Value="v", Type="Strange")
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert "Member must satisfy enum value set" in error["Message"]


def test_concurrent_clients_each_see_their_own_writes(server: Server) -> None:
    failures: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            ssm = client(server)
            for index in range(15):
                name = f"/w{worker}/p{index}"
                ssm.put_parameter(Name=name, Value=str(index), Type="String")
                assert ssm.get_parameter(Name=name)["Parameter"]["Value"] == str(index)
        except BaseException as failure:  # collected for the main thread
            failures.append(failure)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    described = client(server).get_paginator("describe_parameters").paginate().build_full_result()
    assert len(described["Parameters"]) == 8 * 15


def test_unknown_action_is_invalid_action(server: Server) -> None:
    status, body = post(server, b"{}", {**SSM_HEADERS, "X-Amz-Target": "AmazonSSM.MakeCoffee"})
    assert (status, body["__type"]) == (400, "InvalidAction")


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/x-amz-json-1.1"},
        {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "DynamoDB_20120810.GetItem"},
        {"Content-Type": "application/json", "X-Amz-Target": "AmazonSSM.GetParameter"},
        {"X-Amz-Target": "AmazonSSM.GetParameter"},
    ],
    ids=["no target", "another service", "wrong content type", "no content type"],
)
def test_requests_the_service_cannot_route_are_unknown_operations(server: Server, headers: dict[str, str]) -> None:
    status, body = post(server, b'{"Name": "p"}', headers)
    assert (status, body["__type"]) == (400, "UnknownOperationException")
    assert body["message"]


@pytest.mark.parametrize("path", ["/other", "/_ssm_fake", "/favicon.ico"])
def test_unknown_paths_are_unknown_operations(server: Server, path: str) -> None:
    status, body = post(server, b"{}", SSM_HEADERS, path=path)
    assert (status, body["__type"]) == (400, "UnknownOperationException")


def test_body_that_is_not_json_is_a_serialization_exception(server: Server) -> None:
    status, body = post(server, b"{not json", SSM_HEADERS)
    assert (status, body["__type"]) == (400, "SerializationException")


def test_oversize_body_is_refused_with_413_and_the_server_keeps_serving(server: Server) -> None:
    status, body = post(server, b"x" * (MAX_BODY + 1), SSM_HEADERS)
    assert (status, body["__type"]) == (413, "RequestEntityTooLargeException")
    assert str(MAX_BODY) in body["message"]
    client(server).put_parameter(Name="after", Value="v", Type="String")


def test_a_body_beyond_reason_is_refused_without_reading_it(server: Server) -> None:
    status, body = raw_request(
        server,
        b"POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
        b"X-Amz-Target: AmazonSSM.GetParameter\r\nContent-Length: 10000000000\r\n\r\n{}",
    )
    assert (status, body["__type"]) == (413, "RequestEntityTooLargeException")
    client(server).put_parameter(Name="after", Value="v", Type="String")


def test_body_at_the_limit_is_read(server: Server) -> None:
    padding = b" " * (MAX_BODY - len(b'{"Name":"p"}'))
    status, body = post(server, b'{"Name":"p"}' + padding, SSM_HEADERS)
    assert (status, body["__type"]) == (400, "ParameterNotFound")


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"POST / HTTP/9.9\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: many\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        b"BREW / HTTP/1.1\r\n\r\n",
    ],
    ids=["no request line", "bad version", "bad length", "chunked", "unknown method"],
)
def test_malformed_http_gets_a_json_error_and_the_server_survives(server: Server, request_bytes: bytes) -> None:
    status, body = raw_request(server, request_bytes)
    assert 400 <= status < 600
    assert body["__type"] in {"SerializationException", "UnknownOperationException", "LengthRequired"}
    client(server).put_parameter(Name="still-serving", Value="v", Type="String")


def test_keep_alive_connection_serves_several_requests(server: Server) -> None:
    ssm = client(server)
    for index in range(20):
        ssm.put_parameter(Name=f"k{index}", Value="v", Type="String")
    calls = server.admin.calls
    assert [c.event_name for c in calls] == ["PutParameter"] * 20


def test_admin_add_instance_and_command_outcome_drive_run_command(server: Server) -> None:
    admin = server.admin
    instance_id = admin.add_instance(platform="Linux", tags={"role": "web"}, computer_name="web-1")
    admin.set_command_outcome(status="Failed", response_code=2, stderr="boom\n")
    ssm = client(server)
    info = ssm.describe_instance_information()["InstanceInformationList"]
    assert [(i["InstanceId"], i["ComputerName"]) for i in info] == [(instance_id, "web-1")]
    command_id = ssm.send_command(
        Targets=[{"Key": "tag:role", "Values": ["web"]}],
        DocumentName="AWS-RunShellScript",
        Parameters={"commands": ["false"]},
    )["Command"]["CommandId"]
    admin.clock.advance(5)
    invocation = ssm.get_command_invocation(CommandId=command_id, InstanceId=instance_id)
    assert (invocation["Status"], invocation["ResponseCode"], invocation["StandardErrorContent"]) == (
        "Failed",
        2,
        "boom\n",
    )


def test_admin_clock_freeze_and_advance_set_timestamps(server: Server) -> None:
    admin = server.admin
    start = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
    admin.clock.freeze(start)
    assert admin.clock.now() == start
    ssm = client(server)
    ssm.put_parameter(Name="t", Value="1", Type="String")
    admin.clock.advance(timedelta(hours=1))
    ssm.put_parameter(Name="t", Value="2", Type="String", Overwrite=True)
    history = ssm.get_parameter_history(Name="t")["Parameters"]
    assert [h["LastModifiedDate"] for h in history] == [start, start + timedelta(hours=1)]
    admin.clock.unfreeze()
    assert admin.clock.now() >= start + timedelta(hours=1)


def test_admin_inject_error_fails_the_next_call(server: Server) -> None:
    server.admin.inject_error("GetParameter", "ThrottlingException", message="Rate exceeded", times=1)
    ssm = client(server)
    ssm.put_parameter(Name="p", Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm.get_parameter(Name="p")
    assert caught.value.response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert ssm.get_parameter(Name="p")["Parameter"]["Value"] == "v"


def test_admin_calls_are_call_records_with_cloudtrail(server: Server) -> None:
    client(server, "eu-central-1").put_parameter(Name="c", Value="secret", Type="String")
    (record,) = server.admin.calls
    assert (record.event_name, record.region, record.account_id) == ("PutParameter", "eu-central-1", "123456789012")
    assert record.request_parameters["Name"] == "c"
    trail = record.to_cloudtrail()
    assert trail["eventSource"] == "ssm.amazonaws.com"
    assert trail["requestParameters"]["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS"


def test_admin_register_instance_with_an_activation(server: Server) -> None:
    activation = client(server).create_activation(IamRole="SSMServiceRole", RegistrationLimit=1)
    node = server.admin.register_instance(activation["ActivationId"], activation["ActivationCode"])
    assert node.startswith("mi-")
    with pytest.raises(AdminError) as caught:
        server.admin.register_instance(activation["ActivationId"], activation["ActivationCode"])
    assert caught.value.code == "InvalidActivation"


def test_admin_reset_forgets_everything(server: Server) -> None:
    ssm = client(server)
    ssm.put_parameter(Name="gone", Value="v", Type="String")
    server.admin.reset()
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.get_parameter(Name="gone")
    assert [c.event_name for c in server.admin.calls] == ["GetParameter"]


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda admin: admin.post("no-such-action", {}), "UnknownOperationException"),
        (lambda admin: admin.get("reset"), "UnknownOperationException"),
        (lambda admin: admin.add_instance(platform="Solaris"), "InvalidRequest"),
        (lambda admin: admin.post("instances", {"colour": "blue", "unknown": 1, "instance_id": 5}), "InvalidRequest"),
        (lambda admin: admin.post("clock/advance", {"seconds": "soon"}), "InvalidRequest"),
        (lambda admin: admin.post("clock/advance", {}), "InvalidRequest"),
        (lambda admin: admin.post("clock/freeze", {"at": "yesterday"}), "InvalidRequest"),
        (lambda admin: admin.post("clock/freeze", {"at": "2030-01-01T00:00:00"}), "InvalidRequest"),
        (lambda admin: admin.inject_error("MakeCoffee", "ThrottlingException"), "InvalidRequest"),
        (lambda admin: admin.credentials("12"), "InvalidRequest"),
    ],
)
def test_admin_refuses_bad_requests_with_a_code(server: Server, call: Any, code: str) -> None:
    with pytest.raises(AdminError) as caught:
        call(server.admin)
    assert caught.value.code == code
    assert caught.value.message


def test_admin_body_that_is_not_a_json_object(server: Server) -> None:
    for body in (b"[1, 2]", b"{nope"):
        status, reply = post(server, body, {"Content-Type": "application/json"}, path="/_ssm_fake/instances")
        assert status == 400
        assert reply["__type"] in {"InvalidRequest", "SerializationException"}


def test_admin_client_against_a_port_nobody_listens_on() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(OSError):
        AdminClient(f"http://127.0.0.1:{port}", timeout=2).health()


def test_server_class_as_a_context_manager_frees_its_port() -> None:
    with Server(port=0) as running:
        url = running.url
        assert running.admin.health()["status"] == "ok"
    with pytest.raises(OSError):
        AdminClient(url, timeout=2).health()


def test_importing_ssm_fake_does_not_import_the_server() -> None:
    probe = "import sys, ssm_fake; print(sorted(m for m in sys.modules if m.startswith('ssm_fake.server')))"
    output = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert output.strip() == "[]"


def test_the_fixture_plugin_pytest_loads_at_every_start_imports_no_server() -> None:
    probe = (
        "import sys, ssm_fake.server.fixtures; "
        "print(sorted(m for m in ('ssm_fake.server.endpoint', 'ssm_fake.server.admin_client', 'http.server') "
        "if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout
    assert output.strip() == "[]"
