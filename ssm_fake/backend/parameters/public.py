"""Public parameters: the ``/aws/service/...`` names every account can read (AMI aliases,
global infrastructure), from the data files in ``ssm_fake/data/public_parameters/``.

They belong to no account: their ARN has an empty account field
(``arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/...``), they are
``String`` parameters with DataType ``text``, and writes to them are refused by the reserved
``aws`` prefix. The catalogue is read the first time a name under ``/aws/service/`` is asked
for and kept for the process (it is immutable); a name is then one dict look-up and a path
one binary search, never a walk over every public parameter. A test pins a value with
``ssm.set_public_parameter(name, value)``, kept in the service state and dropped on reset::

    ssm.set_public_parameter("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                             "ami-0123456789abcdef0")
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from ..shared.pagination import Window
from ..state import RegionState, ServiceState
from .store import Parameter, ParameterVersion

PREFIX = "/aws/service/"
GLOBAL_INFRASTRUCTURE = "/aws/service/global-infrastructure/"
ALL_REGIONS = "*"
_OWNER = "aws"
_USER = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalogued public parameter. ``value`` is None for an AMI alias: its image id differs
    per region and is derived from the region and the name."""

    value: str | None
    version: int


@dataclass(frozen=True, slots=True)
class Catalogue:
    entries: dict[str, Entry]
    names: list[str]  # sorted, for paths
    regions: frozenset[str]  # where AMI aliases are published
    infrastructure_regions: frozenset[str]  # where /aws/service/global-infrastructure answers
    published: datetime


class PublicPins(RegionState):
    """Values a test pinned with ``set_public_parameter``, for one region (or ``*``: all)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.values: dict[str, tuple[str, int, datetime]] = {}


def is_public(name: str) -> bool:
    return name.startswith(PREFIX)


def public_parameter(service: ServiceState, region: str, key: str) -> Parameter | None:
    """The public parameter ``key`` as the caller's region sees it, or None."""
    pinned = _pinned(service, region, key)
    entry = _catalogue().entries.get(key)
    if pinned is not None:
        value, version, modified = pinned
    elif entry is not None and _published_in(key, region):
        value = entry.value if entry.value is not None else _image_id(region, key)
        version, modified = entry.version, _catalogue().published
    else:
        return None
    first = ParameterVersion(
        version=version,
        value=value,
        type="String",
        key_id=None,
        description="",
        allowed_pattern="",
        tier="Standard",
        data_type="text",
        policies=(),
        modified=modified,
        user=_USER,
        labels=[],
    )
    return Parameter(key, key, f"arn:aws:ssm:{region}::parameter{key}", first)


def public_names(service: ServiceState, region: str, prefix: str) -> Sequence[str]:
    """The sorted public names under ``prefix`` (which ends with ``/``): a window on the catalogue
    found by binary search, so a page costs O(page); names a test pinned beyond the catalogue are
    merged in. Some may not be published in ``region``: ``public_parameter`` says None for those."""
    catalogue = _catalogue()
    start = bisect_left(catalogue.names, prefix)
    end = bisect_left(catalogue.names, prefix[:-1] + "0")  # '0' sorts right after '/'
    extra = [name for name in _pinned_names(service, region) if name.startswith(prefix)]
    extra = [name for name in extra if name not in catalogue.entries]
    if extra:
        return sorted([*catalogue.names[start:end], *extra])
    return Window(catalogue.names, start, end)


def pin(service: ServiceState, name: str, value: str, region: str | None, now: datetime) -> None:
    """What ``set_public_parameter`` does: the next version of ``name`` carries ``value``."""
    if not is_public(name) or name.endswith("/") or "//" in name:
        raise ValueError(f"public parameter names look like '/aws/service/...', got {name!r}")
    if not isinstance(value, str) or not value:
        raise ValueError("value must be a non-empty string")
    where = region or ALL_REGIONS
    current = public_parameter(service, region or service.default_region, name)
    version = current.latest.version + 1 if current is not None else 1
    service.state(PublicPins, _OWNER, where).values[name] = (value, version, now)


def _pinned(service: ServiceState, region: str, key: str) -> tuple[str, int, datetime] | None:
    found = service.state(PublicPins, _OWNER, region).values.get(key)
    return found if found is not None else service.state(PublicPins, _OWNER, ALL_REGIONS).values.get(key)


def _pinned_names(service: ServiceState, region: str) -> set[str]:
    return set(service.state(PublicPins, _OWNER, region).values) | set(
        service.state(PublicPins, _OWNER, ALL_REGIONS).values
    )


def _published_in(name: str, region: str) -> bool:
    catalogue = _catalogue()
    if name.startswith(GLOBAL_INFRASTRUCTURE):
        return region in catalogue.infrastructure_regions
    return region in catalogue.regions


def _image_id(region: str, name: str) -> str:
    """A well-formed image id (``ami-`` and 17 hex digits), the same for a region and name every run."""
    digest = hashlib.sha256(f"{region}\0{name}".encode()).hexdigest()
    if name.endswith("/image_name"):
        return f"amzn-image-{digest[:12]}"
    if name.endswith("/image_version"):
        return f"1.{int(digest[:2], 16) % 40}.{int(digest[2:4], 16) % 10}"
    return "ami-" + digest[:17]


def _version(name: str) -> int:
    return 1 + int(hashlib.sha256(name.encode()).hexdigest()[:4], 16) % 120


@cache
def _catalogue() -> Catalogue:
    """Both data files, expanded into names once per process."""
    folder = resources.files("ssm_fake").joinpath("data", "public_parameters")
    infra = json.loads(folder.joinpath("global-infrastructure.json").read_text(encoding="utf-8"))
    amis = json.loads(folder.joinpath("ami-aliases.json").read_text(encoding="utf-8"))
    entries: dict[str, Entry] = {}

    def add(name: str, value: str | None) -> None:
        entries[name] = Entry(value, _version(name))

    base = GLOBAL_INFRASTRUCTURE.rstrip("/")
    regions: dict[str, dict[str, Any]] = infra["regions"]
    services: dict[str, dict[str, Any]] = infra["services"]
    for code, region in regions.items():
        here = f"{base}/regions/{code}"
        add(here, code)
        for attribute in ("longName", "partition", "domain", "geolocationCountry", "geolocationRegion"):
            add(f"{here}/{attribute}", region[attribute])
        for zone in region["availability-zones"]:
            add(f"{here}/availability-zones/{zone}", zone)
            add(f"{base}/availability-zones/{zone}", zone)
            add(f"{base}/availability-zones/{zone}/region", code)
        for zone in region["local-zones"]:
            add(f"{here}/local-zones/{zone}", zone)
            add(f"{base}/local-zones/{zone}", zone)
            add(f"{base}/local-zones/{zone}/parent-region", code)
        for service in services:
            add(f"{here}/services/{service}", service)
    for service, about in services.items():
        here = f"{base}/services/{service}"
        add(here, service)
        add(f"{here}/longName", about["longName"])
        for code, region in regions.items():
            add(f"{here}/regions/{code}", code)
            endpoint = about["global_endpoint"] or f"{service}.{code}.{region['domain']}"
            add(f"{here}/regions/{code}/endpoint", endpoint)
    for root, leaves in amis["parameters"].items():
        for leaf in leaves:
            add(f"{root}/{leaf}", None)
    return Catalogue(
        entries=entries,
        names=sorted(entries),
        regions=frozenset(regions),
        infrastructure_regions=frozenset(infra["supported_regions"]),
        published=datetime.fromisoformat(infra["published"]),
    )
