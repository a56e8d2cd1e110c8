"""``AWS:InstanceInformation``: the service keeps it from the managed nodes themselves, so
the fake reads it from the node registry whenever a query asks, never from a copy."""

from __future__ import annotations

from typing import Any

from ..instances.nodes import ManagedNode
from .schemas import INSTANCE_INFORMATION, aws_schemas

CAPTURE_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
AGENT_TYPE = "amazon-ssm-agent"
# InstanceInformation member -> AWS:InstanceInformation attribute, where they differ only
# in name (the schema spells ``IpAddress``; the API ``IPAddress``).
_FROM_INFO = {
    "AgentVersion": "AgentVersion",
    "ComputerName": "ComputerName",
    "IamRole": "IamRole",
    "InstanceId": "InstanceId",
    "IPAddress": "IpAddress",
    "PlatformName": "PlatformName",
    "PlatformType": "PlatformType",
    "PlatformVersion": "PlatformVersion",
    "ResourceType": "ResourceType",
    "PingStatus": "AgentStatus",
}


def information_entry(node: ManagedNode) -> dict[str, str]:
    """The node's one ``AWS:InstanceInformation`` entry."""
    entry = {"AgentType": AGENT_TYPE}
    for member, attribute in _FROM_INFO.items():
        value = node.info.get(member)
        if value is not None:
            entry[attribute] = str(value)
    # A managed node the fake knows is a running one; the service reports "Active".
    entry["InstanceStatus"] = "Active"
    return entry


def information_item(node: ManagedNode) -> dict[str, Any]:
    """The node's ``AWS:InstanceInformation`` item as GetInventory returns it."""
    return {
        "TypeName": INSTANCE_INFORMATION,
        "SchemaVersion": aws_schemas()[INSTANCE_INFORMATION].version,
        "CaptureTime": node.info["RegistrationDate"].strftime(CAPTURE_TIME_FORMAT),
        "Content": [information_entry(node)],
    }
