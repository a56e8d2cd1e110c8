"""``ssm-fake serve`` as a process: the URL it prints, its log, its options and how it stops."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from server_process import environment, running, serve_command, start

from ssm_fake.server import AdminClient

KEYS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}


def _client(url: str) -> object:
    return boto3.client("ssm", endpoint_url=url, region_name="us-east-1", **KEYS)


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_port_zero_prints_a_free_port_and_a_signal_stops_it_cleanly(stop_with: int) -> None:
    server = start()
    port = int(server.url.rsplit(":", 1)[1])
    assert server.url.startswith("http://127.0.0.1:") and port > 0
    _client(server.url).put_parameter(Name="p", Value="v", Type="String")  # type: ignore[attr-defined]
    assert server.stop(stop_with) == 0
    assert not any("Traceback" in line for line in server.stderr_lines)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_one_log_line_per_request_and_quiet_silences_them() -> None:
    server = start()
    ssm = _client(server.url)
    ssm.put_parameter(Name="p", Value="v", Type="String")  # type: ignore[attr-defined]
    ssm.get_parameter(Name="p")  # type: ignore[attr-defined]
    AdminClient(server.url).health()
    server.stop()
    requests = [line for line in server.stderr_lines if '"' in line]
    assert len(requests) == 3
    assert "AmazonSSM.PutParameter 200" in requests[0]
    assert "AmazonSSM.GetParameter 200" in requests[1]
    assert "/_ssm_fake/health" in requests[2]

    quiet = start("--quiet")
    _client(quiet.url).put_parameter(Name="p", Value="v", Type="String")  # type: ignore[attr-defined]
    quiet.stop()
    assert quiet.stderr_lines == []


def test_account_and_region_options_are_the_defaults_of_unsigned_scopes() -> None:
    with running("--account-id", "111122223333", "--region", "eu-north-1") as server:
        assert AdminClient(server.url).health() == {
            "status": "ok",
            "account_id": "111122223333",
            "region": "eu-north-1",
        }
        ssm = boto3.client("ssm", endpoint_url=server.url, region_name="ap-south-1", **KEYS)
        arn = ssm.put_parameter(Name="p", Value="v", Type="String") and ssm.get_parameter(Name="p")["Parameter"]["ARN"]
        assert arn == "arn:aws:ssm:ap-south-1:111122223333:parameter/p"


def test_a_host_other_machines_reach_needs_allow_remote() -> None:
    refused = subprocess.run(
        [*serve_command(), "--host", "0.0.0.0", "--port", "0"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=30,
    )
    assert refused.returncode == 2
    assert "--allow-remote" in refused.stderr

    server = start("--host", "0.0.0.0", "--allow-remote")
    try:
        assert server.url.startswith("http://0.0.0.0:")
        port = server.url.rsplit(":", 1)[1]
        assert AdminClient(f"http://127.0.0.1:{port}").health()["status"] == "ok"
    finally:
        server.stop()
    assert any("warning" in line for line in server.stderr_lines)


def test_a_port_in_use_is_reported_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*serve_command(), "--port", str(port)], capture_output=True, text=True, env=environment(), timeout=30
        )
    assert result.returncode == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_console_script_is_installed_beside_the_interpreter() -> None:
    script = Path(sys.executable).with_name("ssm-fake")
    if not script.exists():
        pytest.skip("ssm_fake is not installed into this environment with pip install -e .")
    server = start(command=[str(script), "serve"])
    assert AdminClient(server.url).health()["status"] == "ok"
    assert server.stop() == 0


def test_help_names_every_option() -> None:
    result = subprocess.run(
        [*serve_command(), "--help"], capture_output=True, text=True, env=environment(), timeout=30, check=True
    )
    for option in ("--host", "--port", "--account-id", "--region", "--state-file", "--quiet", "--allow-remote"):
        assert option in result.stdout
