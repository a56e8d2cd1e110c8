"""What association runs and reads cost, side by side with a boto3 GetParameter under the fake.

* **runs**: 200 associations target 500 nodes by tag with ``rate(30 minutes)``; the clock
  advances 7 days (337 runs each, counting the one at creation: about 33.7 million
  (association, node) runs). The time per (association, node) run must be below the time
  of one GetParameter call, measured in the same run.
* **ListAssociations** and **DescribeAssociationExecutions**: the cost of one call with
  ``MaxResults=50`` from the middle of the list must not grow with the total (O(page)):
  compared at 10x more associations / executions.

    python benchmarks/bench_associations.py
"""

from __future__ import annotations

import gc
import platform
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
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


def list_cost(total: int) -> float:
    """Seconds per ListAssociations call (MaxResults=50) from the middle of ``total``."""
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        client = _client()
        for _ in range(total):
            client.create_association(Name="AWS-RunShellScript", Targets=FLEET, Parameters=ECHO)
        token = _token_at_middle(lambda **kw: client.list_associations(**kw), total)
        return _best_per_call(lambda: client.list_associations(MaxResults=50, NextToken=token), calls=50)


def executions_cost(days: int) -> tuple[float, int]:
    """Seconds per DescribeAssociationExecutions call (MaxResults=50) from the middle, and
    how many executions the association has."""
    with mock_ssm() as ssm:
        ssm.clock.freeze(START)
        client = _client()
        ssm.add_instance(tags={"Role": "fleet"})
        association_id = client.create_association(
            Name="AWS-RunShellScript", Targets=FLEET, Parameters=ECHO, ScheduleExpression="rate(30 minutes)"
        )["AssociationDescription"]["AssociationId"]
        ssm.clock.advance(timedelta(days=days))
        total = days * 48 + 1

        def call(**kw: Any) -> Any:
            return client.describe_association_executions(AssociationId=association_id, **kw)

        token = _token_at_middle(call, total)
        return _best_per_call(lambda: call(MaxResults=50, NextToken=token), calls=50), total


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
    list_small, list_large = list_cost(200), list_cost(2000)
    (executions_small, few), (executions_large, many) = executions_cost(7), executions_cost(70)
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
            f"{list_large / list_small:.2f}× (target ≤ 1.5×)",
        ),
        (f"DescribeAssociationExecutions page of 50, at {few:,} executions", f"{executions_small * 1e6:.0f} µs", ""),
        (
            f"DescribeAssociationExecutions page of 50, at {many:,} executions",
            f"{executions_large * 1e6:.0f} µs",
            f"{executions_large / executions_small:.2f}× (target ≤ 1.5×)",
        ),
    ]
    print("\n| measure | time | ratio |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
