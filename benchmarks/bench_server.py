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

import argparse
import multiprocessing
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import boto3
import botocore

ROOT = Path(__file__).resolve().parent.parent
CALLS = 400
ROUNDS = 3
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}
BEGIN, END = "<!-- server-results:begin -->", "<!-- server-results:end -->"


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


def _http_rate(url: str, clients: int) -> float:
    """Best of ROUNDS: total calls over the wall time from the first start to the last end."""
    best = 0.0
    context = multiprocessing.get_context("fork")
    for _ in range(ROUNDS):
        barrier, results = context.Barrier(clients), context.Queue()
        workers = [context.Process(target=_worker, args=(url, CALLS, barrier, results)) for _ in range(clients)]
        for worker in workers:
            worker.start()
        spans = [results.get(timeout=600) for _ in workers]
        for worker in workers:
            worker.join()
        wall = max(end for _, end in spans) - min(start for start, _ in spans)
        best = max(best, clients * CALLS / wall)
    return best


def _in_process_rate() -> float:
    from ssm_fake import mock_ssm

    best = 0.0
    with mock_ssm():
        client = _client(None)
        client.put_parameter(Name="/bench/p", Value="value", Type="String")
        _calls(client, 50)
        for _ in range(ROUNDS):
            start = time.perf_counter()
            _calls(client, CALLS)
            best = max(best, CALLS / (time.perf_counter() - start))
    return best


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


def measure() -> dict[str, float]:
    process, url = _start_server()
    try:
        _client(url).put_parameter(Name="/bench/p", Value="value", Type="String")
        results = {"http_1": _http_rate(url, 1), "http_8": _http_rate(url, 8)}
    finally:
        process.terminate()
        process.wait(timeout=30)
    results["in_process"] = _in_process_rate()
    return results


def render(results: dict[str, float]) -> str:
    base = results["in_process"]
    rows = [
        ("in-process (`mock_ssm`), 1 thread", results["in_process"]),
        ("HTTP (`ssm-fake serve`), 1 client", results["http_1"]),
        ("HTTP (`ssm-fake serve`), 8 concurrent clients", results["http_8"]),
    ]
    lines = ["| GetParameter | requests per second | relative to in-process |", "| --- | --- | --- |"]
    lines += [f"| {name} | {rate:,.0f} | {rate / base:.2f}× |" for name, rate in rows]
    return "\n".join(lines)


def _environment() -> str:
    return (
        f"Python {platform.python_version()}, botocore {botocore.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; best of {ROUNDS} rounds of {CALLS} calls per client"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the server table in docs/performance.md")
    args = parser.parse_args()
    results = measure()
    table = render(results)
    print(_environment())
    print(table)
    if args.write:
        doc = ROOT / "docs" / "performance.md"
        head, _, rest = doc.read_text().partition(BEGIN)
        _, _, tail = rest.partition(END)
        doc.write_text(f"{head}{BEGIN}\n{_environment()}\n\n{table}\n{END}{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
