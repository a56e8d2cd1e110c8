"""Public parameters against the baseline, side by side in one run: boto3 GetParameter of an
account's own parameter under the fake, then of a public AMI alias; and the per-parameter cost
of paging a small public path and the whole global-infrastructure tree (reads must cost
O(page), not O(every public parameter)).

    python benchmarks/bench_parameters_public.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3

from ssm_fake import mock_ssm

CALLS = 200
ROUNDS = 15
AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"


def _per_call(call: Callable[[], Any], calls: int = CALLS) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def _walk(client: Any, path: str) -> int:
    count, kwargs = 0, {"Path": path, "Recursive": True, "MaxResults": 10}
    while True:
        reply = client.get_parameters_by_path(**kwargs)
        count += len(reply["Parameters"])
        if "NextToken" not in reply:
            return count
        kwargs["NextToken"] = reply["NextToken"]


def main() -> None:
    with mock_ssm():
        client = boto3.client("ssm", region_name="us-east-1")
        client.put_parameter(Name="/bench/p", Value="v", Type="String")
        start = time.perf_counter()
        client.get_parameter(Name=AL2023)
        first_load = time.perf_counter() - start
        own, public = [], []
        for _ in range(ROUNDS):  # alternate, so both see the same machine
            own.append(_per_call(lambda: client.get_parameter(Name="/bench/p")))
            public.append(_per_call(lambda: client.get_parameter(Name=AL2023)))
        ratios = [p / o for o, p in zip(own, public, strict=True)]
        small = "/aws/service/ami-amazon-linux-latest"
        big = "/aws/service/global-infrastructure"
        start = time.perf_counter()
        small_count = _walk(client, small)
        small_each = (time.perf_counter() - start) / small_count
        start = time.perf_counter()
        big_count = _walk(client, big)
        big_each = (time.perf_counter() - start) / big_count
    rows = [
        ("GetParameter, own parameter (baseline), per call", f"{min(own) * 1e6:.0f} µs"),
        ("GetParameter, public AMI alias, per call", f"{min(public) * 1e6:.0f} µs"),
        ("public / baseline (median of rounds)", f"{statistics.median(ratios):.3f}×"),
        ("first public read (loads the catalogue once)", f"{first_load * 1e3:.1f} ms"),
        (f"GetParametersByPath per parameter, {small_count} names", f"{small_each * 1e6:.0f} µs"),
        (f"GetParametersByPath per parameter, {big_count} names", f"{big_each * 1e6:.0f} µs"),
        ("paging growth (big / small, per parameter)", f"{big_each / small_each:.2f}×"),
    ]
    print("| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
