"""Unit tests of the shared schedules mechanism (cron, rate, at) used by associations and maintenance windows.

Every expected fire time below was worked out by hand from a 2026 calendar (1 March 2026 is a
Sunday; New York moves to EDT on Sunday 8 March at 02:00 and back to EST on Sunday 1 November at
02:00), never by calling the code under test.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from ssm_fake.backend.shared.schedules import InvalidScheduleExpression, Schedule, parse

try:
    from hypothesis import assume, given, settings
    from hypothesis import strategies as st

    HAVE_HYPOTHESIS = True
except ImportError:  # pragma: no cover - hypothesis is a test-only dependency
    HAVE_HYPOTHESIS = False

NY = "America/New_York"
MARCH = datetime(2026, 3, 7, 12, 0, tzinfo=timezone.utc)  # Saturday, 07:00 EST: DST starts the next day
OCTOBER = datetime(2026, 10, 31, 12, 0, tzinfo=timezone.utc)  # Saturday, 08:00 EDT: DST ends the next day


def utc(text: str) -> datetime:
    """'2026-03-08T10:00' or with seconds, read as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def next_three(expression: str, capability: Any, after: datetime, tz: str | None) -> list[str]:
    schedule = parse(expression, for_capability=capability)
    return [
        t.strftime("%Y-%m-%dT%H:%M:%S").removesuffix(":00") for t in schedule.fire_times(after, count=3, timezone=tz)
    ]


A = "association"
M = "maintenance_window"

# (expression, capability, after, next three in UTC, next three with ScheduleTimezone America/New_York)
VALID: list[tuple[str, str, datetime, list[str], list[str]]] = [
    # Examples from "Reference: Cron and rate expressions for Systems Manager".
    (
        "cron(0 10 * * ? *)",
        M,
        MARCH,
        ["2026-03-08T10:00", "2026-03-09T10:00", "2026-03-10T10:00"],
        ["2026-03-07T15:00", "2026-03-08T14:00", "2026-03-09T14:00"],
    ),
    (
        "cron(15 12 * * ? *)",
        M,
        MARCH,
        ["2026-03-07T12:15", "2026-03-08T12:15", "2026-03-09T12:15"],
        ["2026-03-07T17:15", "2026-03-08T16:15", "2026-03-09T16:15"],
    ),
    (
        "cron(0 18 ? * MON-FRI *)",
        M,
        MARCH,
        ["2026-03-09T18:00", "2026-03-10T18:00", "2026-03-11T18:00"],
        ["2026-03-09T22:00", "2026-03-10T22:00", "2026-03-11T22:00"],
    ),
    (
        "cron(0 8 1 * ? *)",
        M,
        MARCH,
        ["2026-04-01T08:00", "2026-05-01T08:00", "2026-06-01T08:00"],
        ["2026-04-01T12:00", "2026-05-01T12:00", "2026-06-01T12:00"],
    ),
    (
        "cron(0/15 * * * ? *)",
        M,
        MARCH,
        ["2026-03-07T12:15", "2026-03-07T12:30", "2026-03-07T12:45"],
        ["2026-03-07T12:15", "2026-03-07T12:30", "2026-03-07T12:45"],
    ),
    (
        "cron(0/10 * ? * MON-FRI *)",
        M,
        MARCH,
        ["2026-03-09T00:00", "2026-03-09T00:10", "2026-03-09T00:20"],
        ["2026-03-09T04:00", "2026-03-09T04:10", "2026-03-09T04:20"],
    ),
    (
        "cron(0/5 8-17 ? * MON-FRI *)",
        M,
        MARCH,
        ["2026-03-09T08:00", "2026-03-09T08:05", "2026-03-09T08:10"],
        ["2026-03-09T12:00", "2026-03-09T12:05", "2026-03-09T12:10"],
    ),
    (
        "cron(0 2 ? * THU#3 *)",
        M,
        MARCH,
        ["2026-03-19T02:00", "2026-04-16T02:00", "2026-05-21T02:00"],
        ["2026-03-19T06:00", "2026-04-16T06:00", "2026-05-21T06:00"],
    ),
    (
        "cron(15 10 ? * * *)",
        M,
        MARCH,
        ["2026-03-08T10:15", "2026-03-09T10:15", "2026-03-10T10:15"],
        ["2026-03-07T15:15", "2026-03-08T14:15", "2026-03-09T14:15"],
    ),
    (
        "cron(0 2 L * ? *)",
        M,
        MARCH,
        ["2026-03-31T02:00", "2026-04-30T02:00", "2026-05-31T02:00"],
        ["2026-03-31T06:00", "2026-04-30T06:00", "2026-05-31T06:00"],
    ),
    (
        "cron(15 10 ? * 6L *)",
        M,
        MARCH,  # last Friday
        ["2026-03-27T10:15", "2026-04-24T10:15", "2026-05-29T10:15"],
        ["2026-03-27T14:15", "2026-04-24T14:15", "2026-05-29T14:15"],
    ),
    (
        "cron(0/30 * * * ? *)",
        A,
        MARCH,
        ["2026-03-07T12:30", "2026-03-07T13:00", "2026-03-07T13:30"],
        ["2026-03-07T12:30", "2026-03-07T13:00", "2026-03-07T13:30"],
    ),
    (
        "cron(0 0/4 * * ? *)",
        A,
        MARCH,
        ["2026-03-07T16:00", "2026-03-07T20:00", "2026-03-08T00:00"],
        ["2026-03-07T13:00", "2026-03-07T17:00", "2026-03-07T21:00"],
    ),
    (
        "cron(0 0/12 * * ? *)",
        A,
        MARCH,
        ["2026-03-08T00:00", "2026-03-08T12:00", "2026-03-09T00:00"],
        ["2026-03-07T17:00", "2026-03-08T05:00", "2026-03-08T16:00"],
    ),
    (
        "cron(15 13 ? * MON *)",
        A,
        MARCH,
        ["2026-03-09T13:15", "2026-03-16T13:15", "2026-03-23T13:15"],
        ["2026-03-09T17:15", "2026-03-16T17:15", "2026-03-23T17:15"],
    ),
    (
        "cron(0 */30 * * * ? *)",
        A,
        MARCH,  # 7 fields: Seconds 0, the documented association example
        ["2026-03-07T12:30", "2026-03-07T13:00", "2026-03-07T13:30"],
        ["2026-03-07T12:30", "2026-03-07T13:00", "2026-03-07T13:30"],
    ),
    (
        "cron(24 30 09 ? * * *)",
        M,
        MARCH,  # 7 fields: 09:30:24
        ["2026-03-08T09:30:24", "2026-03-09T09:30:24", "2026-03-10T09:30:24"],
        ["2026-03-07T14:30:24", "2026-03-08T13:30:24", "2026-03-09T13:30:24"],
    ),
    # Special characters, names, ranges, lists, increments.
    (
        "cron(0 0 LW * ? *)",
        M,
        MARCH,  # 31 May 2026 is a Sunday: Friday 29th
        ["2026-03-31T00:00", "2026-04-30T00:00", "2026-05-29T00:00"],
        ["2026-03-31T04:00", "2026-04-30T04:00", "2026-05-29T04:00"],
    ),
    (
        "cron(0 6 15W * ? *)",
        M,
        MARCH,  # 15 March is a Sunday: Monday 16th
        ["2026-03-16T06:00", "2026-04-15T06:00", "2026-05-15T06:00"],
        ["2026-03-16T10:00", "2026-04-15T10:00", "2026-05-15T10:00"],
    ),
    (
        "cron(0 6 1W * ? *)",
        M,
        MARCH,
        ["2026-04-01T06:00", "2026-05-01T06:00", "2026-06-01T06:00"],
        ["2026-04-01T10:00", "2026-05-01T10:00", "2026-06-01T10:00"],
    ),
    (
        "cron(0 9 ? * 2#1 *)",
        M,
        MARCH,  # first Monday
        ["2026-04-06T09:00", "2026-05-04T09:00", "2026-06-01T09:00"],
        ["2026-04-06T13:00", "2026-05-04T13:00", "2026-06-01T13:00"],
    ),
    (
        "cron(0 10 ? * sun#2 *)",
        M,
        MARCH,  # names are case-insensitive
        ["2026-03-08T10:00", "2026-04-12T10:00", "2026-05-10T10:00"],
        ["2026-03-08T14:00", "2026-04-12T14:00", "2026-05-10T14:00"],
    ),
    (
        "cron(0 0 1 JAN,JUL ? *)",
        M,
        MARCH,
        ["2026-07-01T00:00", "2027-01-01T00:00", "2027-07-01T00:00"],
        ["2026-07-01T04:00", "2027-01-01T05:00", "2027-07-01T04:00"],
    ),
    (
        "cron(0 0 1 1 ? 2027-2028)",
        M,
        MARCH,  # the Year field ends the schedule: two runs only
        ["2027-01-01T00:00", "2028-01-01T00:00"],
        ["2027-01-01T05:00", "2028-01-01T05:00"],
    ),
    (
        "cron(30 9 ? * MON,WED,FRI *)",
        A,
        MARCH,
        ["2026-03-09T09:30", "2026-03-11T09:30", "2026-03-13T09:30"],
        ["2026-03-09T13:30", "2026-03-11T13:30", "2026-03-13T13:30"],
    ),
    (
        "cron(0 */6 * * ? *)",
        M,
        MARCH,
        ["2026-03-07T18:00", "2026-03-08T00:00", "2026-03-08T06:00"],
        ["2026-03-07T17:00", "2026-03-07T23:00", "2026-03-08T05:00"],
    ),
    (
        "cron(0 12 ? * SUN *)",
        M,
        MARCH,
        ["2026-03-08T12:00", "2026-03-15T12:00", "2026-03-22T12:00"],
        ["2026-03-08T16:00", "2026-03-15T16:00", "2026-03-22T16:00"],
    ),
    (
        "cron(45 23 ? * SAT *)",
        M,
        MARCH,
        ["2026-03-07T23:45", "2026-03-14T23:45", "2026-03-21T23:45"],
        ["2026-03-08T04:45", "2026-03-15T03:45", "2026-03-22T03:45"],
    ),
    (
        "cron(0 0 29 2 ? *)",
        M,
        MARCH,  # leap days only
        ["2028-02-29T00:00", "2032-02-29T00:00", "2036-02-29T00:00"],
        ["2028-02-29T05:00", "2032-02-29T05:00", "2036-02-29T05:00"],
    ),
    (
        "cron(0 12 ? * FRI-MON *)",
        M,
        MARCH,  # a range that wraps past Saturday
        ["2026-03-08T12:00", "2026-03-09T12:00", "2026-03-13T12:00"],
        ["2026-03-07T17:00", "2026-03-08T16:00", "2026-03-09T16:00"],
    ),
    (
        "cron(5,35 * * * ? *)",
        M,
        MARCH,
        ["2026-03-07T12:05", "2026-03-07T12:35", "2026-03-07T13:05"],
        ["2026-03-07T12:05", "2026-03-07T12:35", "2026-03-07T13:05"],
    ),
    (
        "cron(0 3 ? * L *)",
        M,
        MARCH,  # L alone in day-of-week: the last day of the week, Saturday
        ["2026-03-14T03:00", "2026-03-21T03:00", "2026-03-28T03:00"],
        ["2026-03-14T07:00", "2026-03-21T07:00", "2026-03-28T07:00"],
    ),
    # Spring forward: 02:00-02:59 does not exist in New York on 8 March; those runs are skipped.
    (
        "cron(30 2 * * ? *)",
        M,
        MARCH,
        ["2026-03-08T02:30", "2026-03-09T02:30", "2026-03-10T02:30"],
        ["2026-03-09T06:30", "2026-03-10T06:30", "2026-03-11T06:30"],
    ),
    (
        "cron(0 1-3 ? * SUN *)",
        M,
        MARCH,
        ["2026-03-08T01:00", "2026-03-08T02:00", "2026-03-08T03:00"],
        ["2026-03-08T06:00", "2026-03-08T07:00", "2026-03-15T05:00"],
    ),
    # Fall back: 01:00-01:59 happens twice in New York on 1 November; it runs once, the first time.
    (
        "cron(0 10 * * ? *)",
        M,
        OCTOBER,
        ["2026-11-01T10:00", "2026-11-02T10:00", "2026-11-03T10:00"],
        ["2026-10-31T14:00", "2026-11-01T15:00", "2026-11-02T15:00"],
    ),
    (
        "cron(30 1 * * ? *)",
        M,
        OCTOBER,
        ["2026-11-01T01:30", "2026-11-02T01:30", "2026-11-03T01:30"],
        ["2026-11-01T05:30", "2026-11-02T06:30", "2026-11-03T06:30"],
    ),
    (
        "cron(0/30 1 ? * SUN *)",
        M,
        OCTOBER,
        ["2026-11-01T01:00", "2026-11-01T01:30", "2026-11-08T01:00"],
        ["2026-11-01T05:00", "2026-11-01T05:30", "2026-11-08T06:00"],
    ),
    (
        "cron(0 */6 * * ? *)",
        M,
        OCTOBER,
        ["2026-10-31T18:00", "2026-11-01T00:00", "2026-11-01T06:00"],
        ["2026-10-31T16:00", "2026-10-31T22:00", "2026-11-01T04:00"],
    ),
    (
        "cron(0 2 ? * SUN *)",
        M,
        OCTOBER,
        ["2026-11-01T02:00", "2026-11-08T02:00", "2026-11-15T02:00"],
        ["2026-11-01T07:00", "2026-11-08T07:00", "2026-11-15T07:00"],
    ),
    (
        "cron(0 0 L * ? *)",
        M,
        OCTOBER,
        ["2026-11-30T00:00", "2026-12-31T00:00", "2027-01-31T00:00"],
        ["2026-11-30T05:00", "2026-12-31T05:00", "2027-01-31T05:00"],
    ),
]

INVALID: list[tuple[str, str]] = [
    ("cron(0 10 * * * *)", M),  # neither day field is ?
    ("cron(0 10 ? * ? *)", M),  # both are
    ("cron(0 10 * *)", M),
    ("cron(0 10 * * ?)", A),  # five fields: see docs/schedules.md
    ("cron(0 0 10 * * ? * *)", M),  # eight
    ("cron(60 10 * * ? *)", M),
    ("cron(0 24 * * ? *)", M),
    ("cron(0 10 32 * ? *)", M),
    ("cron(0 10 0 * ? *)", M),
    ("cron(0 10 * 13 ? *)", M),
    ("cron(0 10 * FOO ? *)", M),
    ("cron(0 10 ? * 0 *)", M),  # days of the week are 1-7
    ("cron(0 10 ? * 8 *)", M),
    ("cron(0 10 * * ? 1969)", M),
    ("cron(0 10 * * ? 2200)", M),
    ("cron(0 10 * * ? 2028-2027)", M),
    ("cron(0 10 ? * MON#6 *)", M),
    ("cron(0 10 ? * 3#1,6#3 *)", M),  # only one # expression
    ("cron(0 10 ? * 6L,2 *)", M),
    ("cron(0 10 L,15 * ? *)", M),
    ("cron(0 10 0W * ? *)", M),
    ("cron(0/0 * * * ? *)", M),
    ("cron(0 10 1,,2 * ? *)", M),
    ("cron(* * * * ? *)", M),  # faster than every 5 minutes
    ("cron(0/4 * * * ? *)", M),
    ("cron(0/15 * * * ? *)", A),  # associations: not faster than every 30 minutes
    ("cron(0,20 10 * * ? *)", A),
    ("cron(5 0 10 * * ? *)", A),  # associations: Seconds only 0
    ("cron(*/5 0 10 * * ? *)", M),  # Seconds is a single value
    ("rate(1 hours)", M),
    ("rate(5 hour)", M),
    ("rate(0 minutes)", M),
    ("rate(5 weeks)", M),
    ("rate(-5 minutes)", M),
    ("rate(five minutes)", M),
    ("rate(29 minutes)", A),
    ("rate(31 days)", A),
    ("rate(744 hours)", A),
    ("at(2026-02-30T10:00:00)", M),
    ("at(2026-03-07 10:00:00)", M),
    ("at(2026-03-07T10:00)", A),
    ("", M),
    ("cron()", M),
    ("every day", A),
]


@pytest.mark.parametrize(("expression", "capability", "after", "in_utc", "in_new_york"), VALID)
def test_next_three_fire_times(
    expression: str, capability: str, after: datetime, in_utc: list[str], in_new_york: list[str]
) -> None:
    assert next_three(expression, capability, after, None) == in_utc
    assert next_three(expression, capability, after, NY) == in_new_york


@pytest.mark.parametrize(("expression", "capability"), INVALID)
def test_invalid_expressions_raise_the_typed_error(expression: str, capability: str) -> None:
    with pytest.raises(InvalidScheduleExpression, match="invalid"):
        parse(expression, for_capability=capability)  # type: ignore[arg-type]


def test_the_table_is_large_enough() -> None:
    assert len(VALID) + len(INVALID) >= 40
    assert len(VALID) >= 30


def test_kinds_and_intervals() -> None:
    assert parse("cron(0 10 * * ? *)", for_capability=M).kind == "cron"
    rate = parse("rate(5 hours)", for_capability=A)
    assert (rate.kind, rate.interval) == ("rate", timedelta(hours=5))
    assert parse("at(2026-03-10T08:00:00)", for_capability=M).kind == "at"
    assert parse("cron(0 10 * * ? *)", for_capability=M).interval is None


# --- rate ------------------------------------------------------------------------------------


def test_rate_fire_times_are_anchor_plus_multiples_of_the_interval() -> None:
    schedule = parse("rate(30 minutes)", for_capability=A)
    anchor = utc("2026-03-07T11:50")
    times = list(schedule.fire_times(MARCH, count=3, anchor=anchor))
    assert times == [utc("2026-03-07T12:20"), utc("2026-03-07T12:50"), utc("2026-03-07T13:20")]
    # The anchor itself is the first fire time (k = 0) when asked from before it.
    assert schedule.next_after(anchor - timedelta(seconds=1), anchor=anchor) == anchor
    assert schedule.next_after(anchor, anchor=anchor) == utc("2026-03-07T12:20")


def test_rate_ignores_the_time_zone_across_dst() -> None:
    schedule = parse("rate(1 day)", for_capability=M)
    times = list(schedule.fire_times(MARCH, count=2, anchor=MARCH, timezone=NY))
    assert times == [utc("2026-03-08T12:00"), utc("2026-03-09T12:00")]  # 24 hours, not wall-clock days


def test_rate_needs_an_anchor_or_a_start_date() -> None:
    schedule = parse("rate(1 hour)", for_capability=M)
    with pytest.raises(ValueError, match="anchor"):
        schedule.next_after(MARCH)
    assert schedule.next_after(MARCH, start_date=utc("2026-03-07T12:30")) == utc("2026-03-07T12:30")


def test_rate_start_date_after_the_anchor_keeps_the_anchors_phase() -> None:
    schedule = parse("rate(1 hour)", for_capability=M)
    anchor = utc("2026-03-07T12:00")
    assert schedule.next_after(MARCH, anchor=anchor, start_date=utc("2026-03-07T14:30")) == utc("2026-03-07T15:00")
    assert schedule.next_after(MARCH, anchor=anchor, start_date=utc("2026-03-07T15:00")) == utc("2026-03-07T15:00")


# --- at --------------------------------------------------------------------------------------


def test_at_fires_once() -> None:
    schedule = parse("at(2026-03-10T08:00:00)", for_capability=A)
    assert list(schedule.fire_times(MARCH)) == [utc("2026-03-10T08:00")]
    assert schedule.next_after(utc("2026-03-10T08:00")) is None
    assert schedule.next_after(MARCH, timezone=NY) == utc("2026-03-10T12:00")  # 08:00 EDT
    assert schedule.next_after(MARCH, end_date=utc("2026-03-10T08:00")) is None
    assert schedule.next_after(MARCH, start_date=utc("2026-03-10T09:00")) is None


def test_at_in_the_spring_forward_gap_still_runs() -> None:
    schedule = parse("at(2026-03-08T02:30:00)", for_capability=M)
    assert schedule.next_after(MARCH, timezone=NY) == utc("2026-03-08T07:30")  # 02:30 EST = 03:30 EDT


# --- offsets ---------------------------------------------------------------------------------


def test_offset_shifts_each_cron_time_by_days() -> None:
    # The documentation's maintenance-window example: third Tuesday 23:30, offset 2 -> Thursday.
    schedule = parse("cron(30 23 ? * TUE#3 *)", for_capability=M)
    times = list(schedule.fire_times(MARCH, count=2, offset_days=2))
    assert times == [utc("2026-03-19T23:30"), utc("2026-04-23T23:30")]
    # The association example: second Thursday, offset 3 -> the Sunday after.
    association = parse("cron(0 0 ? * THU#2 *)", for_capability=A)
    sunday = association.next_after(MARCH, offset_days=3)
    assert sunday == utc("2026-03-15T00:00")
    assert sunday is not None and sunday.weekday() == calendar.SUNDAY


def test_offset_is_in_local_days() -> None:
    schedule = parse("cron(0 12 ? * SAT#1 *)", for_capability=M)  # Saturday 7 March, 12:00 EST
    fire = schedule.next_after(utc("2026-03-01T00:00"), offset_days=2, timezone=NY)
    assert fire == utc("2026-03-09T16:00")  # Monday 12:00 EDT, not 17:00Z


def test_a_cron_time_before_the_anchor_does_not_run_even_if_its_offset_time_is_later() -> None:
    # "Reference: Cron and rate expressions": a passed cron day plus a future offset waits a period.
    schedule = parse("cron(30 23 ? * TUE#3 *)", for_capability=M)
    created = utc("2026-03-18T00:00")  # after Tue 17 March 23:30, before its offset time
    assert schedule.next_after(created, offset_days=2) == utc("2026-03-19T23:30")
    assert schedule.next_after(created, offset_days=2, anchor=created) == utc("2026-04-23T23:30")


@pytest.mark.parametrize("expression", ["rate(1 hour)", "at(2026-03-10T08:00:00)"])
def test_offsets_are_for_cron_only(expression: str) -> None:
    with pytest.raises(InvalidScheduleExpression, match="cron"):
        parse(expression, for_capability=M).next_after(MARCH, anchor=MARCH, offset_days=1)


def test_offset_bounds() -> None:
    schedule = parse("cron(0 10 * * ? *)", for_capability=A)
    # Without an anchor, 2 March 10:00 + 6 days is already after the instant; with one, the first
    # cron time after it (8 March) counts.
    assert schedule.next_after(MARCH, offset_days=6) == utc("2026-03-08T10:00")
    assert schedule.next_after(MARCH, offset_days=6, anchor=MARCH) == utc("2026-03-14T10:00")
    with pytest.raises(InvalidScheduleExpression):
        schedule.next_after(MARCH, offset_days=7)
    with pytest.raises(InvalidScheduleExpression):
        schedule.next_after(MARCH, offset_days=-1)


# --- start and end dates ---------------------------------------------------------------------


def test_start_and_end_dates_bound_the_fire_times() -> None:
    schedule = parse("cron(0 10 * * ? *)", for_capability=M)
    times = list(schedule.fire_times(MARCH, start_date=utc("2026-03-10T00:00"), end_date=utc("2026-03-12T10:00")))
    assert times == [utc("2026-03-10T10:00"), utc("2026-03-11T10:00")]  # the end date is exclusive
    assert schedule.next_after(MARCH, start_date=utc("2026-03-10T10:00")) == utc("2026-03-10T10:00")
    assert schedule.next_after(MARCH, end_date=MARCH) is None


def test_start_date_with_an_offset_in_another_zone() -> None:
    # "Maintenance window scheduling and active period options", example 1: start date given with an
    # offset, schedule in Los Angeles; the first Wednesday 09:00 PST after the start is 6 January 2021.
    schedule = parse("cron(0 09 ? * WED *)", for_capability=M)
    start = datetime(2021, 1, 1, tzinfo=timezone(timedelta(hours=-8)))
    first = schedule.next_after(start - timedelta(days=30), start_date=start, timezone="America/Los_Angeles")
    assert first == utc("2021-01-06T17:00")


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse("cron(0 10 * * ? *)", for_capability=M).next_after(datetime(2026, 3, 7))


def test_unknown_time_zone() -> None:
    with pytest.raises(InvalidScheduleExpression, match="time zone"):
        parse("cron(0 10 * * ? *)", for_capability=M).next_after(MARCH, timezone="Mars/Olympus_Mons")


# --- bounds per capability -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "association", "maintenance_window"),
    [
        ("rate(30 minutes)", True, True),
        ("rate(29 minutes)", False, True),
        ("rate(1 minute)", False, True),
        ("rate(1 hour)", True, True),
        ("rate(30 days)", True, True),
        ("rate(743 hours)", True, True),
        ("rate(744 hours)", False, True),
        ("rate(31 days)", False, True),
        ("rate(25 days)", True, True),
        ("cron(0/30 * * * ? *)", True, True),
        ("cron(0/20 * * * ? *)", False, True),
        ("cron(0/5 * * * ? *)", False, True),
        ("cron(0/4 * * * ? *)", False, False),
        ("cron(0 0 10 * * ? *)", True, True),
        ("cron(24 30 09 ? * * *)", False, True),
        ("at(2026-03-10T08:00:00)", True, True),
    ],
)
def test_bounds_per_capability(expression: str, association: bool, maintenance_window: bool) -> None:
    for capability, accepted in (("association", association), ("maintenance_window", maintenance_window)):
        if accepted:
            parse(expression, for_capability=capability)  # type: ignore[arg-type]
        else:
            with pytest.raises(InvalidScheduleExpression):
                parse(expression, for_capability=capability)  # type: ignore[arg-type]


# --- L, W, LW, # edge cases ------------------------------------------------------------------


def days(expression: str, after: str, count: int) -> list[date]:
    schedule = parse(expression, for_capability=M)
    return [t.date() for t in schedule.fire_times(utc(after), count=count)]


def test_last_day_of_february_in_leap_and_common_years() -> None:
    assert days("cron(0 0 L 2 ? *)", "2026-03-01T00:00", 3) == [date(2027, 2, 28), date(2028, 2, 29), date(2029, 2, 28)]


def test_last_weekday_when_the_month_ends_on_a_weekend() -> None:
    # 28 Feb 2026 is a Saturday, 31 May 2026 a Sunday, 31 Jan 2027 a Sunday.
    assert days("cron(0 0 LW 2,5 ? *)", "2026-01-01T00:00", 3) == [
        date(2026, 2, 27),
        date(2026, 5, 29),
        date(2027, 2, 26),
    ]


def test_nearest_weekday_does_not_leave_the_month() -> None:
    # 1 Aug 2026 is a Saturday: not Friday 31 July but Monday 3 August.
    assert days("cron(0 0 1W 8 ? *)", "2026-01-01T00:00", 1) == [date(2026, 8, 3)]
    # 31 May 2026 is a Sunday: not Monday 1 June but Friday 29 May.
    assert days("cron(0 0 31W 5 ? *)", "2026-01-01T00:00", 1) == [date(2026, 5, 29)]
    # 14 Mar 2026 is a Saturday: Friday 13th.
    assert days("cron(0 0 14W 3 ? *)", "2026-01-01T00:00", 1) == [date(2026, 3, 13)]
    # 30W never falls in February; 31W only in months with 31 days.
    assert days("cron(0 0 30W 2 ? *)", "2026-01-01T00:00", 1) == []
    assert days("cron(0 0 31W * ? 2026)", "2026-01-01T00:00", 3) == [
        date(2026, 1, 30),
        date(2026, 3, 31),
        date(2026, 5, 29),
    ]


def test_fifth_weekday_only_in_months_that_have_one() -> None:
    assert days("cron(0 0 ? * THU#5 *)", "2026-01-01T00:00", 5) == [
        date(2026, 1, 29),
        date(2026, 4, 30),
        date(2026, 7, 30),
        date(2026, 10, 29),
        date(2026, 12, 31),
    ]


def test_last_weekday_of_month_in_february() -> None:
    # Last Sunday of February: 2026-02-22, 2027-02-28, 2028-02-27.
    assert days("cron(0 0 ? 2 1L *)", "2026-01-01T00:00", 3) == [
        date(2026, 2, 22),
        date(2027, 2, 28),
        date(2028, 2, 27),
    ]


# --- termination and speed -------------------------------------------------------------------


def test_year_field_in_the_past_ends_at_once() -> None:
    assert parse("cron(0 0 1 1 ? 2020)", for_capability=M).next_after(MARCH) is None


def test_a_schedule_that_never_matches_terminates() -> None:
    assert parse("cron(0 0 30 2 ? *)", for_capability=M).next_after(MARCH) is None
    assert parse("cron(0 0 ? 2 5#5 2027)", for_capability=M).next_after(MARCH) is None  # Feb 2027 has 4 Thursdays


def test_fire_times_end_with_the_year_field() -> None:
    times = list(parse("cron(0 0 1 1 ? 2190-2199)", for_capability=M).fire_times(MARCH))
    assert [t.year for t in times] == list(range(2190, 2200))


def test_rate_for_200_associations_over_a_week_and_cron_over_a_year() -> None:
    """The counts; what this costs is measured by benchmarks/bench_associations.py."""
    rate = parse("rate(30 minutes)", for_capability=A)
    cron = parse("cron(0/30 * * * ? *)", for_capability=A)
    week_end = MARCH + timedelta(days=7)
    total = 0
    for i in range(200):
        anchor = MARCH - timedelta(minutes=i)
        total += sum(1 for _ in rate.fire_times(MARCH, anchor=anchor, end_date=week_end))
    year = list(cron.fire_times(MARCH, end_date=MARCH + timedelta(days=365), timezone=NY))
    # 336 half hours in a week; the 7 anchors a whole number of half hours back (i = 0, 30, ... 180)
    # land on the excluded ends (strictly after MARCH, before the exclusive end date): one fewer.
    assert total == 200 * 336 - 7
    # Every half hour strictly inside the 365 days, less the two repeated ones at fall back (01:00 and
    # 01:30 EST on 1 November); spring forward loses no instant: 02:00 and 02:30 local never exist.
    assert len(year) == 365 * 48 - 1 - 2


# --- property test ---------------------------------------------------------------------------


def _aws_weekday(day: date) -> int:
    return day.isoweekday() % 7 + 1  # 1 = Sunday ... 7 = Saturday


def _day_matches(rule: tuple[Any, ...], day: date) -> bool:
    """An independent reading of the day fields, checking each candidate date directly."""
    length = calendar.monthrange(day.year, day.month)[1]
    kind = rule[0]
    if kind == "every":
        return True
    if kind == "dom":
        return day.day == rule[1]
    if kind == "last":
        return day.day == length
    if kind == "lastweekday":
        last = max(d for d in range(1, length + 1) if _aws_weekday(date(day.year, day.month, d)) not in (1, 7))
        return day.day == last
    if kind == "nearest":
        target = rule[1]
        if target > length:
            return False
        weekdays = [d for d in range(1, length + 1) if _aws_weekday(date(day.year, day.month, d)) not in (1, 7)]
        if _aws_weekday(date(day.year, day.month, target)) not in (1, 7):
            return day.day == target
        # nearest weekday inside the month; on a tie (never happens for weekends) the earlier
        best = min(weekdays, key=lambda d: (abs(d - target), d))
        return day.day == best
    if kind == "weekdays":
        return _aws_weekday(day) in rule[1]
    if kind == "nth":
        return _aws_weekday(day) == rule[1] and (day.day - 1) // 7 + 1 == rule[2]
    if kind == "lastof":
        return _aws_weekday(day) == rule[1] and day.day + 7 > length
    raise AssertionError(kind)


if HAVE_HYPOTHESIS:
    _minutes = st.one_of(
        st.integers(0, 59).map(lambda m: (str(m), {m})),
        st.tuples(st.integers(0, 59), st.integers(5, 60)).map(lambda p: (f"{p[0]}/{p[1]}", set(range(p[0], 60, p[1])))),
    )
    _hours = st.one_of(
        st.just(("*", set(range(24)))),
        st.integers(0, 23).map(lambda h: (str(h), {h})),
        st.tuples(st.integers(0, 23), st.integers(0, 23)).map(
            lambda p: (f"{min(p)}-{max(p)}", set(range(min(p), max(p) + 1)))
        ),
        st.tuples(st.integers(0, 23), st.integers(1, 12)).map(lambda p: (f"{p[0]}/{p[1]}", set(range(p[0], 24, p[1])))),
    )
    _month_names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    _months = st.one_of(
        st.just(("*", set(range(1, 13)))),
        st.integers(1, 12).map(lambda m: (_month_names[m - 1], {m})),
        st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True).map(
            lambda ms: (",".join(str(m) for m in ms), set(ms))
        ),
    )
    _day_names = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    _days = st.one_of(
        st.just(("*", "?", ("every",))),
        st.integers(1, 31).map(lambda d: (str(d), "?", ("dom", d))),
        st.just(("L", "?", ("last",))),
        st.just(("LW", "?", ("lastweekday",))),
        st.integers(1, 31).map(lambda d: (f"{d}W", "?", ("nearest", d))),
        st.just(("?", "*", ("every",))),
        st.just(("?", "MON-FRI", ("weekdays", {2, 3, 4, 5, 6}))),
        st.integers(1, 7).map(lambda w: ("?", _day_names[w - 1], ("weekdays", {w}))),
        st.tuples(st.integers(1, 7), st.integers(1, 5)).map(lambda p: ("?", f"{p[0]}#{p[1]}", ("nth", p[0], p[1]))),
        st.integers(1, 7).map(lambda w: ("?", f"{w}L", ("lastof", w))),
    )
    _years = st.one_of(st.just(("*", None)), st.just(("2026-2030", set(range(2026, 2031)))))

    @settings(max_examples=60, deadline=None)
    @given(
        _minutes,
        _hours,
        _days,
        _months,
        _years,
        st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)),
    )
    def test_fire_times_match_the_fields(
        minute: tuple[str, set[int]],
        hour: tuple[str, set[int]],
        day: tuple[str, str, tuple[Any, ...]],
        month: tuple[str, set[int]],
        year: tuple[str, set[int] | None],
        start: datetime,
    ) -> None:
        expression = f"cron({minute[0]} {hour[0]} {day[0]} {month[0]} {day[1]} {year[0]})"
        try:
            schedule = parse(expression, for_capability="maintenance_window")
        except InvalidScheduleExpression:
            assume(False)
            raise
        after = start.replace(tzinfo=timezone.utc)

        def matches(t: datetime) -> bool:
            return (
                t.second == 0
                and t.minute in minute[1]
                and t.hour in hour[1]
                and t.month in month[1]
                and (year[1] is None or t.year in year[1])
                and _day_matches(day[2], t.date())
            )

        times = list(schedule.fire_times(after, count=20))
        assert all(matches(t) for t in times), expression
        assert all(a < b for a, b in zip([after, *times], times, strict=False)), expression
        # Nothing skipped: every matching minute of the next two days is a fire time.
        window_end = after + timedelta(days=2)
        expected = []
        t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        while t <= window_end:
            if matches(t):
                expected.append(t)
            t += timedelta(minutes=1)
        got = list(schedule.fire_times(after, end_date=window_end + timedelta(seconds=1)))
        assert got == expected, expression

    @settings(max_examples=60, deadline=None)
    @given(
        _minutes,
        _hours,
        _days,
        st.sampled_from([datetime(2026, 3, 7, 12), datetime(2026, 10, 31, 12), datetime(2027, 3, 13, 12)]),
        st.integers(0, 36 * 60),
    )
    def test_fire_times_across_dst_match_a_minute_by_minute_oracle(
        minute: tuple[str, set[int]],
        hour: tuple[str, set[int]],
        day: tuple[str, str, tuple[Any, ...]],
        base: datetime,
        shift_minutes: int,
    ) -> None:
        # Oracle: walk real minutes, read each in New York; a local time runs when it matches and is
        # its first occurrence (fold 0). Gap times never appear on the walk, so they never run.
        expression = f"cron({minute[0]} {hour[0]} {day[0]} * {day[1]} *)"
        try:
            schedule = parse(expression, for_capability="maintenance_window")
        except InvalidScheduleExpression:
            assume(False)
            raise
        tz = ZoneInfo(NY)
        after = base.replace(tzinfo=timezone.utc) + timedelta(minutes=shift_minutes)
        window_end = after + timedelta(days=2)
        expected = []
        t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        while t <= window_end:
            local = t.astimezone(tz)
            if (
                local.fold == 0
                and local.minute in minute[1]
                and local.hour in hour[1]
                and _day_matches(day[2], local.date())
            ):
                expected.append(t)
            t += timedelta(minutes=1)
        got = list(schedule.fire_times(after, end_date=window_end + timedelta(seconds=1), timezone=NY))
        assert got == expected, expression

else:  # pragma: no cover

    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_fire_times_match_the_fields() -> None:
        pass

    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_fire_times_across_dst_match_a_minute_by_minute_oracle() -> None:
        pass


def test_schedule_is_a_frozen_value() -> None:
    schedule = parse("rate(1 hour)", for_capability=M)
    assert isinstance(schedule, Schedule)
    with pytest.raises(AttributeError):
        schedule.expression = "rate(2 hours)"  # type: ignore[misc]
