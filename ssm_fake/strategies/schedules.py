"""Schedule expressions the shared schedules module accepts, within each capability's bounds
(``backend/shared/schedules.py``): associations take rates from 30 minutes to 30 days and crons
no more often than every 30 minutes; maintenance windows any positive rate of hours or days."""

from __future__ import annotations

from hypothesis import strategies as st

_DAYS_OF_WEEK = ("*", "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "MON-FRI")


def _rate(number: int, unit: str) -> str:
    return f"rate({number} {unit if number == 1 else unit + 's'})"


def crons() -> st.SearchStrategy[str]:
    """Daily, weekly or monthly crons: one of day-of-month and day-of-week is ``?``."""
    weekly = st.builds(
        lambda minute, hour, day: f"cron({minute} {hour} ? * {day} *)",
        st.integers(0, 59),
        st.integers(0, 23),
        st.sampled_from(_DAYS_OF_WEEK),
    )
    monthly = st.builds(
        lambda minute, hour, day: f"cron({minute} {hour} {day} * ? *)",
        st.integers(0, 59),
        st.integers(0, 23),
        st.integers(1, 28),
    )
    return weekly | monthly


def association_schedules() -> st.SearchStrategy[str]:
    rates = st.one_of(
        st.integers(30, 600).map(lambda n: _rate(n, "minute")),
        st.integers(1, 720).map(lambda n: _rate(n, "hour")),
        st.integers(1, 30).map(lambda n: _rate(n, "day")),
    )
    return rates | crons()


def window_schedules() -> st.SearchStrategy[str]:
    rates = st.one_of(
        st.integers(1, 48).map(lambda n: _rate(n, "hour")),
        st.integers(1, 30).map(lambda n: _rate(n, "day")),
    )
    return rates | crons()
