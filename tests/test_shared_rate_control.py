"""shared/rate_control: MaxConcurrency / MaxErrors as counts, the ramp-up, when to stop.

Unit tests of the shared mechanism (Run Command, associations, maintenance-window tasks and
automation all use it); the boto3 tests of each capability check it end to end."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssm_fake.backend.shared.rate_control import RateControl, as_count


@pytest.mark.parametrize(
    ("value", "total", "at_least_one", "expected"),
    [
        ("10", 3, True, 10),  # a number is a number, whatever the target count
        ("0", 3, False, 0),
        ("0", 3, True, 1),  # concurrency is at least one target
        ("50%", 3, True, 2),  # concurrency percentages round up
        ("50%", 3, False, 1),  # error percentages round down
        ("10%", 5, False, 0),
        ("10%", 5, True, 1),
        ("100%", 7, True, 7),
        ("1%", 0, True, 1),
        ("1%", 0, False, 0),
    ],
)
def test_as_count(value: str, total: int, at_least_one: bool, expected: int) -> None:
    assert as_count(value, total, at_least_one=at_least_one) == expected


def test_ramp_up_starts_with_one_then_one_more_per_completed_target() -> None:
    limits = RateControl("4", "0", 10)
    assert [limits.window(completed) for completed in range(6)] == [1, 2, 3, 4, 4, 4]
    assert limits.may_start(running=1, completed=0) == 0
    assert limits.may_start(running=1, completed=2) == 2


def test_errors_stop_the_run_only_when_more_than_max_errors() -> None:
    limits = RateControl("10", "2", 10)
    assert not limits.exceeded(2)
    assert limits.exceeded(3)
    assert RateControl("10", "0", 10).exceeded(1)


@given(total=st.integers(0, 500), percent=st.integers(0, 100), completed=st.integers(0, 500))
def test_percentages_stay_within_the_target_count(total: int, percent: int, completed: int) -> None:
    limits = RateControl(f"{percent}%", f"{percent}%", total)
    assert 1 <= limits.concurrency <= max(total, 1)
    assert 0 <= limits.allowed_errors <= total
    assert 1 <= limits.window(completed) <= limits.concurrency
