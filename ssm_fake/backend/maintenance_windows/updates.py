"""What UpdateMaintenanceWindowTarget and UpdateMaintenanceWindowTask share: how an update
request becomes the new settings. Without ``Replace`` the members given overwrite the
stored ones; with ``Replace`` the members given are the whole new settings ("If True, then
all fields that are required by the Register action are also required for this API
request. Optional fields that aren't specified are set to null", the model's
documentation), so the Register action's required member must be among them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import ValidationException


def updated_spec(
    stored: Mapping[str, Any],
    request: Mapping[str, Any],
    fields: tuple[str, ...],
    *,
    kept: str,
    required: str,
    register_action: str,
) -> dict[str, Any]:
    """The settings after the update; ``kept`` (the resource or task type) never changes."""
    given = {name: request[name] for name in fields if name in request}
    if not request.get("Replace"):
        return {**stored, **given}
    if required not in given:
        raise ValidationException(f"With Replace, {required} must be given: {register_action} requires it.")
    return {kept: stored[kept], **given}
