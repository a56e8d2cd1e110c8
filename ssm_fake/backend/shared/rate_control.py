"""MaxConcurrency and MaxErrors: how many targets run at once and how many may fail before
the rest are stopped — the same rules for Run Command, associations, maintenance-window
tasks and rate-controlled automation.

The rules, from the user guide's "Run commands at scale" (Using concurrency controls /
Using error controls) and the data types' documentation in the API model:

* Both are a number of targets (``"10"``) or a percentage of the target count (``"10%"``);
  the model's pattern already refuses anything else.
* A concurrency percentage rounds up and is at least one target: "If you specify a
  percentage, the system calculates the number of targets [...] rounded up".
  An error percentage rounds down: ``"10%"`` of 5 targets allows no error.
* Ramp-up: "The queueing system delivers the command to a single instance and waits until
  the initial invocation completes before sending the command to two more instances. The
  system exponentially sends commands to more instances until the value of max-concurrency
  is met." — here: one more target may start for each completed one, up to the limit.
* "When the number of errors exceeds the value of MaxErrors, the system stops sending the
  command to additional targets" — more than MaxErrors, not as many.

What counts as an error is the capability's own rule (Run Command counts Failed and
ExecutionTimedOut invocations); this module only counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def as_count(value: str, total: int, *, at_least_one: bool) -> int:
    """``value`` ("N" or "N%") as a number of targets out of ``total``."""
    if value.endswith("%"):
        share = int(value[:-1]) * total / 100
        count = math.ceil(share) if at_least_one else math.floor(share)
    else:
        count = int(value)
    return max(count, 1) if at_least_one else count


@dataclass(frozen=True, slots=True)
class RateControl:
    """The two limits of one run over ``total`` targets."""

    max_concurrency: str
    max_errors: str
    total: int

    @property
    def concurrency(self) -> int:
        """How many targets may run at once, once the ramp-up is over."""
        return as_count(self.max_concurrency, self.total, at_least_one=True)

    @property
    def allowed_errors(self) -> int:
        """How many targets may fail before the rest are stopped."""
        return as_count(self.max_errors, self.total, at_least_one=False)

    def window(self, completed: int) -> int:
        """How many may be running now that ``completed`` have ended (the ramp-up)."""
        return min(self.concurrency, completed + 1)

    def may_start(self, running: int, completed: int) -> int:
        """How many more targets may start now."""
        return max(self.window(completed) - running, 0)

    def exceeded(self, errors: int) -> bool:
        """True once more targets failed than MaxErrors allows: start no more."""
        return errors > self.allowed_errors
