"""What the association tests share: a shell document, its parameters, tag targets, the
instant the clock is frozen at, and a create call with those defaults."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

SHELL = "AWS-RunShellScript"
WEB = [{"Key": "tag:Role", "Values": ["web"]}]
ECHO = {"commands": ["echo hi"]}
START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def create_association(client: Any, **kwargs: Any) -> dict[str, Any]:
    """CreateAssociation's AssociationDescription; Name, Targets (unless InstanceId) and
    Parameters default to the shell document on the web nodes."""
    kwargs.setdefault("Name", SHELL)
    if "InstanceId" not in kwargs:
        kwargs.setdefault("Targets", WEB)
    kwargs.setdefault("Parameters", ECHO)
    return dict(client.create_association(**kwargs)["AssociationDescription"])
