"""Run Command, the writing half: SendCommand and CancelCommand.

SendCommand checks what the model cannot (targets, document, parameters, platform,
notification and output settings), stores a :class:`Command` with one invocation per
managed node and hands it to ``runs`` to play out on the clock. Reading it back is
``queries``; what the wire shows is ``replies``. Other capabilities send commands through
:func:`start_command` (re-exported by ``interface``).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from ... import errors
from ..documents.interface import (
    DocumentVersion,
    check_document_parameters,
    document_versions,
    render_steps,
    resolve_document,
)
from ..instances.nodes import ManagedNode, require_online, resolve_targets
from ..registry import Reply, Request, handles
from ..shared.targets import require_ids_or_targets
from ..state import RequestContext
from .outcomes import current_playbook
from .replies import command_reply
from .runs import Command, CommandStore, Invocation, PluginRun, cancel, cancel_all, launch

# "If this time is reached and the command hasn't already started running, it won't run."
DEFAULT_DELIVERY_TIMEOUT = 3600
DEFAULT_MAX_CONCURRENCY = "50"
DEFAULT_MAX_ERRORS = "0"
DEFAULT_VERSION = "$DEFAULT"
_SNS_TOPIC_ARN = re.compile(r"arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}")
_IAM_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
_S3_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


@handles("SendCommand")
def send_command(ctx: RequestContext, request: Request) -> Reply:
    command = start_command(ctx, request)
    return {"Command": command_reply(command)}


def start_command(ctx: RequestContext, request: Request) -> Command:
    """SendCommand's work for any capability: check the request as SendCommand does (same
    errors), store the command (ListCommands shows it) and start its lifecycle."""
    _check_delivery_settings(request)
    document = _command_document(ctx, request)
    parameters = check_document_parameters(document, request.get("Parameters"))
    nodes = _targeted_nodes(ctx, request, document)
    store = ctx.state(CommandStore)
    command = Command(
        command_id=str(uuid.uuid4()),
        seq=store.next_seq(),
        request=request,
        document=document,
        document_name=request["DocumentName"],
        document_version=request.get("DocumentVersion", DEFAULT_VERSION),
        parameters=parameters,
        requested=ctx.now,
        timeout_seconds=request.get("TimeoutSeconds", DEFAULT_DELIVERY_TIMEOUT),
        max_concurrency=request.get("MaxConcurrency", DEFAULT_MAX_CONCURRENCY),
        max_errors=request.get("MaxErrors", DEFAULT_MAX_ERRORS),
        region=ctx.region,
        playbook=current_playbook(ctx.service),
    )
    steps = render_steps(document, parameters)
    for index, node in enumerate(nodes):
        invocation = Invocation(
            command, node.instance_id, node.name, node.platform_type, index, [PluginRun(step) for step in steps]
        )
        if document.platform_types and node.platform_type not in document.platform_types:
            invocation.end("InvalidPlatform", ctx.now)
        command.invocations.append(invocation)
    store.add(command)
    launch(ctx.service, command)
    return command


def _check_delivery_settings(request: Request) -> None:
    """Where notifications and output go: an SNS topic (sent with a role), a valid bucket."""
    topic = (request.get("NotificationConfig") or {}).get("NotificationArn")
    if topic and not _SNS_TOPIC_ARN.fullmatch(topic):
        raise errors.InvalidNotificationConfig(
            f"NotificationArn {topic!r} is not the ARN of an Amazon SNS topic (arn:aws:sns:region:account:topic)."
        )
    role = request.get("ServiceRoleArn")
    if role is not None and not _IAM_ROLE_ARN.fullmatch(role):
        raise errors.InvalidRole(
            f"ServiceRoleArn {role!r} is not the ARN of an IAM role (arn:aws:iam::account:role/name)."
        )
    if topic and role is None:
        raise errors.InvalidRole(
            "Notifications need a ServiceRoleArn: the IAM role Run Command uses to publish to the SNS topic."
        )
    bucket = request.get("OutputS3BucketName")
    if bucket is not None and (not _S3_BUCKET.fullmatch(bucket) or ".." in bucket):
        raise errors.InvalidOutputFolder(f"The S3 bucket {bucket!r} does not exist: it is not a valid bucket name.")


def _command_document(ctx: RequestContext, request: Request) -> DocumentVersion:
    """The version asked for by DocumentVersion and/or DocumentHash; it must be a Command document."""
    name = request["DocumentName"]
    version = request.get("DocumentVersion")
    document = resolve_document(ctx, name, version)
    wanted = request.get("DocumentHash")
    if wanted is not None and document.content_hash != wanted:
        document = _version_with_hash(ctx, request, version, wanted)
    if document.document_type != "Command":
        raise errors.InvalidDocument(
            f"Document {name} is a {document.document_type} document; SendCommand runs Command documents only."
        )
    return document


def _version_with_hash(ctx: RequestContext, request: Request, version: str | None, wanted: str) -> DocumentVersion:
    name = request["DocumentName"]
    if request.get("DocumentHashType") == "Sha1":
        raise errors.InvalidDocument("Sha1 document hashes are deprecated; give the document's Sha256 hash.")
    if version is None:
        for candidate in document_versions(ctx, name):
            if candidate.content_hash == wanted:
                return candidate
    where = f"version {version} of document {name}" if version else f"no version of document {name}"
    raise errors.InvalidDocument(f"The document hash {wanted} does not match {where}.")


def _targeted_nodes(ctx: RequestContext, request: Request, document: DocumentVersion) -> list[ManagedNode]:
    instance_ids: list[str] = request.get("InstanceIds") or []
    targets: list[dict[str, Any]] = request.get("Targets") or []
    require_ids_or_targets(instance_ids, targets, "the command")
    if targets:
        return resolve_targets(ctx, targets)
    _refuse_duplicates(instance_ids)
    nodes = [require_online(ctx, instance_id) for instance_id in instance_ids]
    for node in nodes:
        if document.platform_types and node.platform_type not in document.platform_types:
            # As the service words it: "Cannot perform operation for instance id i-01d5373d148f269d2 of
            # platform type Windows" (aws/aws-sdk-java issue 1209).
            raise errors.UnsupportedPlatformType(
                f"Cannot perform operation for instance id {node.instance_id} of platform type {node.platform_type}"
            )
    return nodes


@handles("CancelCommand")
def cancel_command(ctx: RequestContext, request: Request) -> Reply:
    command = ctx.state(CommandStore).require(request["CommandId"])
    instance_ids: list[str] = request.get("InstanceIds") or []
    if not instance_ids:
        cancel_all(ctx.service, command)
        return {}
    _refuse_duplicates(instance_ids)
    by_instance = {invocation.instance_id: invocation for invocation in command.invocations}
    unknown = [i for i in instance_ids if i not in by_instance]
    if unknown:
        raise errors.InvalidInstanceId(f"Command {command.command_id} was not sent to {', '.join(unknown)}.")
    cancel(ctx.service, [by_instance[i] for i in instance_ids])
    return {}


def _refuse_duplicates(instance_ids: list[str]) -> None:
    duplicates = sorted({i for i in instance_ids if instance_ids.count(i) > 1})
    if duplicates:
        raise errors.DuplicateInstanceId(f"Instance ids appear more than once: {', '.join(duplicates)}.")
