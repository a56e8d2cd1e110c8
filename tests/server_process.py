"""Start ``ssm-fake serve`` as a subprocess on a free port, as a user would, for the tests."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_LINE = re.compile(r"serving SSM on (http://\S+)")
ROOT = Path(__file__).resolve().parent.parent


class ServerProcess:
    """A running ``python -m ssm_fake serve``: its URL and what it wrote to stderr."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url
        self.stderr_lines: list[str] = []
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 10) -> int:
        """Send ``signum`` and wait; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        """``kill -9``: no chance to flush or close anything."""
        self.process.kill()
        self.process.wait(timeout=10)


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ssm_fake", "serve", *args]


def environment() -> dict[str, str]:
    """The test process's environment with this checkout's ssm_fake first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def start(*args: str, command: list[str] | None = None, timeout: float = 30) -> ServerProcess:
    """Start a server with ``args`` (``--port 0`` unless given) and wait for its URL line."""
    if "--port" not in args:
        args = ("--port", "0", *args)
    process = subprocess.Popen(
        (command or serve_command()) + list(args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
        cwd=ROOT,
    )
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = URL_LINE.search(line)
        if found:
            return ServerProcess(process, found.group(1))
    process.kill()
    _, errors = process.communicate(timeout=10)
    raise AssertionError(f"the server printed no URL; stderr:\n{errors}")


@contextmanager
def running(*args: str) -> Iterator[ServerProcess]:
    server = start(*args)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=10)


def aws_cli() -> list[str]:
    """The AWS CLI of this environment: ``aws`` beside the interpreter, else on PATH."""
    beside = Path(sys.executable).with_name("aws")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("aws")
    if found is None:
        raise AssertionError("the AWS CLI is not installed; it comes with the test extra: pip install -e '.[test]'")
    return [found]
