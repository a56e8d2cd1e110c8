"""Sharing documents with other accounts: ModifyDocumentPermission, DescribeDocumentPermission.

An owner shares a document with account ids or publicly (``All``), choosing which
versions the others see (``SharedDocumentVersion``: $DEFAULT, $LATEST or $ALL). Who can
then reach the document is decided in ``store`` (``Document.share_for``); this
module keeps the share list and its quotas: 20 account ids per call (the model), 1,000
accounts per document and five publicly shared documents per account and region.
"""

from __future__ import annotations

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import page_of, with_next_token
from ..state import RequestContext
from .store import PUBLIC, SHARE_DEFAULT, Document, DocumentStore

MAX_SHARED_ACCOUNTS = 1000
MAX_PUBLIC_DOCUMENTS = 5
PERMISSION_PAGE = 200


@handles("DescribeDocumentPermission")
def describe_document_permission(ctx: RequestContext, request: Request) -> Reply:
    document = ctx.state(DocumentStore).owned(request["Name"])
    _check_permission_type(request["PermissionType"])
    page, token = page_of(
        sorted(document.shares.items()),
        request,
        key=lambda item: item[0],
        default_limit=PERMISSION_PAGE,
    )
    reply: Reply = {
        "AccountIds": [_shown(account) for account, _ in page],
        "AccountSharingInfoList": [
            {"AccountId": _shown(account), "SharedDocumentVersion": shared} for account, shared in page
        ],
    }
    return with_next_token(reply, token)


@handles("ModifyDocumentPermission")
def modify_document_permission(ctx: RequestContext, request: Request) -> Reply:
    document = ctx.state(DocumentStore).owned(request["Name"])
    _check_permission_type(request["PermissionType"])
    to_add = {_share_key(account) for account in request.get("AccountIdsToAdd") or ()}
    to_remove = {_share_key(account) for account in request.get("AccountIdsToRemove") or ()}
    if not to_add and not to_remove:
        raise errors.ValidationException("Specify AccountIdsToAdd or AccountIdsToRemove (or both).")
    to_add -= to_remove  # removing has the higher priority
    shares = {account: shared for account, shared in document.shares.items() if account not in to_remove}
    shared_version: str = request.get("SharedDocumentVersion", SHARE_DEFAULT)
    shares.update(dict.fromkeys(to_add, shared_version))
    _check_share_limits(ctx, document, shares)
    document.shares = shares
    return {}


def _share_key(account_id: str) -> str:
    """``all`` in any case means public."""
    return PUBLIC if account_id.lower() == PUBLIC.lower() else account_id


def _shown(account: str) -> str:
    """Public sharing shows as "all", as the service reports it."""
    return "all" if account == PUBLIC else account


def _check_permission_type(permission_type: str) -> None:
    # The model's enum answers other values first (ValidationException); kept as the service's rule.
    if permission_type != "Share":
        raise errors.InvalidPermissionType(
            f"The permission type {permission_type} isn't supported. Share is the only supported permission type."
        )


def _check_share_limits(ctx: RequestContext, document: Document, shares: dict[str, str]) -> None:
    accounts = len(shares) - (PUBLIC in shares)
    if accounts > MAX_SHARED_ACCOUNTS:
        raise errors.DocumentPermissionLimit(
            f"Document {document.name} would be shared with {accounts} accounts; "
            f"a private document can be shared with at most {MAX_SHARED_ACCOUNTS} accounts."
        )
    becomes_public = PUBLIC in shares and PUBLIC not in document.shares
    if becomes_public and ctx.state(DocumentStore).public_count() >= MAX_PUBLIC_DOCUMENTS:
        raise errors.DocumentPermissionLimit(
            f"You can publicly share at most {MAX_PUBLIC_DOCUMENTS} documents; stop sharing one of them "
            f"before sharing {document.name} publicly."
        )
