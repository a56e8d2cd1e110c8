"""The service's clock: real time until a test freezes or advances it.

Every timestamp the fake returns comes from here, and every piece of work that happens
"later" (command progress, maintenance-window runs, expiry) is a timer on this clock, so
a test controls time instead of sleeping::

    with mock_ssm() as ssm:
        ssm.clock.freeze(datetime(2026, 1, 1, tzinfo=timezone.utc))
        ssm.clock.advance(3600)     # runs whatever fell due in that hour, in time order
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

Timer = Callable[[], None]


class Clock:
    """Wall-clock time shifted by an offset, or a frozen instant, plus due timers."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None
        self._timers: list[tuple[datetime, int, Timer]] = []
        self._sequence = itertools.count()
        # How many timers have run: lets the server's state file tell a call that ran timed
        # work (and so changed state) from one that did not.
        self.timers_run = 0

    def now(self) -> datetime:
        """The service's current time, an aware UTC datetime."""
        if self._frozen_at is not None:
            return self._frozen_at
        return datetime.now(timezone.utc) + self._offset

    def freeze(self, at: datetime | None = None) -> None:
        """Stop time at ``at`` (an aware datetime), or at the current time when None."""
        if at is not None:
            _require_aware(at)
        with self._lock:
            target = self.now() if at is None else at.astimezone(timezone.utc)
            self._frozen_at = target
            self.run_due()

    def unfreeze(self) -> None:
        """Let time flow again from the frozen instant onwards."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(timezone.utc)
                self._frozen_at = None

    def advance(self, seconds: float | timedelta) -> None:
        """Move time forward, running each timer that falls due at its own instant."""
        step = _step(seconds)
        with self._lock:
            target = self.now() + step
            while self._timers and self._timers[0][0] <= target:
                when, _, timer = heapq.heappop(self._timers)
                self._set(max(when, self.now()))
                self.timers_run += 1
                timer()
            self._set(target)

    def call_at(self, when: datetime, timer: Timer) -> None:
        """Run ``timer`` once the clock reaches ``when`` (at the next call or advance)."""
        with self._lock:
            heapq.heappush(self._timers, (when, next(self._sequence), timer))

    def run_due(self) -> None:
        """Run the timers whose time has come; the protocol calls this before each request."""
        if not self._timers:
            return
        with self._lock:
            while self._timers and self._timers[0][0] <= self.now():
                _, _, timer = heapq.heappop(self._timers)
                self.timers_run += 1
                timer()

    def _set(self, instant: datetime) -> None:
        if self._frozen_at is not None:
            self._frozen_at = instant
        else:
            self._offset += instant - self.now()


def _require_aware(at: object) -> None:
    example = "e.g. datetime(2030, 1, 1, tzinfo=timezone.utc)"
    if not isinstance(at, datetime):
        raise TypeError(
            f"clock.freeze() takes a datetime with a time zone, {example}; for ISO text pass "
            f"datetime.fromisoformat(text), not {at!r}"
        )
    if at.utcoffset() is None:
        raise ValueError(f"clock.freeze() needs an aware datetime, {example}; got the naive {at!r}")


def _step(seconds: object) -> timedelta:
    """``advance()``'s amount as a timedelta: a finite, non-negative number of seconds or a timedelta."""
    if isinstance(seconds, timedelta):
        step = seconds
    elif isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and math.isfinite(seconds):
        step = timedelta(seconds=seconds)
    else:
        raise TypeError(f"clock.advance() takes a number of seconds or a datetime.timedelta, not {seconds!r}")
    if step < timedelta(0):
        raise ValueError(f"the clock only moves forward; advance() needs a non-negative amount, got {seconds!r}")
    return step
