"""Where documents live and who may see which: own, shared with the caller, or Amazon's.

Each account and region has a :class:`DocumentStore` of the documents it owns, each a
:class:`Document` holding its immutable versions, tags and share list. :func:`find_document`
is the one place that decides what a caller can reach by a name or an ARN::

    document = find_document(ctx, "arn:aws:ssm:us-east-1:111122223333:document/Shared")
    version = document.select(ctx.account_id, "$LATEST", None)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from functools import cache

from ... import errors
from ..state import RegionState, RequestContext, ServiceState
from .amazon import amazon_versions
from .model import AMAZON_OWNER, DocumentVersion

PUBLIC = "All"
SHARE_ALL_VERSIONS = "$ALL"
SHARE_DEFAULT = "$DEFAULT"
SHARE_LATEST = "$LATEST"
_ARN = re.compile(r"arn:aws[a-z-]*:ssm:([a-z0-9-]*):([0-9]{12})?:document/(.+)")


class Document:
    """A document and all its versions; Amazon's are shared, read-only instances."""

    def __init__(self, first: DocumentVersion, created_date: datetime) -> None:
        self.name = first.name
        self.owner = first.owner
        self.document_type = first.document_type
        self.created_date = created_date
        self.versions: dict[int, DocumentVersion] = {first.number: first}
        self.default_number = first.number
        self.latest_number = first.number
        self.last_number = first.number
        self.tags: dict[str, str] = {}
        # account id, or "All" for public, -> the version shared ($DEFAULT, $LATEST or $ALL)
        self.shares: dict[str, str] = {}

    @property
    def default(self) -> DocumentVersion:
        return self.versions[self.default_number]

    @property
    def latest(self) -> DocumentVersion:
        return self.versions[self.latest_number]

    def add_version(self, version: DocumentVersion) -> None:
        self.versions[version.number] = version
        self.latest_number = self.last_number = version.number

    def remove_version(self, number: int) -> None:
        del self.versions[number]
        self.latest_number = max(self.versions)

    def by_version_name(self, version_name: str) -> DocumentVersion | None:
        return next((v for v in self.versions.values() if v.version_name == version_name), None)

    def share_for(self, account_id: str) -> str | None:
        """Which versions ``account_id`` may use ($DEFAULT / $LATEST / $ALL), or None if none."""
        if self.owner in (account_id, AMAZON_OWNER):
            return SHARE_ALL_VERSIONS
        return self.shares.get(account_id) or self.shares.get(PUBLIC)

    def select(self, account_id: str, version: str | None, version_name: str | None) -> DocumentVersion:
        """The version a caller asks for: None / "$DEFAULT" / "$LATEST" / a number, or a VersionName."""
        chosen = self._pick(version, self.share_for(account_id) or SHARE_DEFAULT)
        if version_name is not None:
            named = self.by_version_name(version_name)
            if named is None or (version is not None and named is not chosen):
                raise errors.InvalidDocumentVersion(
                    f"Document {self.name} has no version named {version_name}"
                    + (f" that is version {version}." if version is not None else ".")
                )
            chosen = named
        allowed = self._shared_number(account_id)
        if allowed is not None and chosen.number != allowed:
            raise errors.InvalidDocumentVersion(
                f"Version {chosen.document_version} of document {self.name} is not shared with account {account_id}."
            )
        return chosen

    def visible_versions(self, account_id: str) -> list[DocumentVersion]:
        """The versions ``account_id`` may use, oldest first."""
        allowed = self._shared_number(account_id)
        return [self.versions[n] for n in sorted(self.versions) if allowed is None or n == allowed]

    def _shared_number(self, account_id: str) -> int | None:
        """The one version shared with ``account_id``; None when it may use them all."""
        shared = self.share_for(account_id) or SHARE_DEFAULT
        return {SHARE_DEFAULT: self.default_number, SHARE_LATEST: self.latest_number}.get(shared)

    def _pick(self, version: str | None, shared: str) -> DocumentVersion:
        if version is None:
            return self.latest if shared == SHARE_LATEST else self.default
        if version == "$DEFAULT":
            return self.default
        if version == "$LATEST":
            return self.latest
        found = self.versions.get(int(version)) if version.isdigit() else None
        if found is None:
            raise errors.InvalidDocumentVersion(f"Document {self.name} has no version {version}.")
        return found


class DocumentStore(RegionState):
    """The documents one account owns in one region."""

    def __init__(self, service: ServiceState, account_id: str, region: str) -> None:
        super().__init__(service, account_id, region)
        self.documents: dict[str, Document] = {}

    def owned(self, name: str) -> Document:
        """An own document by name, for the actions only its owner may take."""
        document = self.documents.get(name)
        if document is None:
            if amazon_document(name) is not None:
                raise errors.InvalidDocument(f"Document {name} is owned by Amazon; you can't change or share it.")
            raise errors.InvalidDocument(f"Document {name} does not exist in your account.")
        return document

    def public_count(self) -> int:
        return sum(1 for document in self.documents.values() if PUBLIC in document.shares)


@cache
def amazon_documents() -> dict[str, Document]:
    """Amazon's documents, built once per process and shared by every account and region."""
    return {name: Document(version, version.created_date) for name, version in amazon_versions().items()}


def amazon_document(name: str) -> Document | None:
    return amazon_documents().get(name)


def find_document(ctx: RequestContext, name: str) -> Document:
    """A document the caller may read, by name (own or Amazon's) or ARN (also shared ones)."""
    arn = _ARN.fullmatch(name)
    if arn is None:
        found = ctx.state(DocumentStore).documents.get(name) or amazon_document(name)
        if found is None:
            raise errors.InvalidDocument(
                f"Document {name} does not exist in your account; use its ARN if it is shared with you."
            )
        return found
    region, account, plain_name = arn.groups()
    if region and region != ctx.region:
        raise errors.InvalidDocument(f"Document {name} is not in region {ctx.region}.")
    if not account:
        found = amazon_document(plain_name)
    elif account == ctx.account_id:
        found = ctx.state(DocumentStore).documents.get(plain_name)
    else:
        candidate = ctx.service.state(DocumentStore, account, ctx.region).documents.get(plain_name)
        found = candidate if candidate is not None and candidate.share_for(ctx.account_id) else None
    if found is None:
        raise errors.InvalidDocument(f"Document {name} does not exist or is not shared with account {ctx.account_id}.")
    return found


def shared_with(ctx: RequestContext) -> Iterator[Document]:
    """Documents of other accounts in the caller's region that the caller may use."""
    for store in ctx.service.existing(DocumentStore):
        if store.region != ctx.region or store.account_id == ctx.account_id:
            continue
        for document in store.documents.values():
            if document.shares and document.share_for(ctx.account_id):
                yield document


def document_arn(region: str, document: Document) -> str:
    account = "" if document.owner == AMAZON_OWNER else document.owner
    return f"arn:aws:ssm:{region}:{account}:document/{document.name}"
