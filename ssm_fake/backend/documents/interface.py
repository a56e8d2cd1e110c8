"""What other capabilities use of documents: look one up, check and render its parameters,
keep it from deletion while in use. Run Command, State Manager and Automation go through
these functions, never through the store itself::

    document = resolve_document(ctx, request["DocumentName"], request.get("DocumentVersion"))
    values = check_document_parameters(document, request.get("Parameters"))
    steps = render_steps(document, values)

A capability whose resources use documents (associations) keeps DeleteDocument from
removing one in use with :func:`register_usage_check`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..state import RequestContext
from .model import AMAZON_OWNER, DocumentVersion, Step
from .parameters import check_document_parameters, render_steps
from .store import find_document

__all__ = [
    "AMAZON_OWNER",
    "DocumentVersion",
    "Step",
    "check_document_parameters",
    "document_versions",
    "register_usage_check",
    "render_steps",
    "resolve_document",
    "usage_of",
]

# (ctx, document name, version or None for all) -> why the document is in use, or None.
UsageCheck = Callable[[RequestContext, str, str | None], str | None]
_USAGE_CHECKS: list[UsageCheck] = []


def usage_of(ctx: RequestContext, name: str, version: str | None) -> str | None:
    """Why DeleteDocument may not remove ``name`` (or that version of it), or None."""
    for check in _USAGE_CHECKS:
        reason = check(ctx, name, version)
        if reason:
            return reason
    return None


def register_usage_check(check: UsageCheck) -> UsageCheck:
    """Make DeleteDocument fail with AssociatedInstances while ``check`` reports a use."""
    _USAGE_CHECKS.append(check)
    return check


def resolve_document(ctx: RequestContext, name: str, version: str | None = None) -> DocumentVersion:
    """By name or ARN, for the caller's account (own, shared with it, or Amazon-owned); version
    None = default, "$LATEST", "$DEFAULT" or a number. Raises InvalidDocument / InvalidDocumentVersion."""
    return find_document(ctx, name).select(ctx.account_id, version, None)


def document_versions(ctx: RequestContext, name: str) -> list[DocumentVersion]:
    """Every version of a document the caller may use (oldest first), e.g. to match a DocumentHash."""
    return find_document(ctx, name).visible_versions(ctx.account_id)
