"""Maintenance windows on the clock, measured against one boto3 GetParameter call in one run.

100 windows with ``rate(1 hour)`` (50 per region: the service allows 50 per account and
region), each targeting 50 managed nodes with one RUN_COMMAND task; the clock advances 30
days, so 100 x 720 executions x 50 nodes = 3.6 million task invocations, each a Run Command
invocation. The figure of merit is the time per task invocation, next to the time of one
GetParameter call through boto3 under the fake. Then DescribeMaintenanceWindowExecutions
pages of a window with 720 executions, against a window with 10: paging costs O(page).

    python benchmarks/bench_maintenance_windows.py            # 30 days
    python benchmarks/bench_maintenance_windows.py --days 1   # a quick look

Times are the process's CPU time (``time.process_time``), so other work on a shared
machine does not inflate either side of the comparison.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3

from ssm_fake import mock_ssm

REGIONS = ("us-east-1", "us-west-2")
WINDOWS_PER_REGION = 50
NODES = 50
START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _get_parameter_seconds(client: Any, calls: int = 2000) -> float:
    client.put_parameter(Name="/bench/p", Value="v", Type="String", Overwrite=True)
    samples = []
    for _ in range(5):
        began = time.process_time()
        for _ in range(calls // 5):
            client.get_parameter(Name="/bench/p")
        samples.append((time.process_time() - began) / (calls // 5))
    return statistics.median(samples)


def _setup(ssm: Any) -> dict[str, Any]:
    clients = {region: boto3.client("ssm", region_name=region) for region in REGIONS}
    windows: list[tuple[Any, str]] = []
    for region, client in clients.items():
        for _ in range(NODES):
            ssm.add_instance(region=region, tags={"fleet": "bench"})
        for i in range(WINDOWS_PER_REGION):
            window_id = client.create_maintenance_window(
                Name=f"bench-{i:02}", Schedule="rate(1 hour)", Duration=1, Cutoff=0, AllowUnassociatedTargets=False
            )["WindowId"]
            target_id = client.register_target_with_maintenance_window(
                WindowId=window_id, ResourceType="INSTANCE", Targets=[{"Key": "tag:fleet", "Values": ["bench"]}]
            )["WindowTargetId"]
            client.register_task_with_maintenance_window(
                WindowId=window_id,
                TaskType="RUN_COMMAND",
                TaskArn="AWS-RunShellScript",
                Targets=[{"Key": "WindowTargetIds", "Values": [target_id]}],
                MaxConcurrency="50",
                MaxErrors="0",
                TaskInvocationParameters={"RunCommand": {"Parameters": {"commands": ["yum -y update"]}}},
            )
            windows.append((client, window_id))
    return {"clients": clients, "windows": windows}


def _page_seconds(client: Any, window_id: str, rounds: int = 200) -> tuple[float, float]:
    """Median time of the first page, and of a page found through a NextToken deep in the history."""
    first = client.describe_maintenance_window_executions(WindowId=window_id, MaxResults=10)
    token = first.get("NextToken")
    samples_first, samples_deep = [], []
    for _ in range(rounds):
        began = time.process_time()
        client.describe_maintenance_window_executions(WindowId=window_id, MaxResults=10)
        samples_first.append(time.process_time() - began)
        if token:
            began = time.process_time()
            client.describe_maintenance_window_executions(WindowId=window_id, MaxResults=10, NextToken=token)
            samples_deep.append(time.process_time() - began)
    return statistics.median(samples_first), statistics.median(samples_deep or samples_first)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=float, default=30)
    days = parser.parse_args().days
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        setup = _setup(ssm)
        baseline = _get_parameter_seconds(setup["clients"]["us-east-1"])
        gc.collect()
        began = time.process_time()
        ssm.clock.advance(timedelta(days=days))
        elapsed = time.process_time() - began
        client, window_id = setup["windows"][0]
        executions, statuses = 0, set()
        for page in client.get_paginator("describe_maintenance_window_executions").paginate(WindowId=window_id):
            executions += len(page["WindowExecutions"])
            statuses |= {e["Status"] for e in page["WindowExecutions"]}
        invocations = executions * len(setup["windows"]) * NODES
        long_first, long_deep = _page_seconds(client, window_id)
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        short = _setup(ssm)
        ssm.clock.advance(timedelta(hours=10))
        short_first, short_deep = _page_seconds(*short["windows"][0])
        short_count = len(
            short["windows"][0][0].describe_maintenance_window_executions(
                WindowId=short["windows"][0][1], MaxResults=100
            )["WindowExecutions"]
        )
    per_invocation = elapsed / invocations
    print(
        f"clock advanced {days:g} days: {executions} executions per window, {invocations} task invocations "
        f"(statuses seen: {', '.join(sorted(statuses))})"
    )
    print(f"{'measure':58} {'time':>12}")
    print(f"{'one boto3 GetParameter call under the fake (baseline)':58} {baseline * 1e6:9.1f} µs")
    print(f"{'per task invocation, clock advance (incl. Run Command)':58} {per_invocation * 1e6:9.1f} µs")
    print(f"{'ratio per invocation / GetParameter':58} {per_invocation / baseline:9.3f}")
    print(f"{'executions page 1 (' + str(executions) + ' executions)':58} {long_first * 1e6:9.1f} µs")
    print(f"{'executions page 2 via NextToken (' + str(executions) + ' executions)':58} {long_deep * 1e6:9.1f} µs")
    print(f"{'executions page 1 (' + str(short_count) + ' executions)':58} {short_first * 1e6:9.1f} µs")
    print(f"{'executions page 2 via NextToken (' + str(short_count) + ' executions)':58} {short_deep * 1e6:9.1f} µs")


if __name__ == "__main__":
    main()
