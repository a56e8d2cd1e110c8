"""Side-by-side cost of ssm_fake against the least any send-path mock can cost.

The floor answers the same boto3 calls from a ``before-send`` handler with a constant
reply: botocore still serialises, signs and parses, so floor/fake shows what the fake
itself adds. moto, when installed, is measured in the same run for comparison.

    python benchmarks/bench.py            # print the table
    python benchmarks/bench.py --write    # also rewrite docs/performance.md
"""

from __future__ import annotations

import gc
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import boto3
import botocore
import report
from botocore.awsrequest import AWSResponse

ROOT = Path(__file__).resolve().parent.parent
# Measure this checkout's ssm_fake, whatever else is installed.
sys.path.insert(0, str(ROOT))
CALLS = 200
ROUNDS = 15
SIDE_BY_SIDE_ROUNDS = 40
CREDENTIALS = {"aws_access_key_id": "AKIDEXAMPLE", "aws_secret_access_key": "secret"}


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


_CANNED = {
    "PutParameter": {"Version": 1, "Tier": "Standard"},
    "GetParameter": {
        "Parameter": {
            "Name": "/bench/p",
            "Type": "String",
            "Value": "value",
            "Version": 1,
            "LastModifiedDate": 1700000000.0,
            "ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/bench/p",
            "DataType": "text",
        }
    },
}


def _canned_response(operation: str) -> AWSResponse:
    body = json.dumps(_CANNED[operation]).encode()
    headers = {"x-amzn-RequestId": "floor", "Content-Type": "application/x-amz-json-1.1"}
    response = AWSResponse("https://ssm.us-east-1.amazonaws.com/", 200, headers, _Body(body))
    assert response.content == body  # read once: botocore finds it cached from then on
    return response


# The floor hands back the very same response object for every call of an operation: no
# serialising, no allocation, the least a send-path responder can do.
_FLOOR_RESPONSES = {operation: _canned_response(operation) for operation in _CANNED}
_FLOOR_BY_TARGET = {f"AmazonSSM.{operation}": response for operation, response in _FLOOR_RESPONSES.items()}


def _constant_responder(request: Any, **_: Any) -> AWSResponse:
    target = request.headers["X-Amz-Target"]
    return _FLOOR_BY_TARGET[target.decode() if isinstance(target, bytes) else target]


def _client() -> Any:
    return boto3.client("ssm", region_name="us-east-1", **CREDENTIALS)


@contextmanager
def _floor() -> Iterator[Any]:
    client = _client()
    client.meta.events.register("before-send.ssm.*", _constant_responder)
    yield client


@contextmanager
def _ssm_fake() -> Iterator[Any]:
    from ssm_fake import mock_ssm

    with mock_ssm():
        yield _client()


@contextmanager
def _moto() -> Iterator[Any]:
    import moto

    with moto.mock_aws():
        yield _client()


def _time_calls(client: Any) -> dict[str, float]:
    """Microseconds per PutParameter (overwrite) and per GetParameter, one batch each."""
    timings: dict[str, float] = {}
    gc.collect()
    start = time.perf_counter()
    for _ in range(CALLS):
        client.put_parameter(Name="/bench/p", Value="value", Type="String", Overwrite=True)
    timings["PutParameter"] = (time.perf_counter() - start) / CALLS * 1e6
    start = time.perf_counter()
    for _ in range(CALLS):
        client.get_parameter(Name="/bench/p")
    timings["GetParameter"] = (time.perf_counter() - start) / CALLS * 1e6
    return timings


def _per_call_side_by_side() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """(floor, ssm_fake, ratio): per-call cost of the best batch of each side, and the median
    of the rounds' fake/floor ratios. Floor and fake batches alternate, so each round's pair
    saw the same machine; a pair's ratio is not fooled by one side's lucky batch."""
    from ssm_fake import mock_ssm

    operations = ("PutParameter", "GetParameter")
    best_floor = dict.fromkeys(operations, float("inf"))
    best_fake = dict(best_floor)
    ratios: dict[str, list[float]] = {name: [] for name in operations}
    with _floor() as floor_client, mock_ssm():
        fake_client = _client()
        fake_client.put_parameter(Name="/bench/p", Value="value", Type="String")
        for client in (floor_client, fake_client):  # warm up: first calls compile and cache
            _time_calls(client)
        for round_number in range(SIDE_BY_SIDE_ROUNDS):
            # Alternate which side goes first, so neither always runs on a warmer cache.
            if round_number % 2:
                floor_costs, fake_costs = _time_calls(floor_client), _time_calls(fake_client)
            else:
                fake_costs, floor_costs = _time_calls(fake_client), _time_calls(floor_client)
            for name in operations:
                best_floor[name] = min(best_floor[name], floor_costs[name])
                best_fake[name] = min(best_fake[name], fake_costs[name])
                ratios[name].append(fake_costs[name] / floor_costs[name])
    return best_floor, best_fake, {name: statistics.median(values) for name, values in ratios.items()}


def _per_call_moto() -> dict[str, float]:
    best = {"PutParameter": float("inf"), "GetParameter": float("inf")}
    with _moto() as client:
        client.put_parameter(Name="/bench/p", Value="value", Type="String")
        for _ in range(ROUNDS):
            for name, cost in _time_calls(client).items():
                best[name] = min(best[name], cost)
    return best


def _paging(setup: Callable[[], AbstractContextManager[Any]], count: int) -> float:
    """Microseconds per parameter to walk DescribeParameters (MaxResults 50) over ``count``."""
    with setup() as client:
        for index in range(count):
            client.put_parameter(Name=f"/page/p{index:05d}", Value="v", Type="String")
        best = float("inf")
        for _ in range(3):
            seen = 0
            start = time.perf_counter()
            for page in client.get_paginator("describe_parameters").paginate(PaginationConfig={"PageSize": 50}):
                seen += len(page["Parameters"])
            best = min(best, time.perf_counter() - start)
            assert seen == count, (seen, count)
    return best / count * 1e6


def _throttled_retry(real_sleep: bool, rounds: int) -> float:
    """Milliseconds of wall time for a GetParameter that is throttled once and retried
    (botocore's standard retry mode), best of ``rounds``."""
    from botocore.config import Config

    from ssm_fake import mock_ssm

    best = float("inf")
    with mock_ssm(real_sleep=real_sleep) as ssm:
        client = boto3.client("ssm", region_name="us-east-1", config=Config(retries={"mode": "standard"}))
        client.put_parameter(Name="/bench/p", Value="value", Type="String")
        for _ in range(rounds):
            ssm.inject_error("GetParameter", "ThrottlingException")
            start = time.perf_counter()
            assert client.get_parameter(Name="/bench/p")["ResponseMetadata"]["RetryAttempts"] == 1
            best = min(best, time.perf_counter() - start)
    return best * 1e3


def _enter_exit() -> float:
    """Microseconds for `with mock_ssm(): pass` once the package is warm."""
    from ssm_fake import mock_ssm

    with mock_ssm():
        pass
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(1000):
            with mock_ssm():
                pass
        best = min(best, (time.perf_counter() - start) / 1000 * 1e6)
    return best


_IMPORT_PROBE = """
import time
t0 = time.perf_counter()
import boto3, botocore.session, botocore.endpoint, botocore.signers, botocore.model, botocore.loaders
t1 = time.perf_counter()
import {module}
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def _import_cost(module: str) -> float:
    """Milliseconds `import module` adds once botocore and boto3 are imported (best of 7 fresh processes)."""
    costs = []
    for _ in range(ROUNDS):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORT_PROBE.format(module=module)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.split()
        costs.append(float(out[1]) * 1e3)
    return min(costs)


def _moto_available() -> bool:
    try:
        import moto  # noqa: F401
    except ImportError:
        return False
    return True


def measure() -> dict[str, Any]:
    with_moto = _moto_available()
    floor, fake, ratio = _per_call_side_by_side()
    results: dict[str, Any] = {"floor": floor, "fake": fake, "ratio": ratio}
    if with_moto:
        results["moto"] = _per_call_moto()
    results["paging"] = {count: _paging(_ssm_fake, count) for count in (2000, 10000)}
    if with_moto:
        results["paging_moto"] = {count: _paging(_moto, count) for count in (2000,)}
    results["retry_ms"] = _throttled_retry(real_sleep=False, rounds=ROUNDS)
    # Real sleeps are random (0 to 1 s for a first retry): a few rounds show their size.
    results["retry_real_sleep_ms"] = _throttled_retry(real_sleep=True, rounds=3)
    results["enter_exit_us"] = _enter_exit()
    results["import_ms"] = _import_cost("ssm_fake")
    if with_moto:
        results["import_moto_ms"] = _import_cost("moto")
    return results


def render(results: dict[str, Any]) -> str:
    floor, fake = results["floor"], results["fake"]
    moto = results.get("moto")
    lines = [
        "| measure | floor (best batch) | ssm_fake (best batch) | ratio to floor (median of rounds) | target | moto |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("PutParameter", "GetParameter"):
        ratio = results["ratio"][name]
        moto_cell = f"{moto[name]:.0f} µs ({moto[name] / floor[name]:.2f}×)" if moto else "n/a"
        lines.append(
            f"| {name} per call | {floor[name]:.0f} µs | {fake[name]:.0f} µs | {ratio:.3f}× | ≤ 1.15× | {moto_cell} |"
        )
    paging = results["paging"]
    growth = paging[10000] / paging[2000]
    moto_paging = results.get("paging_moto", {}).get(2000)
    lines.append(
        f"| DescribeParameters paging, per parameter at 2,000 | | {paging[2000]:.1f} µs | | | "
        + (f"{moto_paging:.1f} µs |" if moto_paging else "n/a |")
    )
    lines.append(f"| DescribeParameters paging, per parameter at 10,000 | | {paging[10000]:.1f} µs | | | |")
    lines.append(f"| paging growth, 10,000 vs 2,000 (per parameter) | | {growth:.2f}× | | ≤ 1.5× | |")
    lines.append(
        f"| throttled GetParameter retried once, wall time | {results['retry_real_sleep_ms']:.1f} ms "
        f"(`real_sleep=True`, best of 3) | {results['retry_ms']:.2f} ms | | ≤ 10 ms | |"
    )
    lines.append(f"| mock enter + exit | | {results['enter_exit_us']:.1f} µs | | ≤ 100 µs | |")
    moto_import = results.get("import_moto_ms")
    lines.append(
        f"| `import` beyond boto3/botocore | | {results['import_ms']:.1f} ms | | ≤ 30 ms | "
        + (f"{moto_import:.1f} ms |" if moto_import else "n/a |")
    )
    return "\n".join(lines)


def _environment() -> str:
    return (
        f"Python {platform.python_version()}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
        f"{platform.machine()}, per call: best batch of {CALLS} calls in {SIDE_BY_SIDE_ROUNDS} alternating rounds"
    )


def main() -> int:
    return report.main(__doc__.split("\n\n")[0], "results", lambda: render(measure()), _environment)


if __name__ == "__main__":
    sys.exit(main())
