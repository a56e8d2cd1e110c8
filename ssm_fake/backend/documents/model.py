"""The values other capabilities get from the documents capability: a version and its steps.

Run Command, State Manager and Automation hold on to a :class:`DocumentVersion` (it is
immutable, so a later UpdateDocument never changes a command already sent) and turn it
into :class:`Step` objects with ``render_steps`` once the call's parameters are known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

AMAZON_OWNER = "Amazon"
_EPOCH = datetime(2017, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class DocumentVersion:
    """One immutable version of a document: own, shared with the caller, or Amazon's."""

    name: str
    document_version: str
    document_type: str
    schema_version: str
    document_format: str
    platform_types: tuple[str, ...]
    content_hash: str
    owner: str
    parameters: Mapping[str, Any]
    body: Mapping[str, Any]
    # What DescribeDocument / GetDocument show besides the fields above.
    content: str = ""
    created_date: datetime = _EPOCH
    description: str | None = None
    version_name: str | None = None
    display_name: str | None = None
    target_type: str | None = None
    requires: tuple[Mapping[str, str], ...] = ()
    attachment_names: tuple[str, ...] = ()

    @property
    def number(self) -> int:
        return int(self.document_version)


@dataclass(frozen=True)
class Step:
    """One plugin (schema 1.2) or step (2.x) of a Command document, parameters substituted."""

    name: str
    action: str
    inputs: Mapping[str, Any] = field(default_factory=dict)
