"""What association runs and reads cost, side by side with a boto3 GetParameter under the fake.

* **runs**: 200 associations target 500 nodes by tag with ``rate(30 minutes)``; the clock
  advances 7 days (337 runs each, counting the one at creation: about 33.7 million
  (association, node) runs). The time per (association, node) run must be below the time
  of one GetParameter call, measured in the same run.
* **ListAssociations** and **DescribeAssociationExecutions**: the cost of one call with
  ``MaxResults=50`` from the middle of the list must not grow with the total (O(page)):
  compared at 10x more associations / executions, in the same mock, alternating round by
  round (the ratio is the median of the rounds' ratios).

    python benchmarks/bench_associations.py
"""

from __future__ import annotations

import gc
import platform
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

import boto3
import botocore

from ssm_fake import mock_ssm

START = datetime(2026, 1, 5, tzinfo=timezone.utc)
FLEET = [{"Key": "tag:Role", "Values": ["fleet"]}]
ECHO = {"commands": ["echo hi"]}
ROUNDS = 7
CALLS = 200


def _best_per_call(call: Callable[[], Any], calls: int = CALLS, rounds: int = ROUNDS) -> float:
    """Seconds per call: the best batch of ``calls`` calls over ``rounds`` rounds."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        began = time.perf_counter()
        for _ in range(calls):
            call()
        best = min(best, (time.perf_counter() - began) / calls)
    return best


def _client() -> Any:
    return boto3.client("ssm", region_name="us-east-1")


def get_parameter_cost() -> float:
    with mock_ssm():
        client = _client()
        client.put_parameter(Name="/bench/p", Value="value", Type="String")
        return _best_per_call(lambda: client.get_parameter(Name="/bench/p"))


def run_cost(associations: int = 200, nodes: int = 500, days: int = 7) -> tuple[float, int, float]:
    """(seconds per (association, node) run, runs, seconds for the whole advance)."""
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        client = _client()
        for _ in range(nodes):
            ssm.add_instance(tags={"Role": "fleet"})
        ids = [
            client.create_association(
                Name="AWS-RunShellScript", Targets=FLEET, Parameters=ECHO, ScheduleExpression="rate(30 minutes)"
            )["AssociationDescription"]["AssociationId"]
            for _ in range(associations)
        ]
        gc.collect()
        began = time.perf_counter()
        ssm.clock.advance(timedelta(days=days))
        elapsed = time.perf_counter() - began
        executions = 0
        for association_id in ids:
            paginator = client.get_paginator("describe_association_executions")
            for page in paginator.paginate(AssociationId=association_id):
                executions += len(page["AssociationExecutions"])
                assert all(e["ResourceCountByStatus"] == f"{{Success={nodes}}}" for e in page["AssociationExecutions"])
        runs = executions * nodes
        return elapsed / runs, runs, elapsed


def _paired(
    small: Callable[[], Any], large: Callable[[], Any], calls: int = 20, rounds: int = 21
) -> tuple[float, float, float]:
    """Best seconds per call of each, and the median of the per-round ratios large/small:
    the two alternate round by round, so a busy machine slows both alike."""
    best_small = best_large = float("inf")
    ratios: list[float] = []
    for _ in range(rounds):
        gc.collect()
        timings = []
        for call in (small, large):
            began = time.perf_counter()
            for _ in range(calls):
                call()
            timings.append((time.perf_counter() - began) / calls)
        best_small, best_large = min(best_small, timings[0]), min(best_large, timings[1])
        ratios.append(timings[1] / timings[0])
    return best_small, best_large, statistics.median(ratios)


def list_cost(small: int = 200, large: int = 2000) -> tuple[float, float, float]:
    """ListAssociations (MaxResults=50) from the middle of ``small`` associations (one region)
    and of ``large`` (another region of the same mock)."""
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        calls = []
        for region, total in (("us-east-1", small), ("us-west-2", large)):
            client = boto3.client("ssm", region_name=region)
            for _ in range(total):
                client.create_association(Name="AWS-RunShellScript", Targets=FLEET, Parameters=ECHO)
            token = _token_at_middle(client.list_associations, total)
            calls.append(partial(client.list_associations, MaxResults=50, NextToken=token))
        return _paired(calls[0], calls[1])


def executions_cost(days_small: int = 7, days_large: int = 70) -> tuple[float, float, float, int, int]:
    """DescribeAssociationExecutions (MaxResults=50) from the middle of two associations' runs:
    one running ``days_large`` days, the other ``days_small``, in the same mock."""
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        client = _client()
        ssm.add_instance(tags={"Role": "fleet"})

        def create() -> str:
            return str(
                client.create_association(
                    Name="AWS-RunShellScript", Targets=FLEET, Parameters=ECHO, ScheduleExpression="rate(30 minutes)"
                )["AssociationDescription"]["AssociationId"]
            )

        large_id = create()
        ssm.clock.advance(timedelta(days=days_large - days_small))
        small_id = create()
        ssm.clock.advance(timedelta(days=days_small))
        calls = []
        totals = []
        for association_id, days in ((small_id, days_small), (large_id, days_large)):
            call = partial(client.describe_association_executions, AssociationId=association_id)
            total = days * 48 + 1
            token = _token_at_middle(call, total)
            calls.append(partial(call, MaxResults=50, NextToken=token))
            totals.append(total)
        return (*_paired(calls[0], calls[1]), totals[0], totals[1])


def _token_at_middle(call: Callable[..., Any], total: int) -> str:
    token: str | None = None
    seen = 0
    while seen < total // 2:
        page = call(MaxResults=50, **({"NextToken": token} if token else {}))
        token = page["NextToken"]
        seen += 50
    assert token is not None
    return token


def main() -> None:
    print(
        f"Python {platform.python_version()}, botocore {botocore.__version__}, boto3 {boto3.__version__}, "
        f"{platform.machine()}"
    )
    get_parameter = statistics.median(get_parameter_cost() for _ in range(3))
    per_run, runs, whole = run_cost()
    list_small, list_large, list_ratio = list_cost()
    executions_small, executions_large, executions_ratio, few, many = executions_cost()
    rows = [
        ("GetParameter per call (baseline)", f"{get_parameter * 1e6:.0f} µs", ""),
        (
            f"per (association, node) run, {runs:,} runs in {whole:.1f} s",
            f"{per_run * 1e6:.3f} µs",
            f"{per_run / get_parameter:.5f}× GetParameter (target < 1×)",
        ),
        ("ListAssociations page of 50, at 200 associations", f"{list_small * 1e6:.0f} µs", ""),
        (
            "ListAssociations page of 50, at 2,000 associations",
            f"{list_large * 1e6:.0f} µs",
            f"{list_ratio:.2f}× (target ≤ 1.5×)",
        ),
        (f"DescribeAssociationExecutions page of 50, at {few:,} executions", f"{executions_small * 1e6:.0f} µs", ""),
        (
            f"DescribeAssociationExecutions page of 50, at {many:,} executions",
            f"{executions_large * 1e6:.0f} µs",
            f"{executions_ratio:.2f}× (target ≤ 1.5×)",
        ),
    ]
    print("\n| measure | time | ratio |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
