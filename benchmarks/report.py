"""Where the benchmarks write their figures: a marked section of docs/performance.md."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

PERFORMANCE_PAGE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def write_results(marker: str, environment: str, table: str) -> None:
    """Replace what stands between ``<!-- {marker}:begin -->`` and ``<!-- {marker}:end -->``."""
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    head, found, rest = PERFORMANCE_PAGE.read_text().partition(begin)
    if not found:
        raise SystemExit(f"docs/performance.md has no {begin} marker to write between")
    _, _, tail = rest.partition(end)
    PERFORMANCE_PAGE.write_text(f"{head}{begin}\n{environment}\n\n{table}\n{end}{tail}")


def main(description: str, marker: str, table: Callable[[], str], environment: Callable[[], str]) -> int:
    """A benchmark's command line: measure, print the table, and with ``--write`` put it in the page."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--write", action="store_true", help=f"rewrite the {marker} section of docs/performance.md")
    args = parser.parse_args()
    measured = table()
    print(environment())
    print(measured)
    if args.write:
        write_results(marker, environment(), measured)
    return 0
