"""The Amazon-owned documents every account and region sees (AWS-RunShellScript, …).

Their content ships as data files under ``ssm_fake/data/documents/amazon/`` (written from
the public parameter lists of each document) and ``amazon.json`` lists their metadata.
They are read and checked like any submitted document the first time a test needs one,
then kept for the life of the process: they are immutable, so every account, region and
mock shares the same objects and a fresh mock costs nothing.

To add one, drop ``<Name>.json`` beside the others and list it in ``amazon.json``. An entry
may give ``PlatformTypes`` where AWS documents them and the plugins would say otherwise
(AWS-ApplyPatchBaseline "supports patching on Windows managed nodes only").
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import cache
from importlib import resources

from .content import parse_content
from .model import AMAZON_OWNER, DocumentVersion


@cache
def amazon_versions() -> dict[str, DocumentVersion]:
    """Every Amazon-owned document by name, parsed and checked once per process."""
    folder = resources.files("ssm_fake").joinpath("data", "documents")
    entries = json.loads(folder.joinpath("amazon.json").read_text(encoding="utf-8"))
    catalogue: dict[str, DocumentVersion] = {}
    for entry in entries:
        name = entry["Name"]
        content = folder.joinpath("amazon", f"{name}.json").read_text(encoding="utf-8")
        parsed = parse_content(content, "JSON", entry["DocumentType"])
        catalogue[name] = DocumentVersion(
            name=name,
            document_version=entry.get("DocumentVersion", "1"),
            document_type=entry["DocumentType"],
            schema_version=parsed.schema_version,
            document_format="JSON",
            platform_types=tuple(entry.get("PlatformTypes", parsed.platform_types)),
            content_hash=hashlib.sha256(content.encode("utf-8")).hexdigest(),
            owner=AMAZON_OWNER,
            parameters=parsed.parameters,
            body=parsed.body,
            content=content,
            created_date=datetime.fromisoformat(entry["CreatedDate"]),
            description=parsed.description,
            target_type=entry.get("TargetType"),
        )
    return catalogue
