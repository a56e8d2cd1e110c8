"""Requests per second for GetParameter: over HTTP (``ssm-fake serve``) with 1 and 8
concurrent clients, and the same calls in-process (``mock_ssm``), in one run.

Each HTTP client is its own process with its own boto3 client and keep-alive
connection, so the clients' botocore work does not share one interpreter lock with each
other or with the server (a process of its own too). In-process, the calls run in this
process, one thread.

    python benchmarks/bench_server.py            # print the table
    python benchmarks/bench_server.py --write    # also rewrite its table in docs/performance.md
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import botocore
import report

ROOT = Path(__file__).resolve().parent.parent
CALLS = 400
ROUNDS = 6
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}


def _client(url: str | None) -> Any:
    return boto3.client("ssm", region_name="us-east-1", endpoint_url=url, **CREDENTIALS)


def _calls(client: Any, count: int) -> None:
    for _ in range(count):
        client.get_parameter(Name="/bench/p")


def _worker(url: str, count: int, barrier: Any, results: Any) -> None:
    client = _client(url)
    _calls(client, 20)  # warm: connection open, botocore caches filled
    barrier.wait()
    start = time.perf_counter()
    _calls(client, count)
    results.put((start, time.perf_counter()))


def _http_round(url: str, clients: int) -> float:
    """All clients' calls over the time from the first start to the last end."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(clients), context.Queue()
    workers = [context.Process(target=_worker, args=(url, CALLS, barrier, results)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    spans = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    return clients * CALLS / (max(end for _, end in spans) - min(start for start, _ in spans))


def _in_process_round() -> float:
    # The mock is entered and left around each round: a client process forked while it is
    # active would answer its own calls instead of asking the server.
    from ssm_fake import mock_ssm

    with mock_ssm():
        client = _client(None)
        client.put_parameter(Name="/bench/p", Value="value", Type="String")
        _calls(client, 50)
        start = time.perf_counter()
        _calls(client, CALLS)
        return CALLS / (time.perf_counter() - start)


def _start_server() -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(
        [sys.executable, "-m", "ssm_fake", "serve", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    found = re.search(r"http://\S+", process.stdout.readline())
    if found is None:
        process.kill()
        raise RuntimeError("the server printed no URL")
    return process, found.group(0)


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used (Linux's /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure() -> dict[str, float]:
    """Best of ROUNDS for each side; the sides take turns within each round, in an order
    that rotates, so that a busy moment of the machine does not land on one side only."""
    process, url = _start_server()
    sides: dict[str, Callable[[], float]] = {
        "in_process": _in_process_round,
        "http_1": lambda: _http_round(url, 1),
        "http_8": lambda: _http_round(url, 8),
    }
    best = dict.fromkeys(sides, 0.0)
    try:
        _client(url).put_parameter(Name="/bench/p", Value="value", Type="String")
        names = list(sides)
        served = 0
        cpu_before = _cpu_seconds(process.pid)
        for round_number in range(ROUNDS):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                best[name] = max(best[name], sides[name]())
                served += {"http_1": 1, "http_8": 8}.get(name, 0) * (CALLS + 20)
        cpu_after = _cpu_seconds(process.pid)
        if cpu_before is not None and cpu_after is not None:
            best["server_cpu_us"] = (cpu_after - cpu_before) / served * 1e6
    finally:
        process.terminate()
        process.wait(timeout=30)
    return best


def render(results: dict[str, float]) -> str:
    base = results["in_process"]
    rows = [
        ("in-process (`mock_ssm`), 1 thread", results["in_process"]),
        ("HTTP (`ssm-fake serve`), 1 client", results["http_1"]),
        ("HTTP (`ssm-fake serve`), 8 concurrent clients", results["http_8"]),
    ]
    lines = ["| GetParameter | requests per second | relative to in-process |", "| --- | --- | --- |"]
    lines += [f"| {name} | {rate:,.0f} | {rate / base:.2f}× |" for name, rate in rows]
    if "server_cpu_us" in results:
        lines.append("")
        lines.append(
            f"The server process used {results['server_cpu_us']:.0f} µs of CPU per request (HTTP and fake together)."
        )
    return "\n".join(lines)


def _environment() -> str:
    return (
        f"Python {platform.python_version()}, botocore {botocore.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; best of {ROUNDS} rounds (sides alternating) of {CALLS} calls per client"
    )


def main() -> int:
    return report.main(__doc__.split("\n\n")[0], "server-results", lambda: render(measure()), _environment)


if __name__ == "__main__":
    sys.exit(main())
