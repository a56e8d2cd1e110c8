"""``AdminClient``: the handle's controls for a server in another process.

    admin = AdminClient("http://127.0.0.1:4583")
    instance_id = admin.add_instance(platform="Linux", tags={"role": "web"})
    admin.set_command_outcome(status="Failed", response_code=2, stderr="boom")
    admin.clock.advance(60)
    assert admin.calls[-1].event_name == "SendCommand"

Its methods take the same arguments as ``SSMFake``'s and go through the admin path
(``/_ssm_fake/...``); it uses only the standard library.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from ..journal import CallRecord
from .admin import PREFIX, record_from_json


class AdminError(Exception):
    """The server refused an admin request: ``code`` and ``message`` say why."""

    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


class AdminClient:
    """Steers an ``ssm-fake serve`` server at ``endpoint_url`` as ``SSMFake`` steers the in-process fake."""

    def __init__(self, endpoint_url: str, *, timeout: float = 30) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.timeout = timeout
        self.clock = RemoteClock(self)

    def health(self) -> dict[str, Any]:
        """``{"status": "ok", "account_id": ..., "region": ...}`` once the server answers."""
        return self.get("health")

    def reset(self) -> None:
        """Forget everything (with a state file, the file is emptied too)."""
        self.post("reset", {})

    def add_instance(self, instance_id: str | None = None, **options: Any) -> str:
        """A running EC2 instance under management; options as ``SSMFake.add_instance``."""
        return str(self.post("instances", {"instance_id": instance_id, **options})["InstanceId"])

    def register_instance(self, activation_id: str, activation_code: str, **options: Any) -> str:
        """Register a hybrid node with an activation; returns its ``mi-`` id."""
        args = {"activation_id": activation_id, "activation_code": activation_code, **options}
        return str(self.post("instances/register", args)["InstanceId"])

    def set_command_outcome(self, **options: Any) -> None:
        """How later matching command invocations end; options as ``SSMFake.set_command_outcome``."""
        self.post("command-outcomes", options)

    def inject_error(self, operation: str, code: str, *, message: str = "", times: int = 1, status: int = 400) -> None:
        """The next ``times`` calls of ``operation`` fail with ``code``."""
        self.post(
            "errors", {"operation": operation, "code": code, "message": message, "times": times, "status": status}
        )

    def credentials(self, account_id: str) -> dict[str, str]:
        """Client keyword arguments whose calls act as ``account_id``."""
        return {str(k): str(v) for k, v in self.get("credentials", account_id=account_id).items()}

    @property
    def calls(self) -> list[CallRecord]:
        """Every call the server answered since it started (or was reset), in order."""
        return [record_from_json(record) for record in self.get("calls")["calls"]]

    def get(self, action: str, **query: str) -> dict[str, Any]:
        suffix = f"?{urlencode(query)}" if query else ""
        return self._send(urllib.request.Request(f"{self.endpoint_url}{PREFIX}{action}{suffix}", method="GET"))

    def post(self, action: str, args: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.endpoint_url}{PREFIX}{action}",
            data=json.dumps(args).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> dict[str, Any]:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply: dict[str, Any] = json.loads(response.read())
                return reply
        except urllib.error.HTTPError as refused:
            try:
                body = json.loads(refused.read())
            except ValueError:
                body = {}
            raise AdminError(body.get("__type", "Error"), body.get("message", str(refused)), refused.code) from None


class RemoteClock:
    """The server's clock, with ``Clock``'s methods."""

    def __init__(self, admin: AdminClient) -> None:
        self._admin = admin

    def now(self) -> datetime:
        return datetime.fromisoformat(self._admin.get("clock")["now"])

    def freeze(self, at: datetime | None = None) -> None:
        if at is not None and at.tzinfo is None:
            raise ValueError("freeze() needs an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)")
        self._admin.post("clock/freeze", {} if at is None else {"at": at.isoformat()})

    def advance(self, seconds: float | timedelta) -> None:
        step = seconds.total_seconds() if isinstance(seconds, timedelta) else seconds
        self._admin.post("clock/advance", {"seconds": step})

    def unfreeze(self) -> None:
        self._admin.post("clock/unfreeze", {})
