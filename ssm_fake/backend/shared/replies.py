"""What every capability's replies share: members without a value are left out, as the
service leaves them out (an absent member, not an empty string or list)."""

from __future__ import annotations

from typing import Any


def present(**members: Any) -> dict[str, Any]:
    """The members that have a value."""
    return {key: value for key, value in members.items() if value not in (None, "", [], (), {})}
