"""SSM documents: the ten document actions (create, update, default version, delete,
describe, get, list, list versions) and the ``Document`` resource type for tags.

Other capabilities never import this module: they use ``interface``."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import page_of
from ..shared.replies import present
from ..shared.tags import apply_tags, tag_list, taggable
from ..state import RequestContext
from .content import parse_content
from .interface import usage_of
from .listing import list_documents_page
from .model import DocumentVersion
from .parameters import default_as_text, is_list_type
from .store import Document, DocumentStore, find_document

# Quotas: "You can have at most 500 active SSM documents" (today's model; the 2014 reference
# said 200) and 1,000 versions per document.
MAX_DOCUMENTS = 500
MAX_VERSIONS = 1000
RESERVED_PREFIXES = ("aws", "amazon", "amzn")
# "you must specify a Force flag to delete a document of type ApplicationConfigurationSchema"
NEEDS_FORCE_TO_DELETE = frozenset({"ApplicationConfigurationSchema"})
DEFAULT_PAGE = 50

# --- replies -------------------------------------------------------------------------------


def _parameter_list(version: DocumentVersion) -> list[dict[str, str]]:
    parameters = []
    for name, declaration in version.parameters.items():
        # The model knows only String and StringList; list-like types report as StringList.
        kind = "StringList" if is_list_type(declaration.get("type", "String")) else "String"
        parameter = present(Name=name, Type=kind, Description=declaration.get("description"))
        default = default_as_text(declaration)
        if default is not None:
            parameter["DefaultValue"] = default
        parameters.append(parameter)
    return parameters


def _tags_seen_by(ctx: RequestContext, document: Document) -> list[dict[str, str]]:
    """Tags are the owner's: other accounts see a shared document without them."""
    return tag_list(document.tags) if document.owner == ctx.account_id else []


def describe(ctx: RequestContext, document: Document, version: DocumentVersion) -> dict[str, Any]:
    """A version as the ``DocumentDescription`` shape."""
    reply = present(
        Hash=version.content_hash,
        HashType="Sha256",
        Name=document.name,
        DisplayName=version.display_name,
        VersionName=version.version_name,
        Owner=version.owner,
        CreatedDate=version.created_date,
        Status="Active",
        DocumentVersion=version.document_version,
        Description=version.description,
        Parameters=_parameter_list(version),
        DocumentType=version.document_type,
        SchemaVersion=version.schema_version,
        LatestVersion=str(document.latest_number),
        DefaultVersion=str(document.default_number),
        DocumentFormat=version.document_format,
        TargetType=version.target_type,
        Requires=[dict(item) for item in version.requires],
        AttachmentsInformation=[{"Name": name} for name in version.attachment_names],
    )
    reply["PlatformTypes"] = list(version.platform_types)
    reply["Tags"] = _tags_seen_by(ctx, document)
    return reply


# --- creating and changing -----------------------------------------------------------------


def _new_version(
    ctx: RequestContext, request: Request, number: int, document_type: str, previous: DocumentVersion | None
) -> DocumentVersion:
    """The version a Create/UpdateDocument request describes, its content checked."""
    content: str = request["Content"]
    document_format = request.get("DocumentFormat", "JSON")
    parsed = parse_content(content, document_format, document_type)
    return DocumentVersion(
        name=request["Name"],
        document_version=str(number),
        document_type=document_type,
        schema_version=parsed.schema_version,
        document_format=document_format,
        platform_types=parsed.platform_types,
        content_hash=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        owner=ctx.account_id,
        parameters=parsed.parameters,
        body=parsed.body,
        content=content,
        created_date=ctx.now,
        description=parsed.description,
        version_name=request.get("VersionName"),
        display_name=request.get("DisplayName", previous.display_name if previous else None),
        target_type=request.get("TargetType", previous.target_type if previous else None),
        requires=tuple(request.get("Requires") or (previous.requires if previous else ())),
        attachment_names=tuple(item["Name"] for item in request.get("Attachments") or () if item.get("Name")),
    )


@handles("CreateDocument")
def create_document(ctx: RequestContext, request: Request) -> Reply:
    name: str = request["Name"]
    if name.lower().startswith(RESERVED_PREFIXES):
        raise errors.ValidationException(
            f"Document name {name} is not valid: names can't start with aws, amazon or amzn (in any case); "
            "those prefixes are reserved for AWS."
        )
    store = ctx.state(DocumentStore)
    if name in store.documents:
        raise errors.DocumentAlreadyExists(f"Document with name {name} already exists.")
    if len(store.documents) >= MAX_DOCUMENTS:
        raise errors.DocumentLimitExceeded(
            f"You can have at most {MAX_DOCUMENTS} active SSM documents; delete some before creating {name}."
        )
    version = _new_version(ctx, request, 1, request.get("DocumentType", "Command"), None)
    document = Document(version, ctx.now)
    apply_tags(document.tags, request.get("Tags") or (), "Document")
    store.documents[name] = document
    return {"DocumentDescription": describe(ctx, document, version)}


@handles("UpdateDocument")
def update_document(ctx: RequestContext, request: Request) -> Reply:
    document = ctx.state(DocumentStore).owned(request["Name"])
    requested = request.get("DocumentVersion")
    if requested not in (None, "$LATEST", str(document.latest_number)):
        raise errors.InvalidDocumentVersion(
            f"Only the latest version of document {document.name} ({document.latest_number}) can be updated; "
            f"pass DocumentVersion '$LATEST' or '{document.latest_number}'."
        )
    if len(document.versions) >= MAX_VERSIONS:
        raise errors.DocumentVersionLimitExceeded(
            f"Document {document.name} has {len(document.versions)} versions, the most a document can have; "
            "delete one or more versions and try again."
        )
    version_name = request.get("VersionName")
    if version_name is not None and document.by_version_name(version_name) is not None:
        raise errors.DuplicateDocumentVersionName(
            f"The version name {version_name} is already used by document {document.name}; choose another one."
        )
    version = _new_version(ctx, request, document.last_number + 1, document.document_type, document.latest)
    duplicate = next((v for v in document.versions.values() if v.content_hash == version.content_hash), None)
    if duplicate is not None:
        raise errors.DuplicateDocumentContent(
            f"The content is the same as version {duplicate.document_version} of document {document.name}; "
            "change the content and try again."
        )
    document.add_version(version)
    return {"DocumentDescription": describe(ctx, document, version)}


@handles("UpdateDocumentDefaultVersion")
def update_document_default_version(ctx: RequestContext, request: Request) -> Reply:
    document = ctx.state(DocumentStore).owned(request["Name"])
    version = document.select(ctx.account_id, request["DocumentVersion"], None)
    if version.number != document.default_number and version.schema_version == "1.2":
        raise errors.InvalidDocumentSchemaVersion(
            f"Version {version.document_version} of document {document.name} uses schema version 1.2, which does "
            "not support default versions; use schema version 2.0 or later."
        )
    document.default_number = version.number
    return {
        "Description": present(
            Name=document.name, DefaultVersion=version.document_version, DefaultVersionName=version.version_name
        )
    }


@handles("DeleteDocument")
def delete_document(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(DocumentStore)
    document = store.owned(request["Name"])
    if document.document_type in NEEDS_FORCE_TO_DELETE and not request.get("Force"):
        raise errors.InvalidDocumentOperation(
            f"Document {document.name} is of type {document.document_type}; pass Force=True to delete it."
        )
    if document.shares:
        raise errors.InvalidDocumentOperation(
            f"You attempted to delete document {document.name} while it is still shared. "
            "You must stop sharing the document before you can delete it."
        )
    one_version = request.get("DocumentVersion") is not None or request.get("VersionName") is not None
    version = document.select(ctx.account_id, request.get("DocumentVersion"), request.get("VersionName"))
    if one_version and version.number == document.default_number:
        raise errors.InvalidDocumentOperation(
            f"Version {version.document_version} is the default version of document {document.name}; "
            "make another version the default before deleting it, or delete the whole document."
        )
    target = version.document_version if one_version else None
    reason = usage_of(ctx, document.name, target)
    if reason:
        raise errors.AssociatedInstances(reason)
    if one_version:
        document.remove_version(version.number)
    else:
        del store.documents[document.name]
    return {}


# --- reading -------------------------------------------------------------------------------


@handles("DescribeDocument")
def describe_document(ctx: RequestContext, request: Request) -> Reply:
    document = find_document(ctx, request["Name"])
    version = document.select(ctx.account_id, request.get("DocumentVersion"), request.get("VersionName"))
    return {"Document": describe(ctx, document, version)}


@handles("GetDocument")
def get_document(ctx: RequestContext, request: Request) -> Reply:
    document = find_document(ctx, request["Name"])
    version = document.select(ctx.account_id, request.get("DocumentVersion"), request.get("VersionName"))
    document_format = request.get("DocumentFormat") or version.document_format
    return present(
        Name=document.name,
        CreatedDate=version.created_date,
        DisplayName=version.display_name,
        VersionName=version.version_name,
        DocumentVersion=version.document_version,
        Status="Active",
        Content=_content_as(version, document_format),
        DocumentType=version.document_type,
        DocumentFormat=document_format,
        Requires=[dict(item) for item in version.requires],
    )


def _content_as(version: DocumentVersion, document_format: str) -> str:
    """The content as submitted, or converted between JSON and YAML when asked for the other."""
    if document_format == version.document_format:
        return version.content
    if "TEXT" in (document_format, version.document_format):
        raise errors.ValidationException(
            f"Document {version.name} is in {version.document_format} format; "
            f"it can't be returned as {document_format}."
        )
    if document_format == "JSON":
        return json.dumps(version.body, indent=2, default=str)
    import yaml  # lazily: only YAML output needs it

    return str(yaml.safe_dump(dict(version.body), sort_keys=False, default_flow_style=False))


@handles("ListDocuments")
def list_documents(ctx: RequestContext, request: Request) -> Reply:
    documents, token = list_documents_page(ctx, request, DEFAULT_PAGE)
    identifiers = [_identifier(ctx, document) for document in documents]
    return {"DocumentIdentifiers": identifiers} | present(NextToken=token)


def _identifier(ctx: RequestContext, document: Document) -> dict[str, Any]:
    version = document.select(ctx.account_id, None, None)
    reply = present(
        Name=document.name,
        CreatedDate=document.created_date,
        DisplayName=version.display_name,
        Owner=version.owner,
        VersionName=version.version_name,
        DocumentVersion=version.document_version,
        DocumentType=version.document_type,
        SchemaVersion=version.schema_version,
        DocumentFormat=version.document_format,
        TargetType=version.target_type,
        Requires=[dict(item) for item in version.requires],
    )
    reply["PlatformTypes"] = list(version.platform_types)
    reply["Tags"] = _tags_seen_by(ctx, document)
    return reply


@handles("ListDocumentVersions")
def list_document_versions(ctx: RequestContext, request: Request) -> Reply:
    document = find_document(ctx, request["Name"])
    page, token = page_of(
        document.visible_versions(ctx.account_id),
        request,
        key=lambda version: version.number,
        default_limit=DEFAULT_PAGE,
    )
    items = [
        present(
            Name=document.name,
            DisplayName=version.display_name,
            DocumentVersion=version.document_version,
            VersionName=version.version_name,
            CreatedDate=version.created_date,
            DocumentFormat=version.document_format,
            Status="Active",
        )
        | {"IsDefaultVersion": version.number == document.default_number}
        for version in page
    ]
    return present(NextToken=token) | {"DocumentVersions": items}


# --- tags ----------------------------------------------------------------------------------


@taggable("Document")
def _document_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
    document = ctx.state(DocumentStore).documents.get(resource_id)
    if document is None:
        raise errors.InvalidResourceId(f"Document {resource_id} does not exist in your account.")
    return document.tags
