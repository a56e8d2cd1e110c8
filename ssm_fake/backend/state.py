"""Where the fake keeps its state: one object per capability, per account and region.

Capabilities subclass :class:`RegionState`; a handler asks for its own with
``ctx.state(ParameterStore)`` and gets the instance for the caller's account and region,
created on first use. Nothing else is shared, so accounts and regions stay isolated the
way they are in AWS, and a cross-account feature (shared documents) asks for another
account's state explicitly.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from ..clock import Clock

StateT = TypeVar("StateT", bound="RegionState")
# An AWS account id: twelve ASCII digits.
ACCOUNT_ID = re.compile(r"[0-9]{12}")


class RegionState:
    """Base of every capability's state: knows its account, region and the whole service."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        self.service = service
        self.account_id = account_id
        self.region = region

    def arn(self, resource: str) -> str:
        """An ARN in this account and region: ``arn(f"parameter{name}")``."""
        return f"arn:aws:ssm:{self.region}:{self.account_id}:{resource}"


class ServiceState:
    """All state of one active mock: every account's and region's capabilities, and the clock."""

    def __init__(self, default_account: str, default_region: str) -> None:
        self.lock = threading.RLock()
        self.clock = Clock(self.lock)
        self.default_account = default_account
        self.default_region = default_region
        self._states: dict[tuple[type[RegionState], str, str], RegionState] = {}

    def clear(self) -> None:
        """Drop every resource and pending timer; the lock stays, so callers in flight are safe."""
        with self.lock:
            self._states.clear()
            self.clock = Clock(self.lock)

    def state(self, kind: type[StateT], account_id: str, region: str) -> StateT:
        key = (kind, account_id, region)
        found = self._states.get(key)
        if found is None:
            found = self._states[key] = kind(self, account_id, region)
        return found  # type: ignore[return-value]

    def existing(self, kind: type[StateT]) -> list[StateT]:
        """Every instance of ``kind`` created so far, across accounts and regions."""
        return [s for (k, _, _), s in self._states.items() if k is kind]  # type: ignore[misc]


@dataclass(slots=True)
class RequestContext:
    """Who is calling, where, and when: what a handler needs besides the request body."""

    service: ServiceState
    account_id: str
    region: str
    request_id: str
    now: datetime

    def state(self, kind: type[StateT]) -> StateT:
        return self.service.state(kind, self.account_id, self.region)
