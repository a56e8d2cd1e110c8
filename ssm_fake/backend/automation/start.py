"""StartAutomationExecution: check the request as the service does, store the execution
and hand it to the engine (``runner``) or, rate-controlled, to ``fanout``.

Errors, from the model and real replies: an unknown runbook is
``AutomationDefinitionNotFoundException``, an unknown version
``AutomationDefinitionVersionNotFoundException``; parameters are checked by the documents
capability and refused with ``InvalidAutomationExecutionParametersException``; a
``ClientToken`` reused with other parameters is ``IdempotentParameterMismatch``; past 100
running and 1,000 queued executions, ``AutomationExecutionLimitExceededException``.
"""

from __future__ import annotations

import uuid
from typing import Any

from ... import errors
from ..documents.interface import DocumentVersion, check_document_parameters, resolve_document
from ..instances.nodes import resolve_targets
from ..registry import Reply, Request, handles
from ..shared.tags import apply_tags
from ..state import RequestContext
from .fanout import begin_parent
from .model import MAX_QUEUED, MAX_RUNNING, AutomationExecution, AutomationStore
from .runner import launch

DEFAULT_MAX_CONCURRENCY = "10"  # StartAutomationExecution.MaxConcurrency: "The default value is 10."
DEFAULT_MAX_ERRORS = "0"  # the model gives none; the fake takes Run Command's


@handles("StartAutomationExecution")
def start_automation_execution(ctx: RequestContext, request: Request) -> Reply:
    return {"AutomationExecutionId": start_execution(ctx, request).execution_id}


def start_execution(ctx: RequestContext, request: Request) -> AutomationExecution:
    """StartAutomationExecution's work for any capability: the same checks and errors; the
    execution is stored (DescribeAutomationExecutions shows it) and starts on the clock."""
    store = ctx.state(AutomationStore)
    token = (request.get("ClientToken") or "").lower()
    if token:
        earlier = _same_token(store, token, request)
        if earlier is not None:
            return earlier
    _refuse_unsupported(request)
    document = _runbook(ctx, request)
    parent = _rate_control(ctx, request, document)
    parameters = {} if parent is not None else _checked(document, request.get("Parameters"))
    if store.running >= MAX_RUNNING and len(store.queue) >= MAX_QUEUED:
        # The error's documentation: "The number of simultaneously running Automation executions
        # exceeded the allowable limit."
        raise errors.AutomationExecutionLimitExceededException(
            f"The number of simultaneously running Automation executions exceeded the allowable limit: "
            f"{MAX_RUNNING} running and {MAX_QUEUED} queued in account {ctx.account_id} and region {ctx.region}."
        )
    execution = AutomationExecution(
        execution_id=str(uuid.uuid4()),
        seq=store.next_seq(),
        account_id=ctx.account_id,
        region=ctx.region,
        document=document,
        document_name=document.name,
        parameters=parameters,
        mode=request.get("Mode", "Auto"),
        requested=ctx.now,
        executed_by=f"arn:aws:iam::{ctx.account_id}:root",
        request=request,
    )
    apply_tags(execution.tags, request.get("Tags") or (), "Automation")
    if parent is not None:
        execution.target_parameter_name, execution.resolved_targets, execution.target_maps = parent
        execution.max_concurrency = request.get("MaxConcurrency", DEFAULT_MAX_CONCURRENCY)
        execution.max_errors = request.get("MaxErrors", DEFAULT_MAX_ERRORS)
    store.add(execution)
    if token:
        store.by_token[token] = (execution.execution_id, _fingerprint(request))
    if execution.is_parent:
        begin_parent(ctx.service, execution)
    else:
        launch(ctx.service, execution)
    return execution


def _fingerprint(request: Request) -> dict[str, Any]:
    return {key: value for key, value in request.items() if key != "ClientToken"}


def _same_token(store: AutomationStore, token: str, request: Request) -> AutomationExecution | None:
    """The execution an earlier call with this token started, if the call is the same."""
    earlier = store.by_token.get(token)
    if earlier is None:
        return None
    execution_id, fingerprint = earlier
    if fingerprint != _fingerprint(request):
        raise errors.IdempotentParameterMismatch(
            f"The ClientToken {request['ClientToken']} was already used to start automation execution "
            f"{execution_id} with other parameters; use a new token for a different request."
        )
    return store.executions.get(execution_id)


def _refuse_unsupported(request: Request) -> None:
    if request.get("TargetLocations") or request.get("TargetLocationsURL"):
        raise errors.NotImplementedByFake(
            "ssm_fake does not run automations in other accounts and regions (TargetLocations); "
            "start one execution per account and region instead."
        )


def _runbook(ctx: RequestContext, request: Request) -> DocumentVersion:
    name = request["DocumentName"]
    version = request.get("DocumentVersion")
    try:
        document = resolve_document(ctx, name, version)
    except errors.InvalidDocumentVersion:
        # The error's documentation: "An Automation runbook with the specified name and version could not be found."
        raise errors.AutomationDefinitionVersionNotFoundException(
            f"Document {name} with version {version} could not be found."
        ) from None
    except errors.InvalidDocument:
        # The error's documentation: "An Automation runbook with the specified name could not be found."
        raise errors.AutomationDefinitionNotFoundException(f"Document {name} could not be found.") from None
    if document.document_type != "Automation":
        raise errors.AutomationDefinitionNotFoundException(
            f"Document {name} is a {document.document_type} document, not an Automation runbook."
        )
    return document


def _checked(document: DocumentVersion, parameters: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """The documents capability's check, answered with Automation's error code."""
    try:
        return check_document_parameters(document, parameters)
    except errors.InvalidParameters as problem:
        raise errors.InvalidAutomationExecutionParametersException(problem.message) from None


RateControlled = tuple[str | None, list[str], list[dict[str, list[str]]]]


def _rate_control(ctx: RequestContext, request: Request, document: DocumentVersion) -> RateControlled | None:
    """(TargetParameterName, its resolved values, TargetMaps) of a rate-controlled request."""
    name: str | None = request.get("TargetParameterName")
    targets: list[dict[str, Any]] = request.get("Targets") or []
    target_maps: list[dict[str, list[str]]] = request.get("TargetMaps") or []
    if targets and target_maps:
        raise errors.InvalidAutomationExecutionParametersException("Both Targets and TargetMaps can't be specified.")
    if not name and not targets and not target_maps:
        return None
    given = dict(request.get("Parameters") or {})
    if target_maps:
        for target_map in target_maps:
            _checked(document, {**given, **target_map})
        return name, [], target_maps
    if not name:
        raise errors.InvalidAutomationExecutionParametersException(
            "TargetParameterName is required when you specify Targets."
        )
    if not targets:
        raise errors.InvalidAutomationExecutionParametersException(
            "Targets is required when you specify TargetParameterName."
        )
    if name not in document.parameters:
        raise errors.InvalidAutomationExecutionParametersException(
            f"TargetParameterName {name} is not a parameter of document {document.name}."
        )
    values = _resolve(ctx, targets)
    if values:
        _checked(document, {**given, name: [values[0]]})
    return name, values, []


def _resolve(ctx: RequestContext, targets: list[dict[str, Any]]) -> list[str]:
    """The target parameter's values: given (ParameterValues) or the managed nodes with a tag."""
    if len(targets) > 1:
        # Real reply, aws-cli issue 9028: "Only one resource group or tag can be specified at a time"
        raise errors.InvalidAutomationExecutionParametersException(
            "Only one resource group or tag can be specified at a time"
        )
    key = targets[0].get("Key", "")
    values: list[str] = list(targets[0].get("Values") or [])
    if key == "ParameterValues":
        return values
    if key.startswith("tag:") and len(key) > 4:
        return [node.instance_id for node in resolve_targets(ctx, targets)]
    if key == "ResourceGroup":
        raise errors.NotImplementedByFake(
            "ssm_fake does not model resource groups; target with ParameterValues or tag:KEY instead."
        )
    # Real reply, boto3 issue 1472: "Target key can have only following values : ParameterValues, ResourceGroup"
    raise errors.InvalidAutomationExecutionParametersException(
        "Target key can have only following values : ParameterValues, ResourceGroup, tag:<key>"
    )
