"""Managed nodes: the EC2 instances and hybrid machines SSM can reach, and the activations
that let hybrid machines register.

Tests put nodes under management through the handle (``ssm.add_instance()`` for an EC2
instance, ``ssm.register_instance(activation_id, code)`` for what the agent does on a
hybrid machine); the API then sees them in DescribeInstanceInformation, can tag
(``ManagedInstance``), re-role and deregister hybrid ones, and Run Command targets them
through :func:`resolve_targets` and :func:`require_online`.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from botocore.model import StructureShape

from ... import errors, model
from ..registry import Reply, Request, handles
from ..shared.tags import taggable
from ..shared.targets import select
from ..state import RegionState, RequestContext, ServiceState

PLATFORMS = ("Linux", "Windows", "MacOS")
PING_STATUSES = ("Online", "ConnectionLost", "Inactive")
EC2_INSTANCE_ID = re.compile(r"i-(\w{8}|\w{17})")
ANY_INSTANCE_ID = re.compile(r"(i-(\w{8}|\w{17}))|(mi-\w{17})")
DEFAULT_AGENT_VERSION = "3.3.1142.0"
# What a fresh node reports about its operating system, per platform.
_PLATFORM_DEFAULTS = {
    "Linux": ("Amazon Linux", "2023"),
    "Windows": ("Microsoft Windows Server 2022 Datacenter", "10.0.20348"),
    "MacOS": ("macOS", "14.5"),
}
_PYTHON_TYPES: dict[str, type] = {"string": str, "boolean": bool, "timestamp": datetime, "structure": dict}
# Fields of InstanceInformation the handle sets itself; the rest are free ``**attributes``.
_OWN_FIELDS = frozenset(
    {"InstanceId", "PingStatus", "PlatformType", "ResourceType", "ActivationId", "RegistrationDate"}
)


@dataclass(eq=False)
class ManagedNode:
    """One managed node; ``info`` holds its InstanceInformation in wire names."""

    instance_id: str
    seq: int
    info: dict[str, Any]
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def platform_type(self) -> str:
        return str(self.info["PlatformType"])

    @property
    def is_online(self) -> bool:
        return bool(self.info["PingStatus"] == "Online")

    @property
    def name(self) -> str:
        return str(self.info.get("Name", ""))

    def describe(self, now: datetime) -> dict[str, Any]:
        """The InstanceInformation entry; an online agent has pinged just now."""
        reply = dict(self.info)
        if self.is_online:
            reply["LastPingDateTime"] = now
        return reply


@dataclass(eq=False)
class Activation:
    """A CreateActivation result: the id/code pair hybrid machines register with."""

    activation_id: str
    code: str
    seq: int
    iam_role: str
    description: str
    default_instance_name: str
    registration_limit: int
    expiration_date: datetime
    created_date: datetime
    tags: dict[str, str]
    registrations_count: int = 0

    def expired(self, now: datetime) -> bool:
        return now >= self.expiration_date


class InstanceRegistry(RegionState):
    """The managed nodes and activations of one account and region."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.nodes: dict[str, ManagedNode] = {}
        self.activations: dict[str, Activation] = {}
        # Ids of deleted activations: using one again is InvalidActivation ("The activation
        # might have been deleted"), not the InvalidActivationId of an id never issued.
        self.deleted_activations: set[str] = set()
        # Ids of deregistered nodes: capabilities that keep results per node drop these.
        self.deregistered: set[str] = set()
        self._seq = 0

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def node(self, instance_id: str) -> ManagedNode | None:
        return self.nodes.get(instance_id)


# --- putting nodes under management (the handle) -------------------------------------------

# Told of each node that comes under management, once it is stored: what applies to nodes as
# they appear (State Manager associations) registers here, so nothing here imports it.
NodeWatcher = Callable[[ServiceState, InstanceRegistry, ManagedNode], None]
_NODE_WATCHERS: list[NodeWatcher] = []


def register_node_watcher(watcher: NodeWatcher) -> NodeWatcher:
    _NODE_WATCHERS.append(watcher)
    return watcher


def _joined(service: ServiceState, registry: InstanceRegistry, node: ManagedNode) -> None:
    registry.nodes[node.instance_id] = node
    for watcher in _NODE_WATCHERS:
        watcher(service, registry, node)


def add_instance(
    service: ServiceState,
    account_id: str,
    region: str,
    instance_id: str | None,
    *,
    platform: str,
    tags: dict[str, str] | None,
    ping_status: str,
    attributes: dict[str, Any],
) -> str:
    """Put a running EC2 instance under management; see ``SSMFake.add_instance``."""
    registry = service.state(InstanceRegistry, account_id, region)
    if instance_id is None:
        instance_id = _new_id("i-", registry)
    elif not EC2_INSTANCE_ID.fullmatch(instance_id):
        raise ValueError(f"an EC2 instance id is 'i-' and 8 or 17 hex digits, got {instance_id!r}")
    elif instance_id in registry.nodes:
        raise ValueError(f"{instance_id} is already a managed instance in {account_id}/{region}")
    address = _ip_address()
    domain = "ec2.internal" if region == "us-east-1" else f"{region}.compute.internal"
    info = _base_info(instance_id, platform, ping_status, "EC2Instance", service.clock.now())
    info.update(
        IPAddress=address,
        ComputerName=f"ip-{address.replace('.', '-')}.{domain}",
        SourceType="AWS::EC2::Instance",
    )
    info.update(_wire_attributes(attributes))
    _joined(service, registry, ManagedNode(instance_id, registry.next_seq(), info, dict(tags or {})))
    return instance_id


def register_instance(
    service: ServiceState,
    activation_id: str,
    activation_code: str,
    *,
    region: str | None,
    platform: str,
    attributes: dict[str, Any],
) -> str:
    """What SSM Agent does on a hybrid machine: trade an activation for an ``mi-`` id."""
    if platform == "MacOS":
        raise ValueError(
            "macOS is not supported for Systems Manager hybrid environments (Hybrid Activations); "
            "put a Mac under management with add_instance(platform='MacOS') instead"
        )
    registry, activation = _find_activation(service, activation_id, region)
    now = service.clock.now()
    if activation.code != activation_code:
        raise errors.InvalidActivation(
            f"The activation code does not match activation {activation_id}. "
            "Use the ActivationCode that CreateActivation returned with this ActivationId."
        )
    if activation.expired(now):
        raise errors.InvalidActivation(
            f"Activation {activation_id} expired at {activation.expiration_date.isoformat()}; "
            "create a new activation to register more machines."
        )
    if activation.registrations_count >= activation.registration_limit:
        raise errors.InvalidActivation(
            f"Activation {activation_id} has reached its registration limit of {activation.registration_limit}; "
            "create a new activation to register more machines."
        )
    instance_id = _new_id("mi-", registry)
    info = _base_info(instance_id, platform, "Online", "ManagedInstance", now)
    info.update(
        ActivationId=activation.activation_id,
        IamRole=activation.iam_role,
        IPAddress=_ip_address(),
        ComputerName=f"hybrid-{instance_id[-8:]}",
        SourceType="AWS::SSM::ManagedInstance",
    )
    if activation.default_instance_name:
        info["Name"] = activation.default_instance_name
    info.update(_wire_attributes(attributes))
    activation.registrations_count += 1
    _joined(service, registry, ManagedNode(instance_id, registry.next_seq(), info, dict(activation.tags)))
    return instance_id


def _find_activation(
    service: ServiceState, activation_id: str, region: str | None
) -> tuple[InstanceRegistry, Activation]:
    """The activation wherever it lives (ids are unique), or only in ``region`` when given."""
    for registry in service.existing(InstanceRegistry):
        if region is not None and registry.region != region:
            continue
        activation = registry.activations.get(activation_id)
        if activation is not None:
            return registry, activation
        if activation_id in registry.deleted_activations:
            raise errors.InvalidActivation(
                f"Activation {activation_id} was deleted; create a new activation to register more machines."
            )
    where = f" in {region}" if region else ""
    raise errors.InvalidActivationId(
        f"Activation {activation_id} does not exist{where}. Verify that you entered the correct ActivationId."
    )


def _base_info(instance_id: str, platform: str, ping_status: str, resource_type: str, now: datetime) -> dict[str, Any]:
    if platform not in PLATFORMS:
        raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    if ping_status not in PING_STATUSES:
        raise ValueError(f"ping_status must be one of {', '.join(PING_STATUSES)}, got {ping_status!r}")
    platform_name, platform_version = _PLATFORM_DEFAULTS[platform]
    return {
        "InstanceId": instance_id,
        "PingStatus": ping_status,
        "LastPingDateTime": now,
        "AgentVersion": DEFAULT_AGENT_VERSION,
        "IsLatestVersion": True,
        "PlatformType": platform,
        "PlatformName": platform_name,
        "PlatformVersion": platform_version,
        "RegistrationDate": now,
        "ResourceType": resource_type,
        "SourceId": instance_id,
    }


def _wire_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """``computer_name=...`` keywords as InstanceInformation members, type-checked."""
    shape = model.service_model().shape_for("InstanceInformation")
    assert isinstance(shape, StructureShape)
    by_key = {name.lower(): name for name in shape.members if name not in _OWN_FIELDS}
    wire: dict[str, Any] = {}
    for keyword, value in attributes.items():
        member = by_key.get(keyword.replace("_", "").lower())
        if member is None:
            known = ", ".join(sorted(_snake(name) for name in by_key.values()))
            raise TypeError(f"unknown instance attribute {keyword!r}; known: {known}")
        member_shape = shape.members[member]
        expected = _PYTHON_TYPES[member_shape.type_name]
        if not isinstance(value, expected) or (isinstance(value, datetime) and value.tzinfo is None):
            aware = "an aware " if expected is datetime else ""
            raise TypeError(f"instance attribute {keyword!r} must be {aware}{expected.__name__}, got {value!r}")
        allowed = member_shape.metadata.get("enum")
        if allowed and value not in allowed:
            raise ValueError(f"instance attribute {keyword!r} must be one of {', '.join(allowed)}, got {value!r}")
        wire[member] = value
    return wire


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()


def _new_id(prefix: str, registry: InstanceRegistry) -> str:
    while True:
        candidate = prefix + secrets.token_hex(9)[:17]
        if candidate not in registry.nodes:
            return candidate


def _ip_address() -> str:
    return str(ipaddress.IPv4Address("172.31.0.0") + secrets.randbelow(65534) + 1)


# --- what Run Command and other capabilities ask --------------------------------------------


def require_online(ctx: RequestContext, instance_id: str) -> ManagedNode:
    """The caller's managed, online node, or the service's InvalidInstanceId."""
    node = ctx.state(InstanceRegistry).node(instance_id)
    if node is None or not node.is_online:
        # As the service words it: "InvalidInstanceId: Instances [[i-00903e1796f3b1cb6]] not in a valid
        # state for account 775288309636" (aws-samples/eks-security-compromised-cluster-remediation issue 12).
        raise errors.InvalidInstanceId(f"Instances [[{instance_id}]] not in a valid state for account {ctx.account_id}")
    return node


def resolve_targets(ctx: RequestContext, targets: list[dict[str, Any]]) -> list[ManagedNode]:
    """The caller's online nodes matching every target, in registration order (rules in
    ``shared.targets``)."""
    nodes = (node for node in ctx.state(InstanceRegistry).nodes.values() if node.is_online)
    return select(targets, nodes)


# --- activations ---------------------------------------------------------------------------

# "You can specify a date up to 30 days in advance. If you don't provide an expiration
# date, the activation code expires in 24 hours."
MAX_ACTIVATION_LIFETIME = timedelta(days=30)
DEFAULT_ACTIVATION_LIFETIME = timedelta(hours=24)
_CODE_ALPHABET = string.ascii_letters + string.digits


def new_activation_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(20))


def require_assumable_role(role: str, error: type[errors.ServiceError]) -> None:
    """SSM needs a role it can assume: a plain role name, not a service-linked role."""
    if role.startswith("AWSServiceRoleFor") or "aws-service-role/" in role:
        raise error(
            f"IamRole {role!r} is a service-linked role. Specify a role you created that trusts ssm.amazonaws.com."
        )


# --- the node API ---------------------------------------------------------------------------


def _require_hybrid(
    ctx: RequestContext, instance_id: str, error: type[errors.ServiceError] = errors.InvalidInstanceId
) -> ManagedNode:
    node = ctx.state(InstanceRegistry).node(instance_id)
    if node is None or node.info["ResourceType"] != "ManagedInstance":
        raise error(
            f"Instance {instance_id} is not a registered managed instance in account {ctx.account_id} "
            f"and region {ctx.region}."
        )
    return node


@handles("DeregisterManagedInstance")
def deregister_managed_instance(ctx: RequestContext, request: Request) -> Reply:
    node = _require_hybrid(ctx, request["InstanceId"])
    registry = ctx.state(InstanceRegistry)
    del registry.nodes[node.instance_id]
    registry.deregistered.add(node.instance_id)
    return {}


@handles("UpdateManagedInstanceRole")
def update_managed_instance_role(ctx: RequestContext, request: Request) -> Reply:
    node = _require_hybrid(ctx, request["InstanceId"])
    require_assumable_role(request["IamRole"], errors.ValidationException)
    node.info["IamRole"] = request["IamRole"]
    return {}


@taggable("ManagedInstance")
def _managed_instance_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
    if EC2_INSTANCE_ID.fullmatch(resource_id):
        # The error's documentation: "if you are attempting to tag an EC2 instance ..."
        raise errors.InvalidResourceType(
            f"{resource_id} is an EC2 instance: the ManagedInstance resource type takes the mi- id of an "
            "on-premises node; tag EC2 instances through EC2."
        )
    return _require_hybrid(ctx, resource_id, errors.InvalidResourceId).tags
