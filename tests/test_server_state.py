"""``--state-file``: the server is killed with ``kill -9`` between writes, and every write it
acknowledged is there after the restart — same values, ids and timestamps."""

from __future__ import annotations

import json
import subprocess
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest
from server_process import environment, serve_command, start

from ssm_fake.server import AdminClient
from ssm_fake.server.state_file import VERSION

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}
DOCUMENT = json.dumps(
    {
        "schemaVersion": "2.2",
        "description": "Say hello",
        "mainSteps": [{"action": "aws:runShellScript", "name": "hello", "inputs": {"runCommand": ["echo hello"]}}],
    }
)


def _client(url: str) -> Any:
    return boto3.client("ssm", endpoint_url=url, region_name="us-east-1", **KEYS)


def _observe(url: str) -> dict[str, Any]:
    """What a user can read back: parameters with history, documents, nodes, commands."""
    ssm = _client(url)
    names = sorted(
        p["Name"] for p in ssm.get_paginator("describe_parameters").paginate().build_full_result()["Parameters"]
    )
    return {
        "parameters": {name: ssm.get_parameter_history(Name=name)["Parameters"] for name in names},
        "documents": ssm.list_documents(Filters=[{"Key": "Owner", "Values": ["Self"]}])["DocumentIdentifiers"],
        "nodes": ssm.describe_instance_information()["InstanceInformationList"],
        "commands": ssm.list_commands()["Commands"],
        "invocations": ssm.list_command_invocations(Details=True)["CommandInvocations"],
        "clock": AdminClient(url).clock.now(),
    }


def test_no_acknowledged_write_is_lost_when_killed_between_writes(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    seen: dict[str, str] = {}

    def freeze(url: str) -> None:
        AdminClient(url).clock.freeze(datetime(2031, 3, 1, 9, 0, tzinfo=timezone.utc))

    def put_first(url: str) -> None:
        _client(url).put_parameter(Name="/app/db", Value="one", Type="String")

    def overwrite_and_label(url: str) -> None:
        ssm = _client(url)
        AdminClient(url).clock.advance(60)
        ssm.put_parameter(Name="/app/db", Value="two", Type="String", Overwrite=True)
        ssm.label_parameter_version(Name="/app/db", ParameterVersion=1, Labels=["first"])

    def secure_and_tagged(url: str) -> None:
        _client(url).put_parameter(
            Name="/app/secret", Value="s3cr3t", Type="SecureString", Tags=[{"Key": "team", "Value": "a"}]
        )

    def document(url: str) -> None:
        _client(url).create_document(Name="Hello", Content=DOCUMENT, DocumentType="Command")

    def instance(url: str) -> None:
        seen["instance"] = AdminClient(url).add_instance(tags={"role": "web"})
        AdminClient(url).set_command_outcome(stdout="hello\n", duration=30)

    def command(url: str) -> None:
        sent = _client(url).send_command(Targets=[{"Key": "tag:role", "Values": ["web"]}], DocumentName="Hello")
        seen["command"] = sent["Command"]["CommandId"]

    def progress(url: str) -> None:
        AdminClient(url).clock.advance(45)

    def delete(url: str) -> None:
        _client(url).delete_parameter(Name="/app/secret")

    steps = [freeze, put_first, overwrite_and_label, secure_and_tagged, document, instance, command, progress, delete]
    expected: dict[str, Any] | None = None
    for step in steps:
        server = start("--state-file", str(state))
        if expected is not None:
            assert _observe(server.url) == expected, f"lost a write before {step.__name__}"
        step(server.url)
        expected = _observe(server.url)
        server.kill()

    server = start("--state-file", str(state))
    try:
        after = _observe(server.url)
        assert after == expected
        assert [p["Value"] for p in after["parameters"]["/app/db"]] == ["one", "two"]
        assert after["parameters"]["/app/db"][0]["Labels"] == ["first"]
        assert "/app/secret" not in after["parameters"]
        assert [n["InstanceId"] for n in after["nodes"]] == [seen["instance"]]
        assert [(c["CommandId"], c["Status"]) for c in after["commands"]] == [(seen["command"], "Success")]
        assert after["invocations"][0]["CommandPlugins"][0]["Output"] == "hello\n"
        assert after["clock"] == datetime(2031, 3, 1, 9, 1, 45, tzinfo=timezone.utc)
    finally:
        server.stop()


def test_a_running_clock_keeps_timestamps_and_goes_on(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    server = start("--state-file", str(state))
    ssm = _client(server.url)
    ssm.put_parameter(Name="p", Value="v", Type="String")
    written = ssm.get_parameter(Name="p")["Parameter"]["LastModifiedDate"]
    server.kill()
    server = start("--state-file", str(state))
    try:
        assert _client(server.url).get_parameter(Name="p")["Parameter"]["LastModifiedDate"] == written
        assert AdminClient(server.url).clock.now() > written
        _client(server.url).put_parameter(Name="q", Value="v", Type="String")
    finally:
        server.stop()
    server = start("--state-file", str(state))
    try:
        assert [p["Name"] for p in _client(server.url).describe_parameters()["Parameters"]] == ["p", "q"]
    finally:
        server.stop()


def test_reset_compacts_the_file_to_its_header(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    server = start("--state-file", str(state))
    _client(server.url).put_parameter(Name="p", Value="v", Type="String")
    AdminClient(server.url).reset()
    assert len(state.read_text().splitlines()) == 1
    server.kill()
    server = start("--state-file", str(state))
    try:
        assert _client(server.url).describe_parameters()["Parameters"] == []
    finally:
        server.stop()


def test_reads_and_failed_writes_are_not_journaled(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    server = start("--state-file", str(state))
    try:
        ssm = _client(server.url)
        ssm.put_parameter(Name="p", Value="v", Type="String")
        lines = len(state.read_text().splitlines())
        ssm.get_parameter(Name="p")
        ssm.describe_parameters()
        with pytest.raises(ssm.exceptions.ParameterAlreadyExists):
            ssm.put_parameter(Name="p", Value="again", Type="String")
        assert len(state.read_text().splitlines()) == lines
    finally:
        server.stop()


def test_a_write_cut_short_by_a_crash_is_dropped(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    server = start("--state-file", str(state))
    _client(server.url).put_parameter(Name="kept", Value="v", Type="String")
    server.kill()
    with state.open("ab") as out:
        out.write(b'{"call":"PutParameter","key":null,"region":"us-east-1","body":"{\\"Na')
    server = start("--state-file", str(state))
    try:
        ssm = _client(server.url)
        assert [p["Name"] for p in ssm.describe_parameters()["Parameters"]] == ["kept"]
        ssm.put_parameter(Name="next", Value="v", Type="String")
    finally:
        server.stop()
    for line in state.read_text().splitlines():
        json.loads(line)


def _refused(state: Path, *options: str) -> str:
    before = state.read_bytes()
    result = subprocess.run(
        [*serve_command(), "--port", "0", "--state-file", str(state), *options],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert state.read_bytes() == before, "a refused state file must be left as it was"
    return result.stderr


def _header(version: int = VERSION, account_id: str = "123456789012") -> str:
    return json.dumps({"format": "ssm_fake state", "version": version, "account_id": account_id, "region": "us-east-1"})


def test_a_damaged_file_is_refused_with_the_line(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    server = start("--state-file", str(state))
    _client(server.url).put_parameter(Name="p", Value="v", Type="String")
    _client(server.url).put_parameter(Name="q", Value="v", Type="String")
    server.kill()
    lines = state.read_text().splitlines()
    lines[1] = lines[1][:10] + "#garbage#"
    state.write_text("\n".join(lines) + "\n")
    assert "damaged at line 2" in _refused(state)


def test_a_newer_format_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    state.write_text(_header(version=VERSION + 1) + "\n")
    message = _refused(state)
    assert f"format version {VERSION + 1}" in message
    assert "newer ssm_fake" in message


def test_a_file_that_is_no_state_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "notes.txt"
    state.write_text("shopping list\n")
    assert "not an ssm_fake state file" in _refused(state)


def test_a_file_of_another_default_account_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    state.write_text(_header(account_id="999999999999") + "\n")
    assert "--account-id 999999999999" in _refused(state)


def test_a_state_file_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    result = subprocess.run(
        [*serve_command(), "--port", "0", "--state-file", str(tmp_path / "no-such-dir" / "state.jsonl")],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    assert result.returncode == 2
    assert "cannot write the state file" in result.stderr
    assert "Traceback" not in result.stderr


def test_concurrent_writes_all_survive_a_kill(tmp_path: Path) -> None:
    state = tmp_path / "state.jsonl"
    server = start("--state-file", str(state), "--quiet")
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            ssm = _client(server.url)
            for index in range(10):
                ssm.put_parameter(Name=f"/w{worker}/p", Value=str(index), Type="String", Overwrite=True)
        except BaseException as failure:  # collected for the main thread
            failures.append(failure)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    before = _observe(server.url)["parameters"]
    server.kill()
    server = start("--state-file", str(state), "--quiet")
    try:
        after = _observe(server.url)["parameters"]
        assert after == before
        assert all([h["Version"] for h in history] == list(range(1, 11)) for history in after.values())
    finally:
        server.stop()
