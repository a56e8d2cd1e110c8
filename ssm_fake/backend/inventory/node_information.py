"""``AWS:InstanceInformation``: the service keeps it from the managed nodes themselves, so
the fake reads it from the node registry whenever a query asks, never from a copy.

The entry has the members real replies show (the AWS CLI's get-inventory example, and
replies pasted in public repositories): AgentType, AgentVersion, ComputerName, InstanceId,
InstanceStatus, IpAddress, PlatformName, PlatformType, PlatformVersion, ResourceType, in
that (alphabetical) order, and IamRole for hybrid nodes, which the schema lists.
"""

from __future__ import annotations

from typing import Any

from ..instances.nodes import ManagedNode
from .schemas import INSTANCE_INFORMATION, aws_schemas

CAPTURE_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
AGENT_TYPE = "amazon-ssm-agent"
# A node the fake manages is a running one; real replies show "Active" for those.
INSTANCE_STATUS = "Active"
# AWS:InstanceInformation attribute -> the InstanceInformation member it comes from (the
# schema spells ``IpAddress``, the API ``IPAddress``).
_FROM_INFO = {
    "AgentVersion": "AgentVersion",
    "ComputerName": "ComputerName",
    "IamRole": "IamRole",
    "InstanceId": "InstanceId",
    "IpAddress": "IPAddress",
    "PlatformName": "PlatformName",
    "PlatformType": "PlatformType",
    "PlatformVersion": "PlatformVersion",
    "ResourceType": "ResourceType",
}


def information_entry(node: ManagedNode) -> dict[str, str]:
    """The node's one ``AWS:InstanceInformation`` entry."""
    entry = {"AgentType": AGENT_TYPE, "InstanceStatus": INSTANCE_STATUS}
    for attribute, member in _FROM_INFO.items():
        value = node.info.get(member)
        if value is not None:
            entry[attribute] = str(value)
    return dict(sorted(entry.items()))


def information_item(node: ManagedNode) -> dict[str, Any]:
    """The node's ``AWS:InstanceInformation`` item as GetInventory returns it."""
    return {
        "TypeName": INSTANCE_INFORMATION,
        "SchemaVersion": aws_schemas()[INSTANCE_INFORMATION].version,
        "CaptureTime": node.info["RegistrationDate"].strftime(CAPTURE_TIME_FORMAT),
        "Content": [information_entry(node)],
    }
