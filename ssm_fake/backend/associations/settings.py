"""What CreateAssociation, each CreateAssociationBatch entry and UpdateAssociation check
beyond the model, and the settings (one association version) they produce.

The rules, from the API reference and today's model documentation (CreateAssociation,
UpdateAssociation, Target, S3OutputLocation) and the user guide's "Reference: Cron and rate
expressions for Systems Manager":

* the document must be a Command document or an Automation runbook; the parameters must suit
  its declarations (the documents capability's check);
* the legacy ``InstanceId`` way names one managed node, takes a schema 1.x document and
  none of AssociationName, DocumentVersion, MaxErrors, MaxConcurrency, OutputLocation,
  ScheduleExpression; the node must run a platform the document supports;
* ``Targets`` use the shared target grammar; ``Targets`` and ``TargetMaps`` exclude each other;
* the schedule is read by ``shared.schedules`` with the association bounds;
  ``ApplyOnlyAtCronInterval`` is not for rate expressions, ``ScheduleOffset`` needs it and a cron;
* an S3 output location names a valid bucket.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ... import errors
from ..documents.interface import DocumentVersion, check_document_parameters, resolve_document
from ..instances.nodes import InstanceRegistry
from ..shared.schedules import InvalidScheduleExpression, Schedule, parse
from ..shared.targets import check as check_targets
from ..state import RequestContext

# The request members an association version keeps, as given.
SETTINGS = (
    "Name",
    "DocumentVersion",
    "Parameters",
    "Targets",
    "ScheduleExpression",
    "OutputLocation",
    "AssociationName",
    "AutomationTargetParameterName",
    "MaxErrors",
    "MaxConcurrency",
    "ComplianceSeverity",
    "SyncCompliance",
    "ApplyOnlyAtCronInterval",
    "CalendarNames",
    "TargetLocations",
    "ScheduleOffset",
    "Duration",
    "TargetMaps",
    "AlarmConfiguration",
)
# "if you use the parameter InstanceId, you can't use the parameters AssociationName,
# DocumentVersion, MaxErrors, MaxConcurrency, OutputLocation, or ScheduleExpression"
NOT_WITH_INSTANCE_ID = (
    "AssociationName",
    "DocumentVersion",
    "MaxErrors",
    "MaxConcurrency",
    "OutputLocation",
    "ScheduleExpression",
)
RUNNABLE_TYPES = ("Command", "Automation")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")


def check_settings(
    ctx: RequestContext, fields: dict[str, Any], instance_id: str | None
) -> tuple[DocumentVersion, Schedule | None]:
    """Check one version's settings; returns the document it runs and its parsed schedule."""
    document = association_document(ctx, fields)
    if instance_id is not None:
        _check_legacy(ctx, fields, instance_id, document)
    else:
        _check_targets(fields, document)
    _check_parameters(fields, document)
    schedule = check_schedule(fields)
    _check_output_location(fields.get("OutputLocation"))
    return document, schedule


def association_document(ctx: RequestContext, fields: dict[str, Any]) -> DocumentVersion:
    name = fields["Name"]
    document = resolve_document(ctx, name, fields.get("DocumentVersion"))
    if document.document_type not in RUNNABLE_TYPES:
        # Real output (Terraform, hashicorp/terraform-provider-aws#35664):
        # "InvalidDocument: Document type Package is not supported for associations"
        raise errors.InvalidDocument(f"Document type {document.document_type} is not supported for associations")
    return document


def _check_legacy(ctx: RequestContext, fields: dict[str, Any], instance_id: str, document: DocumentVersion) -> None:
    if fields.get("Targets"):
        raise errors.ValidationException("Specify either InstanceId or Targets, not both.")
    given = [name for name in NOT_WITH_INSTANCE_ID if name in fields]
    if given:
        raise errors.ValidationException(
            f"{', '.join(given)} can't be used with InstanceId; use Targets with Key=InstanceIds to use them."
        )
    if not document.schema_version.startswith("1.") and document.document_type == "Command":
        raise errors.InvalidDocument(
            f"Document {document.name} has schema version {document.schema_version}: associations made with "
            "InstanceId take schema 1.2 documents only; use Targets with Key=InstanceIds instead."
        )
    node = ctx.state(InstanceRegistry).node(instance_id)
    if node is None:
        raise errors.InvalidInstanceId(
            f"Instance {instance_id} is not a managed instance in account {ctx.account_id} and region {ctx.region}."
        )
    if document.platform_types and node.platform_type not in document.platform_types:
        raise errors.UnsupportedPlatformType(
            f"Document {document.name} runs on {', '.join(document.platform_types)}; instance {instance_id} "
            f"is a {node.platform_type} instance."
        )


def _check_targets(fields: dict[str, Any], document: DocumentVersion) -> None:
    targets: list[dict[str, Any]] = fields.get("Targets") or []
    if targets and fields.get("TargetMaps"):
        raise errors.InvalidTargetMaps("Both Targets and TargetMaps can't be specified together.")
    if fields.get("TargetMaps") and document.document_type != "Automation":
        raise errors.InvalidTargetMaps(
            "TargetMaps map runbook parameters to targets: use them with Automation runbooks."
        )
    if not targets and not fields.get("TargetMaps") and document.document_type == "Command":
        raise errors.ValidationException(
            f"Document {document.name} is a Command document: give the managed nodes it applies to, with Targets "
            "(or the legacy InstanceId)."
        )
    check_targets(targets)


def _check_parameters(fields: dict[str, Any], document: DocumentVersion) -> None:
    given: dict[str, list[str]] = dict(fields.get("Parameters") or {})
    branch = fields.get("AutomationTargetParameterName")
    if branch is not None:
        if document.document_type != "Automation":
            raise errors.InvalidParameters(
                "AutomationTargetParameterName is for Automation runbooks; "
                f"document {document.name} is a {document.document_type} document."
            )
        if branch not in document.parameters:
            raise errors.InvalidParameters(
                f"AutomationTargetParameterName {branch!r} is not a parameter of runbook {document.name}."
            )
        # Each target fills that parameter in when the runbook runs.
        given.setdefault(branch, ["{{ TARGET }}"])
    check_document_parameters(document, given)


def check_schedule(fields: dict[str, Any]) -> Schedule | None:
    expression = fields.get("ScheduleExpression")
    only_at_interval = bool(fields.get("ApplyOnlyAtCronInterval"))
    offset = fields.get("ScheduleOffset")
    if expression is None:
        if only_at_interval or offset is not None:
            raise errors.InvalidSchedule("ApplyOnlyAtCronInterval and ScheduleOffset need a ScheduleExpression.")
        return None
    try:
        schedule = parse(expression, for_capability="association")
    except InvalidScheduleExpression as problem:
        raise errors.InvalidSchedule(f"Schedule expression {expression} is not valid: {problem}") from None
    if only_at_interval and schedule.kind == "rate":
        # ApplyOnlyAtCronInterval: "This parameter isn't supported for rate expressions."
        raise errors.InvalidSchedule("ApplyOnlyAtCronInterval isn't supported for rate expressions.")
    if offset is not None:
        if schedule.kind != "cron":
            raise errors.InvalidSchedule("ScheduleOffset is supported only for cron expressions.")
        if not only_at_interval:
            # ScheduleOffset: "To use offsets, you must specify the ApplyOnlyAtCronInterval parameter."
            raise errors.InvalidSchedule("To use ScheduleOffset, you must specify ApplyOnlyAtCronInterval.")
    return schedule


def _check_output_location(location: dict[str, Any] | None) -> None:
    """S3 bucket naming rules (Amazon S3 User Guide, "Bucket naming rules")."""
    s3 = (location or {}).get("S3Location")
    if not s3:
        return
    bucket = s3.get("OutputS3BucketName")
    if bucket is not None and not _valid_bucket(bucket):
        raise errors.InvalidOutputLocation(
            f"The S3 bucket name {bucket!r} is not valid: use 3-63 lowercase letters, numbers, dots and hyphens, "
            "beginning and ending with a letter or number."
        )
    region = s3.get("OutputS3Region")
    if region is not None and not _REGION.fullmatch(region):
        raise errors.InvalidOutputLocation(f"OutputS3Region {region!r} is not an AWS Region code, e.g. us-east-1.")


def _valid_bucket(name: str) -> bool:
    if not _BUCKET.fullmatch(name) or ".." in name or ".-" in name or "-." in name:
        return False
    if name.startswith(("xn--", "sthree-")) or name.endswith(("-s3alias", "--ol-s3")):
        return False
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return True
    return False
