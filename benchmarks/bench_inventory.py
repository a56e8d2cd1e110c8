"""GetInventory over a large fleet: a filtered page costs what the page costs, not the fleet.

Two fleets live side by side in one mock (1,000 nodes in one region, 5,000 in another),
every node with 20 AWS:Application entries. Each round times, in turn, boto3 GetParameter
under the fake (the baseline every capability is measured against) and three GetInventory
calls with one Equal filter on each fleet: a rare application (10 matching nodes, one
page), a common one (every node matches; the first page of 50), and the same common filter
resumed from a token in the middle of the walk. If a call cost grew with the fleet, the
5,000-node column would be about five times the 1,000-node one.

    python benchmarks/bench_inventory.py            # print the table
    python benchmarks/bench_inventory.py --write    # also append/refresh the section in docs/performance.md
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import botocore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure the checkout this file belongs to, not an installed copy

import report  # noqa: E402

from ssm_fake import mock_ssm  # noqa: E402

SIZES = {"us-east-1": 1_000, "us-west-2": 5_000}
APPLICATIONS_PER_NODE = 20
RARE_EVERY = {1_000: 100, 5_000: 500}  # the rare application is on 10 nodes of each fleet
CALLS = 40
ROUNDS = 9


def _contents(size: int) -> list[list[dict[str, str]]]:
    """Each node's AWS:Application entries."""
    contents = []
    for index in range(size):
        names = [f"common-{k}" for k in range(APPLICATIONS_PER_NODE - 1)]
        names.append("rare" if index % RARE_EVERY[size] == 0 else f"unique-{index}")
        contents.append([{"Name": name, "Version": f"{index % 7}.0", "Publisher": "bench"} for name in names])
    return contents


def _fleet(ssm: Any, region: str, size: int) -> Any:
    client = boto3.client("ssm", region_name=region)
    for content in _contents(size):
        node = ssm.add_instance(region=region)
        client.put_inventory(
            InstanceId=node,
            Items=[
                {
                    "TypeName": "AWS:Application",
                    "SchemaVersion": "1.1",
                    "CaptureTime": "2026-01-01T00:00:00Z",
                    "Content": content,
                }
            ],
        )
    return client


def _equal(value: str) -> list[dict[str, Any]]:
    return [{"Key": "AWS:Application.Name", "Values": [value], "Type": "Equal"}]


def _batch(call: Callable[[], Any]) -> float:
    """Microseconds per call over one batch."""
    start = time.perf_counter()
    for _ in range(CALLS):
        call()
    return (time.perf_counter() - start) / CALLS * 1e6


def measure() -> dict[str, float]:
    with mock_ssm() as ssm:
        clients = {region: _fleet(ssm, region, size) for region, size in SIZES.items()}
        baseline = boto3.client("ssm", region_name="us-east-1")
        baseline.put_parameter(Name="/bench/p", Value="value", Type="String")
        calls: dict[str, Callable[[], Any]] = {
            "GetParameter (baseline)": lambda: baseline.get_parameter(Name="/bench/p")
        }
        for region, size in SIZES.items():
            client = clients[region]
            rare = client.get_inventory(Filters=_equal("rare"), MaxResults=50)
            assert len(rare["Entities"]) == 10 and "NextToken" not in rare
            walk: dict[str, Any] = {"Filters": _equal("common-3"), "MaxResults": 50}
            for _ in range(size // 100):  # walk half the fleet to a token in the middle
                walk["NextToken"] = client.get_inventory(**walk)["NextToken"]
            token = walk["NextToken"]
            calls[f"rare filter, {size}"] = lambda c=client: c.get_inventory(Filters=_equal("rare"), MaxResults=50)
            calls[f"common filter, first page, {size}"] = lambda c=client: c.get_inventory(
                Filters=_equal("common-3"), MaxResults=50
            )
            calls[f"common filter, middle page, {size}"] = lambda c=client, t=token: c.get_inventory(
                Filters=_equal("common-3"), MaxResults=50, NextToken=t
            )
            # What an unindexed query would pay on top: one pass over every entry, in plain Python.
            plain = _contents(size)
            calls[f"scan, {size}"] = lambda p=plain: sum(1 for n in p if any(e["Name"] == "rare" for e in n))
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(ROUNDS):
            for name, call in calls.items():
                samples[name].append(_batch(call))
    return {name: min(values) for name, values in samples.items()} | {
        f"median {name}": statistics.median(values) for name, values in samples.items()
    }


def render(results: dict[str, float]) -> str:
    small, large = SIZES.values()
    base = results["GetParameter (baseline)"]
    lines = [
        "| GetInventory, one Equal filter on AWS:Application.Name | 1,000 nodes | 5,000 nodes | growth "
        "| vs GetParameter at 5,000 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, key in (
        ("rare application (10 nodes match, one page)", "rare filter"),
        ("common application, first page of 50", "common filter, first page"),
        ("common application, a page in the middle of the walk (by token)", "common filter, middle page"),
    ):
        first, second = results[f"{key}, {small}"], results[f"{key}, {large}"]
        lines.append(f"| {label} | {first:,.0f} µs | {second:,.0f} µs | {second / first:.2f}× | {second / base:.1f}× |")
    lines.append(f"| GetParameter (baseline, same run) | {base:,.0f} µs | | | 1.0× |")
    first, second = results[f"scan, {small}"], results[f"scan, {large}"]
    lines.append(
        f"| for scale: one plain-Python pass over every entry (what an unindexed query adds) "
        f"| {first:,.0f} µs | {second:,.0f} µs | {second / first:.2f}× | {second / base:.1f}× |"
    )
    return "\n".join(lines)


def _environment() -> str:
    return (
        f"Python {platform.python_version()}, botocore {botocore.__version__}, {platform.machine()}; "
        f"best batch of {CALLS} calls in {ROUNDS} alternating rounds; every node holds "
        f"{APPLICATIONS_PER_NODE} application entries "
        f"({SIZES['us-west-2'] * APPLICATIONS_PER_NODE:,} in the large fleet)"
    )


def main() -> int:
    return report.main(__doc__.splitlines()[0], "inventory-results", lambda: render(measure()), _environment)


if __name__ == "__main__":
    sys.exit(main())
