"""A window's settings: the rules CreateMaintenanceWindow and UpdateMaintenanceWindow share,
and when the window runs next.

Schedules (cron/rate/at, time zones, ScheduleOffset, active period) are the shared
``schedules`` module's; this module adds the window's own rules:

* Cutoff must be less than Duration. The message is the service's, as CloudFormation
  showed it (awsdocs/aws-cloudformation-user-guide#891: "Cuttoff was 12 but must be smaller
  than 5 (Duration - 1 )", spelling included).
* StartDate and EndDate are ISO-8601 extended strings; without an offset they are read in
  the window's time zone ("Reference: Maintenance window scheduling and active period
  options"). EndDate must be after StartDate and in the future.
* ScheduleOffset applies to cron schedules only.

NextExecutionTime and DescribeMaintenanceWindowSchedule show instants as the AWS CLI
examples do (``2020-02-19T16:00Z``), in the window's time zone when it has one
(``2021-11-07T01:30-04:00``).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ... import errors
from ..shared import schedules
from .store import Window, WindowSettings

# The members of a window's settings, as CreateMaintenanceWindow names them.
FIELDS = (
    "Name",
    "Description",
    "StartDate",
    "EndDate",
    "Schedule",
    "ScheduleTimezone",
    "ScheduleOffset",
    "Duration",
    "Cutoff",
    "AllowUnassociatedTargets",
    "Enabled",
)
REQUIRED = ("Name", "Schedule", "Duration", "Cutoff", "AllowUnassociatedTargets")


def window_settings(spec: dict[str, Any], now: datetime, *, new_end_date: bool = True) -> WindowSettings:
    """Check ``spec`` (wire names) as the service does; ValidationException otherwise.
    ``new_end_date``: the request sets EndDate, which must then lie in the future (an
    update that leaves an expired window's EndDate alone is not refused for it)."""
    duration, cutoff = spec["Duration"], spec["Cutoff"]
    if cutoff >= duration:
        raise errors.ValidationException(f"Cuttoff was {cutoff} but must be smaller than {duration} (Duration - 1 )")
    try:
        schedule = schedules.parse(spec["Schedule"], for_capability="maintenance_window")
        zone = schedules.zone(spec.get("ScheduleTimezone"))
    except schedules.InvalidScheduleExpression as error:
        raise errors.ValidationException(str(error)) from None
    if spec.get("ScheduleOffset") is not None and schedule.kind != "cron":
        raise errors.ValidationException("ScheduleOffset can only be specified with a cron expression schedule.")
    start = _date(spec, "StartDate", zone)
    end = _date(spec, "EndDate", zone)
    if end is not None:
        if start is not None and end <= start:
            raise errors.ValidationException("EndDate must be later than StartDate.")
        if new_end_date and end <= now:
            raise errors.ValidationException("EndDate must be in the future.")
    return WindowSettings(spec, schedule, start, end)


def _date(spec: dict[str, Any], name: str, zone: Any) -> datetime | None:
    text = spec.get(name)
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        raise errors.ValidationException(
            f"{name} {text!r} is not a date and time in ISO-8601 extended format, e.g. 2024-01-31T10:00:00Z."
        ) from None
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def next_run(window: Window, after: datetime) -> datetime | None:
    """The first time strictly after ``after`` the window runs, within its active period."""
    settings = window.settings
    spec = settings.spec
    return settings.schedule.next_after(
        after,
        anchor=window.anchor,
        timezone=spec.get("ScheduleTimezone"),
        offset_days=spec.get("ScheduleOffset") or 0,
        start_date=settings.start,
        end_date=settings.end,
    )


def show_time(window: Window, instant: datetime) -> str:
    """``2020-02-19T16:00Z``, or the local time and offset in the window's time zone."""
    name = window.spec.get("ScheduleTimezone")
    if not name or name == "UTC":
        return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    local = instant.astimezone(schedules.zone(name))
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M") + (offset[:3] + ":" + offset[3:] if offset != "+0000" else "Z")
