"""Schedule expressions of State Manager associations and maintenance windows: parse, validate, iterate.

Both capabilities take the same three forms of schedule, so both read them here:

* ``cron(minutes hours day-of-month month day-of-week year)``, with an optional leading
  Seconds field (7 fields);
* ``rate(N unit)`` with unit ``minute``/``minutes``/``hour``/``hours``/``day``/``days``;
* ``at(yyyy-mm-ddThh:mm:ss)``, one run.

Sources (AWS Systems Manager User Guide): "Reference: Cron and rate expressions for Systems
Manager" (fields, wildcards, 1-7 = SUN-SAT, singular unit only for 1, association bounds: rates
of 30 minutes or more and less than 31 days, Seconds field only 0; cron faster than 5 minutes not
supported; schedule offsets for cron only; an offset whose cron day has already passed waits for
the next period) and "Reference: Maintenance window scheduling and active period options" (IANA
time zones; start and end dates bound the active period and do not move the schedule). The API
reference (CreateAssociation, CreateMaintenanceWindow) gives ScheduleOffset 1-6 for both.

Hand-written rather than croniter: the service numbers days of the week 1-7 = SUN-SAT, has a
Year field, and requires exactly one of day-of-month / day-of-week to be ``?``; none of these is
croniter's default dialect. Iteration steps field by field (year, month, matching days of that
month, hours, minutes), never minute by minute, and ends at the last year the Year field allows.

Every datetime in and out is timezone-aware; results are UTC. Nothing here reads the wall clock:
callers pass the fake's clock time.

Time zones use :mod:`zoneinfo` over the system tz database (present on Linux); the ``tzdata``
package is not required but is used by zoneinfo when installed. DST: a cron time in the
spring-forward gap does not run; a local time repeated at fall-back runs once, at its first
occurrence. AWS documents neither for Systems Manager; this follows what AWS documents for
EventBridge Scheduler (AWS re:Post Knowledge Center, on adjusting EventBridge schedules for
daylight saving time: a cron time that does not exist is skipped, a repeated one runs once). An
at() time in the gap is not dropped: it runs at the offset before the change (02:30 EST, i.e.
03:30 EDT).
"""

from __future__ import annotations

import bisect
import calendar
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "InvalidScheduleExpression",
    "Schedule",
    "parse",
    "zone",
]

Capability = Literal["association", "maintenance_window"]
Kind = Literal["cron", "rate", "at"]


class InvalidScheduleExpression(ValueError):
    """The expression (or a schedule option) is not one the service accepts.

    Associations map it to ``InvalidSchedule`` (botocore's model documents that error as "The
    schedule is invalid. Verify your cron or rate expression and try again."), maintenance
    windows to ``ValidationException``. No error text from the real service was found in public
    issue threads (searches for InvalidSchedule / Terraform aws_ssm_association and
    aws_ssm_maintenance_window errors found only EventBridge's "Parameter ScheduleExpression is
    not valid."), so the other messages here are from the documentation.
    """


# --- bounds per capability (from the documentation) -------------------------------------------

_YEAR_MIN, _YEAR_MAX = 1970, 2199
_ASSOCIATION_RATE_MIN = timedelta(minutes=30)
_ASSOCIATION_RATE_MAX_EXCLUSIVE = timedelta(days=31)
_MIN_CRON_GAP_MINUTES: dict[Capability, int] = {"association": 30, "maintenance_window": 5}
_OFFSET_MAX = 6
# Largest difference between two UTC offsets of one zone around a date: a bound on how far DST can
# move a local time (1 h almost everywhere, 2 h at most in today's database).
_MAX_SHIFT = timedelta(hours=3)

_MONTHS = {
    name: i + 1
    for i, name in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
}
_DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_AT = re.compile(r"at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)")
_CRON = re.compile(r"cron\((.*)\)")
_UNITS = {"minute": timedelta(minutes=1), "hour": timedelta(hours=1), "day": timedelta(days=1)}


def zone(name: str | None) -> tzinfo:
    """The IANA zone ``name`` (UTC when None); an unknown name raises InvalidScheduleExpression."""
    if name is None or name == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidScheduleExpression(f"Invalid time zone: {name}") from error


@dataclass(frozen=True)
class _DaySpec:
    """Which days of a month run: from day-of-month or from day-of-week, never both."""

    days: frozenset[int] = frozenset()  # plain day-of-month values
    last: bool = False  # L: last day of month
    last_weekday: bool = False  # LW
    nearest_weekday: int = 0  # nW
    weekdays: frozenset[int] = frozenset()  # day-of-week values 1-7
    last_of_week: int = 0  # nL: last <weekday> of the month
    nth: tuple[int, int] = (0, 0)  # (weekday, k): k-th <weekday> of the month

    def in_month(self, year: int, month: int) -> list[int]:
        first_weekday, length = calendar.monthrange(year, month)
        aws_first = (first_weekday + 1) % 7 + 1  # service weekday of day 1

        def weekday_of(day: int) -> int:
            return (aws_first - 1 + day - 1) % 7 + 1

        if self.last:
            return [length]
        if self.last_weekday:
            day = length
            while weekday_of(day) in (1, 7):
                day -= 1
            return [day]
        if self.nearest_weekday:
            n = self.nearest_weekday
            if n > length:
                return []
            wd = weekday_of(n)
            if wd == 7:  # Saturday: the Friday before, or Monday after when that leaves the month
                return [n - 1] if n > 1 else [n + 2]
            if wd == 1:  # Sunday: the Monday after, or the Friday before at the month's end
                return [n + 1] if n < length else [n - 2]
            return [n]
        if self.last_of_week:
            day = length
            while weekday_of(day) != self.last_of_week:
                day -= 1
            return [day]
        if self.nth[0]:
            weekday, k = self.nth
            first = 1 + (weekday - aws_first) % 7
            day = first + 7 * (k - 1)
            return [day] if day <= length else []
        if self.weekdays:
            return [d for d in range(1, length + 1) if weekday_of(d) in self.weekdays]
        return sorted(d for d in self.days if d <= length)


@dataclass(frozen=True)
class _Cron:
    second: int
    minutes: tuple[int, ...]
    hours: tuple[int, ...]
    months: tuple[int, ...]
    years: tuple[int, ...]
    day_spec: _DaySpec

    def next_local(self, t: datetime) -> datetime | None:
        """The first naive local time >= ``t`` that the fields match, or None past the Year field."""
        if t.second > self.second or t.microsecond:
            t = t.replace(second=0, microsecond=0) + timedelta(minutes=1)
        t = t.replace(second=self.second)
        for year in self.years[bisect.bisect_left(self.years, t.year) :]:
            same_year = year == t.year
            for month in self.months[bisect.bisect_left(self.months, t.month) if same_year else 0 :]:
                same_month = same_year and month == t.month
                days = _days_in_month(self.day_spec, year, month)
                for day in days[bisect.bisect_left(days, t.day) if same_month else 0 :]:
                    same_day = same_month and day == t.day
                    for hour in self.hours[bisect.bisect_left(self.hours, t.hour) if same_day else 0 :]:
                        same_hour = same_day and hour == t.hour
                        first = bisect.bisect_left(self.minutes, t.minute) if same_hour else 0
                        if first < len(self.minutes):
                            return datetime(year, month, day, hour, self.minutes[first], self.second)
        return None


@functools.lru_cache(maxsize=4096)
def _days_in_month(spec: _DaySpec, year: int, month: int) -> list[int]:
    return spec.in_month(year, month)


def _to_utc(local: datetime, tz: tzinfo) -> datetime:
    """A naive local time read in ``tz`` (fold=0: a gap time moves forward, a repeated time is the first)."""
    return local.replace(tzinfo=tz, fold=0).astimezone(timezone.utc)


def _existing_utc(local: datetime, tz: tzinfo) -> datetime | None:
    """Like _to_utc, but None for a local time that does not exist (the spring-forward gap)."""
    instant = _to_utc(local, tz)
    return instant if _local(instant, tz) == local else None


def _shift_near(instant: datetime, tz: tzinfo) -> timedelta:
    """How far a DST change within _MAX_SHIFT of ``instant`` moves local time (0 when there is none)."""
    if tz is timezone.utc:
        return timedelta(0)
    before = (instant - _MAX_SHIFT).astimezone(tz).utcoffset()
    after = (instant + _MAX_SHIFT).astimezone(tz).utcoffset()
    assert before is not None and after is not None
    return abs(after - before)


def _local(instant: datetime, tz: tzinfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(timezone.utc)


@dataclass(frozen=True)
class Schedule:
    """A parsed, valid schedule expression. Build it with :func:`parse`."""

    expression: str
    kind: Kind
    _cron: _Cron | None = field(default=None, repr=False, compare=False)
    _interval: timedelta | None = field(default=None, repr=False, compare=False)
    _at: datetime | None = field(default=None, repr=False, compare=False)  # naive, read in the time zone

    @property
    def interval(self) -> timedelta | None:
        """A rate's interval; None for cron and at."""
        return self._interval

    def next_after(
        self,
        instant: datetime,
        *,
        anchor: datetime | None = None,
        timezone: str | None = None,
        offset_days: int = 0,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
    ) -> datetime | None:
        """The first fire time strictly after ``instant`` (UTC), or None when there is none.

        ``anchor``: for rate, the instant fire times count from (anchor + k * interval, k >= 0;
        required); for cron, cron times at or before it never run, even when their offset time is
        later (the service's "already passed in the current period" rule). ``timezone``: IANA
        name the cron fields and the at() time are read in (rate ignores it: intervals are
        absolute). ``offset_days``: ScheduleOffset, cron only, shifts each cron time by whole
        local days. ``start_date`` (inclusive) and ``end_date`` (exclusive) bound the fire times.
        """
        instant = _aware(instant, "instant")
        tz = zone(timezone)
        start = _aware(start_date, "start_date") if start_date is not None else None
        end = _aware(end_date, "end_date") if end_date is not None else None
        anchor_utc = _aware(anchor, "anchor") if anchor is not None else None
        if offset_days and self.kind != "cron":
            raise InvalidScheduleExpression("ScheduleOffset is supported only for cron expressions")
        if not 0 <= offset_days <= _OFFSET_MAX:
            raise InvalidScheduleExpression(f"ScheduleOffset must be between 1 and {_OFFSET_MAX}")
        if self.kind == "rate":
            fire = self._next_rate(instant, anchor_utc, start)
        elif self.kind == "at":
            assert self._at is not None
            fire = _to_utc(self._at, tz)
            if fire <= instant or (start is not None and fire < start):
                fire = None
        else:
            fire = self._next_cron(instant, tz, offset_days, anchor_utc, start, end)
        if fire is None or (end is not None and fire >= end):
            return None
        return fire

    def fire_times(
        self,
        after: datetime,
        *,
        count: int | None = None,
        anchor: datetime | None = None,
        timezone: str | None = None,
        offset_days: int = 0,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
    ) -> Iterator[datetime]:
        """Fire times strictly after ``after``, increasing; at most ``count`` of them when given.

        Without ``count`` or ``end_date`` a cron or rate schedule yields until year 2199.
        """
        produced = 0
        current = after
        while count is None or produced < count:
            nxt = self.next_after(
                current,
                anchor=anchor,
                timezone=timezone,
                offset_days=offset_days,
                start_date=start_date,
                end_date=end_date,
            )
            if nxt is None:
                return
            yield nxt
            produced += 1
            current = nxt

    def _next_rate(self, instant: datetime, anchor: datetime | None, start: datetime | None) -> datetime | None:
        assert self._interval is not None
        if anchor is None:
            if start is None:
                raise ValueError("a rate schedule needs an anchor (creation time or StartDate)")
            anchor = start
        step = self._interval
        k = 0 if instant < anchor else (instant - anchor) // step + 1
        if start is not None and start > anchor:
            k = max(k, -((anchor - start) // step))  # ceil((start - anchor) / step)
        fire = anchor + k * step
        if fire.year > _YEAR_MAX:
            return None
        return fire

    def _next_cron(
        self,
        instant: datetime,
        tz: tzinfo,
        offset_days: int,
        anchor: datetime | None,
        start: datetime | None,
        end: datetime | None,
    ) -> datetime | None:
        cron = self._cron
        assert cron is not None
        offset = timedelta(days=offset_days)
        lower = instant if start is None or start <= instant else start - timedelta(microseconds=1)
        # Local time runs backwards or skips only near a DST change, so candidates are searched from a
        # little before the instant, and past the best one found, only when a change is that close.
        search_from = _local(lower, tz) - offset - _shift_near(lower, tz)
        if anchor is not None:  # cron times at or before the anchor never run: start past them
            search_from = max(search_from, _local(anchor, tz) - _shift_near(anchor, tz))
        best: datetime | None = None
        best_local: datetime | None = None
        best_margin = timedelta(0)
        candidate = cron.next_local(search_from)
        while candidate is not None:
            shifted = candidate + offset
            if best_local is not None and shifted > best_local + best_margin:
                break
            fire = _existing_utc(shifted, tz)
            if fire is None:  # skipped at spring-forward, as EventBridge Scheduler does
                candidate = cron.next_local(candidate + timedelta(seconds=1))
                continue
            if end is not None and best is None and fire - _MAX_SHIFT >= end:
                return None
            if fire > lower and (anchor is None or _to_utc(candidate, tz) > anchor) and (best is None or fire < best):
                best, best_local, best_margin = fire, shifted, _shift_near(fire, tz)
            candidate = cron.next_local(candidate + timedelta(seconds=1))
        return best


# --- parsing -----------------------------------------------------------------------------------


def _invalid(expression: str, why: str) -> InvalidScheduleExpression:
    return InvalidScheduleExpression(f"Schedule expression {expression!r} is invalid: {why}")


def _value(token: str, lo: int, hi: int, names: dict[str, int] | None, what: str) -> int:
    if names is not None and token.upper() in names:
        return names[token.upper()]
    if not token.isdigit():
        raise ValueError(f"{what}: {token!r} is not a valid value")
    number = int(token)
    if not lo <= number <= hi:
        raise ValueError(f"{what}: {number} is outside {lo}-{hi}")
    return number


def _span(lo: int, hi: int, a: int, b: int) -> list[int]:
    """a..b inclusive, wrapping past hi back to lo (FRI-MON, 22-2)."""
    if a <= b:
        return list(range(a, b + 1))
    return list(range(a, hi + 1)) + list(range(lo, b + 1))


def _field(text: str, lo: int, hi: int, names: dict[str, int] | None, what: str, wrap: bool = True) -> tuple[int, ...]:
    values: set[int] = set()
    for item in text.split(","):
        if not item:
            raise ValueError(f"{what}: empty list item")
        base, slash, step_text = item.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or not 1 <= int(step_text) <= hi - lo + 1:
                raise ValueError(f"{what}: increment {step_text!r} is not valid")
            step = int(step_text)
        if base == "*":
            span = list(range(lo, hi + 1))
        elif "-" in base:
            a_text, _, b_text = base.partition("-")
            a = _value(a_text, lo, hi, names, what)
            b = _value(b_text, lo, hi, names, what)
            if a > b and not wrap:
                raise ValueError(f"{what}: range {base} runs backwards")
            span = _span(lo, hi, a, b)
        else:
            a = _value(base, lo, hi, names, what)
            span = list(range(a, hi + 1)) if slash else [a]
        values.update(span[::step])
    return tuple(sorted(values))


def _day_of_month(text: str) -> _DaySpec:
    upper = text.upper()
    if upper == "L":
        return _DaySpec(last=True)
    if upper == "LW":
        return _DaySpec(last_weekday=True)
    if upper.endswith("W"):
        return _DaySpec(nearest_weekday=_value(upper[:-1], 1, 31, None, "day-of-month"))
    return _DaySpec(days=frozenset(_field(text, 1, 31, None, "day-of-month")))


def _day_of_week(text: str) -> _DaySpec:
    upper = text.upper()
    if upper == "L":
        return _DaySpec(weekdays=frozenset({7}))  # the last day of the week: Saturday
    if "#" in upper:
        day_text, _, k_text = upper.partition("#")
        if not k_text.isdigit() or not 1 <= int(k_text) <= 5:
            raise ValueError(f"day-of-week: {text!r}: the occurrence after # must be 1-5")
        return _DaySpec(nth=(_value(day_text, 1, 7, _DAYS, "day-of-week"), int(k_text)))
    if upper.endswith("L"):
        return _DaySpec(last_of_week=_value(upper[:-1], 1, 7, _DAYS, "day-of-week"))
    return _DaySpec(weekdays=frozenset(_field(text, 1, 7, _DAYS, "day-of-week")))


def _min_gap_minutes(minutes: tuple[int, ...], hours: tuple[int, ...]) -> int:
    times = sorted(h * 60 + m for h in hours for m in minutes)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    gaps.append(1440 - times[-1] + times[0])
    return min(gaps)


def _parse_cron(expression: str, body: str, capability: Capability) -> _Cron:
    fields = body.split()
    if len(fields) == 7:
        seconds_text, fields = fields[0], fields[1:]
        if not seconds_text.isdigit() or int(seconds_text) > 59:
            raise _invalid(expression, "the Seconds field must be a single value 0-59")
        second = int(seconds_text)
        if capability == "association" and second != 0:
            raise _invalid(expression, "associations accept only 0 in the Seconds field")
    elif len(fields) == 6:
        second = 0
    else:
        raise _invalid(expression, f"cron expressions have 6 fields (or 7 with Seconds), not {len(fields)}")
    minute_text, hour_text, dom_text, month_text, dow_text, year_text = fields
    if (dom_text == "?") == (dow_text == "?"):
        raise _invalid(expression, "exactly one of day-of-month and day-of-week must be ?")
    try:
        minutes = _field(minute_text, 0, 59, None, "minutes")
        hours = _field(hour_text, 0, 23, None, "hours")
        months = _field(month_text, 1, 12, _MONTHS, "month")
        years = _field(year_text, _YEAR_MIN, _YEAR_MAX, None, "year", wrap=False)
        day_spec = _day_of_week(dow_text) if dom_text == "?" else _day_of_month(dom_text)
    except ValueError as error:
        raise _invalid(expression, str(error)) from None
    limit = _MIN_CRON_GAP_MINUTES[capability]
    if _min_gap_minutes(minutes, hours) < limit:
        raise _invalid(expression, f"runs more often than every {limit} minutes")
    return _Cron(second, minutes, hours, months, years, day_spec)


def parse(expression: str, *, for_capability: Capability) -> Schedule:
    """Parse and validate ``expression`` as ``for_capability`` accepts it.

    Raises InvalidScheduleExpression for anything the service refuses (as documented).
    """
    if not isinstance(expression, str):
        raise InvalidScheduleExpression("Schedule expression must be a string")
    cron = _CRON.fullmatch(expression)
    if cron:
        return Schedule(expression, "cron", _cron=_parse_cron(expression, cron.group(1), for_capability))
    rate = _RATE.fullmatch(expression)
    if rate:
        number, unit = int(rate.group(1)), rate.group(2)
        if number < 1:
            raise _invalid(expression, "the value must be a positive number")
        if (number == 1) != (not unit.endswith("s")):
            raise _invalid(expression, "the unit must be singular for 1 and plural otherwise")
        interval = number * _UNITS[unit.rstrip("s")]
        if for_capability == "association" and not (
            _ASSOCIATION_RATE_MIN <= interval < _ASSOCIATION_RATE_MAX_EXCLUSIVE
        ):
            raise _invalid(expression, "associations accept rates of 30 minutes or more and less than 31 days")
        return Schedule(expression, "rate", _interval=interval)
    at = _AT.fullmatch(expression)
    if at:
        try:
            year, month, day, hour, minute, second = (int(part) for part in at.groups())
            when = datetime(year, month, day, hour, minute, second)
        except ValueError:
            raise _invalid(expression, "not a valid date and time") from None
        return Schedule(expression, "at", _at=when)
    raise _invalid(expression, "expected cron(...), rate(...) or at(yyyy-mm-ddThh:mm:ss)")
