"""The real AWS CLI (``aws``, from the test extra's ``awscli``) against ``ssm-fake serve``
started as a subprocess on a free port: what a shell script or a Makefile would do."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_process import ServerProcess, aws_cli, start

from ssm_fake.server import AdminClient


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    running = start("--quiet")
    yield running
    running.stop()


@pytest.fixture
def admin(server: ServerProcess) -> AdminClient:
    client = AdminClient(server.url)
    client.reset()
    return client


def _env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_MAX_ATTEMPTS="1",
    )
    return env


class CLI:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [*aws_cli(), "ssm", *args, "--endpoint-url", self.url, "--output", "json"]
        return subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=120)

    def __call__(self, *args: str) -> Any:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else None

    def fails(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 255, (result.returncode, result.stdout, result.stderr)
        return result.stderr


@pytest.fixture
def aws(server: ServerProcess, admin: AdminClient, tmp_path: Path) -> CLI:
    return CLI(server.url, _env(tmp_path))


def test_put_get_and_delete_parameter(aws: CLI) -> None:
    put = aws("put-parameter", "--name", "/app/db/host", "--value", "db.internal", "--type", "String")
    assert put["Version"] == 1
    got = aws("get-parameter", "--name", "/app/db/host")["Parameter"]
    assert (got["Name"], got["Value"], got["Type"]) == ("/app/db/host", "db.internal", "String")
    aws("delete-parameter", "--name", "/app/db/host")
    stderr = aws.fails("get-parameter", "--name", "/app/db/host")
    assert "(ParameterNotFound)" in stderr


def test_get_parameters_by_path_follows_the_clis_own_pagination(aws: CLI, admin: AdminClient) -> None:
    for index in range(7):
        aws("put-parameter", "--name", f"/svc/p{index}", "--value", str(index), "--type", "String")
    found = aws("get-parameters-by-path", "--path", "/svc", "--page-size", "2")["Parameters"]
    assert sorted(p["Value"] for p in found) == [str(index) for index in range(7)]
    pages = [c for c in admin.calls if c.event_name == "GetParametersByPath"]
    assert len(pages) == 4
    assert all(page.request_parameters.get("MaxResults") == 2 for page in pages)
    assert [("NextToken" in page.request_parameters) for page in pages] == [False, True, True, True]


def test_create_and_describe_document(aws: CLI, tmp_path: Path) -> None:
    content = tmp_path / "hello.json"
    content.write_text(
        json.dumps(
            {
                "schemaVersion": "2.2",
                "description": "Say hello",
                "mainSteps": [{"action": "aws:runShellScript", "name": "hello", "inputs": {"runCommand": ["echo hi"]}}],
            }
        )
    )
    created = aws("create-document", "--name", "Hello", "--content", f"file://{content}", "--document-type", "Command")[
        "DocumentDescription"
    ]
    assert (created["Name"], created["Status"], created["DocumentVersion"]) == ("Hello", "Active", "1")
    described = aws("describe-document", "--name", "Hello")["Document"]
    assert (described["Description"], described["DocumentType"]) == ("Say hello", "Command")
    assert "(DocumentAlreadyExists)" in aws.fails(
        "create-document", "--name", "Hello", "--content", f"file://{content}", "--document-type", "Command"
    )


def test_send_command_to_an_instance_added_through_the_admin_path(aws: CLI, admin: AdminClient) -> None:
    instance_id = admin.add_instance(computer_name="web-1", tags={"role": "web"})
    admin.set_command_outcome(stdout="hello from the fake\n")
    info = aws("describe-instance-information")["InstanceInformationList"]
    assert [(i["InstanceId"], i["PingStatus"], i["ComputerName"]) for i in info] == [(instance_id, "Online", "web-1")]
    sent = aws(
        "send-command",
        "--instance-ids",
        instance_id,
        "--document-name",
        "AWS-RunShellScript",
        "--parameters",
        "commands=echo hello",
    )["Command"]
    admin.clock.advance(5)
    invocations = aws("list-command-invocations", "--command-id", sent["CommandId"], "--details")["CommandInvocations"]
    assert [(i["InstanceId"], i["Status"]) for i in invocations] == [(instance_id, "Success")]
    assert invocations[0]["CommandPlugins"][0]["Output"] == "hello from the fake\n"


def test_errors_exit_255_with_the_code_in_stderr(aws: CLI) -> None:
    assert "(ValidationException)" in aws.fails("put-parameter", "--name", "p", "--value", "v", "--type", "Strange")
    assert "(InvalidDocument)" in aws.fails("describe-document", "--name", "NoSuchDocument")
    assert "(InvalidInstanceId)" in aws.fails(
        "send-command",
        "--instance-ids",
        "i-0123456789abcdef0",
        "--document-name",
        "AWS-RunShellScript",
        "--parameters",
        "commands=true",
    )


def test_cli_credentials_from_the_admin_path_act_as_another_account(aws: CLI, admin: AdminClient) -> None:
    keys = admin.credentials("444455556666")
    aws.env.update(
        AWS_ACCESS_KEY_ID=keys["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=keys["aws_secret_access_key"],
        AWS_SESSION_TOKEN=keys["aws_session_token"],
        AWS_DEFAULT_REGION="ap-southeast-2",
    )
    aws("put-parameter", "--name", "p", "--value", "v", "--type", "String")
    assert (
        aws("get-parameter", "--name", "p")["Parameter"]["ARN"] == "arn:aws:ssm:ap-southeast-2:444455556666:parameter/p"
    )
