"""Inventory items for the inventory tests: well-formed by default, any field overridable."""

from __future__ import annotations

from typing import Any

CAPTURE_TIME = "2026-03-01T12:00:00Z"


def item(
    type_name: str = "Custom:RackInfo", content: list[dict[str, str]] | None = None, **fields: Any
) -> dict[str, Any]:
    versions = {"AWS:Application": "1.1"}
    built: dict[str, Any] = {
        "TypeName": type_name,
        "SchemaVersion": versions.get(type_name, "1.0"),
        "CaptureTime": CAPTURE_TIME,
        "Content": content if content is not None else [{"RackLocation": "Bay B/Row C"}],
    }
    built.update(fields)
    return built


def application(name: str, version: str = "1.0", **attributes: str) -> dict[str, str]:
    return {"Name": name, "Version": version, **attributes}


def put_applications(client: Any, instance_id: str, *entries: dict[str, str]) -> None:
    client.put_inventory(InstanceId=instance_id, Items=[item("AWS:Application", list(entries))])
