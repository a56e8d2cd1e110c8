"""How associations, their versions, executions and per-node results look on the wire,
derived at the moment of the read from what the runs recorded and the clock."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Any, NamedTuple

from .model import FAILED, PENDING, SUCCESS, Association, AssociationVersion, Execution, TargetResult

# Defaults an association reports for settings the request left out.
DEFAULT_DOCUMENT_VERSION = "$DEFAULT"
DEFAULT_SYNC_COMPLIANCE = "AUTO"
# What a new association shows before its first run (DescribeAssociation, AWS CLI reference
# example: "Overview": {"Status": "Pending", "DetailedStatus": "Creating"}).
CREATING = {"Status": PENDING, "DetailedStatus": "Creating", "AssociationStatusAggregatedCount": {}}
_VERSION_MEMBERS = (
    "Name",
    "Parameters",
    "Targets",
    "ScheduleExpression",
    "OutputLocation",
    "AssociationName",
    "MaxErrors",
    "MaxConcurrency",
    "ComplianceSeverity",
    "CalendarNames",
    "TargetLocations",
    "ScheduleOffset",
    "Duration",
    "TargetMaps",
)
_DESCRIPTION_MEMBERS = (*_VERSION_MEMBERS, "AutomationTargetParameterName", "AlarmConfiguration")
_LIST_MEMBERS = ("Name", "Targets", "ScheduleExpression", "AssociationName", "ScheduleOffset", "Duration", "TargetMaps")


class NodeState(NamedTuple):
    """An association's latest word on one node."""

    status: str
    detailed_status: str
    date: datetime | None
    summary: str


def _settings(version: AssociationVersion, members: tuple[str, ...]) -> dict[str, Any]:
    fields = version.fields
    reply = {name: fields[name] for name in members if fields.get(name) is not None}
    reply["DocumentVersion"] = fields.get("DocumentVersion") or DEFAULT_DOCUMENT_VERSION
    return reply


def description(
    association: Association, version: AssociationVersion, now: datetime, gone: AbstractSet[str]
) -> dict[str, Any]:
    """AssociationDescription of ``version`` (the current one unless DescribeAssociation asked)."""
    reply = _settings(version, _DESCRIPTION_MEMBERS)
    fields = version.fields
    status = association.status
    reply.update(
        AssociationId=association.association_id,
        AssociationVersion=str(version.number),
        Date=association.created,
        LastUpdateAssociationDate=association.updated,
        Status={"Date": status.date, "Name": status.name, "Message": status.message},
        Overview=overview(association, now, gone),
        SyncCompliance=fields.get("SyncCompliance") or DEFAULT_SYNC_COMPLIANCE,
        ApplyOnlyAtCronInterval=bool(fields.get("ApplyOnlyAtCronInterval", False)),
    )
    if status.additional_info is not None:
        reply["Status"]["AdditionalInfo"] = status.additional_info
    if association.instance_id is not None:
        reply["InstanceId"] = association.instance_id
    latest = association.latest
    if latest is not None:
        reply["LastExecutionDate"] = latest.created
    if association.last_success is not None:
        reply["LastSuccessfulExecutionDate"] = association.last_success
    return reply


def list_entry(association: Association, now: datetime, gone: AbstractSet[str]) -> dict[str, Any]:
    reply = _settings(association.current, _LIST_MEMBERS)
    reply.update(
        AssociationId=association.association_id,
        AssociationVersion=str(association.current.number),
        Overview=overview(association, now, gone),
    )
    if association.instance_id is not None:
        reply["InstanceId"] = association.instance_id
    latest = association.latest
    if latest is not None:
        reply["LastExecutionDate"] = latest.created
    return reply


def version_entry(association: Association, version: AssociationVersion) -> dict[str, Any]:
    reply = _settings(version, _VERSION_MEMBERS)
    fields = version.fields
    reply.update(
        AssociationId=association.association_id,
        AssociationVersion=str(version.number),
        CreatedDate=version.created,
        SyncCompliance=fields.get("SyncCompliance") or DEFAULT_SYNC_COMPLIANCE,
        ApplyOnlyAtCronInterval=bool(fields.get("ApplyOnlyAtCronInterval", False)),
    )
    return reply


def execution_entry(association: Association, execution: Execution, now: datetime) -> dict[str, Any]:
    status, detailed = execution.state(now)
    counts = execution.result.counts_at(execution.elapsed(now))
    reply: dict[str, Any] = {
        "AssociationId": association.association_id,
        "AssociationVersion": str(execution.version),
        "ExecutionId": execution.execution_id,
        "Status": status,
        "DetailedStatus": detailed,
        "CreatedTime": execution.created,
        "LastExecutionDate": execution.created,
        "ResourceCountByStatus": resource_count_by_status(counts),
    }
    alarms = association.versions[execution.version - 1].fields.get("AlarmConfiguration")
    if alarms:
        reply["AlarmConfiguration"] = alarms
    return reply


def resource_count_by_status(counts: Mapping[str, int]) -> str:
    """The string the service sends, e.g. ``{Success=2, Failed=1}`` (AWS CLI reference,
    describe-association-executions example: "ResourceCountByStatus": "{Success=1}")."""
    return "{" + ", ".join(f"{status}={count}" for status, count in counts.items()) + "}"


def execution_target_entry(
    association: Association, execution: Execution, target: TargetResult, now: datetime
) -> dict[str, Any]:
    elapsed = execution.elapsed(now)
    status, detailed = target.state_at(elapsed)
    return {
        "AssociationId": association.association_id,
        "AssociationVersion": str(execution.version),
        "ExecutionId": execution.execution_id,
        "ResourceId": target.instance_id,
        "ResourceType": target.resource_type,
        "Status": status,
        "DetailedStatus": detailed,
        "LastExecutionDate": execution.ended(target) if elapsed >= target.ended_after else execution.created,
    }


def node_state(association: Association, instance_id: str, now: datetime) -> NodeState:
    """The latest of: the node's result in the newest run that reached it, and the status
    UpdateAssociationStatus last set for it; Pending when neither exists yet."""
    found = association.latest_for(instance_id)
    update = association.node_updates.get(instance_id)
    if update is not None and (found is None or update.date >= found[0].created):
        return NodeState(update.name, update.name, update.date, update.message)
    if found is None:
        return NodeState(PENDING, PENDING, None, "")
    execution, target = found
    status, detailed = target.state_at(execution.elapsed(now))
    return NodeState(status, detailed, execution.created, target.summary)


def instance_status_entry(association: Association, instance_id: str, now: datetime) -> dict[str, Any]:
    version = association.current
    state = node_state(association, instance_id, now)
    reply: dict[str, Any] = {
        "AssociationId": association.association_id,
        "Name": version.name,
        "DocumentVersion": version.fields.get("DocumentVersion") or DEFAULT_DOCUMENT_VERSION,
        "AssociationVersion": str(version.number),
        "InstanceId": instance_id,
        "Status": state.status,
        "DetailedStatus": state.detailed_status,
    }
    if state.date is not None:
        reply["ExecutionDate"] = state.date
    if state.summary:
        reply["ExecutionSummary"] = state.summary[:512]
    if version.fields.get("AssociationName"):
        reply["AssociationName"] = version.fields["AssociationName"]
    return reply


def overview(association: Association, now: datetime, gone: AbstractSet[str]) -> dict[str, Any]:
    """AssociationOverview: the targets of the latest full run and of the partial runs since
    (nodes that joined) by status, nodes deregistered since (``gone``) left out, with statuses
    UpdateAssociationStatus set later taking their node's place."""
    runs = association.since_last_full_run()
    updates = association.node_updates
    if not runs and not updates:
        return {**CREATING, "AssociationStatusAggregatedCount": {}}
    latest = runs[-1] if runs else None
    if latest is not None and not latest.result.targets:
        status, detailed = latest.state(now)
        return {"Status": status, "DetailedStatus": detailed, "AssociationStatusAggregatedCount": {}}
    if latest is not None and len(runs) == 1 and not updates:
        targets = latest.result.targets
        if not gone or targets.keys().isdisjoint(gone):
            status, detailed = latest.state(now)
            return {
                "Status": overview_status(status),
                "DetailedStatus": detailed,
                "AssociationStatusAggregatedCount": latest.result.counts_at(latest.elapsed(now)),
            }
    states: dict[str, str] = {}
    for execution in runs:
        elapsed = execution.elapsed(now)
        for instance_id, target in execution.result.targets.items():
            if instance_id not in gone:
                states[instance_id] = target.state_at(elapsed)[0]
    for instance_id, update in updates.items():
        if latest is None or update.date >= latest.created:
            states[instance_id] = update.name
    counts: dict[str, int] = {}
    for status in states.values():
        counts[status] = counts.get(status, 0) + 1
    summary = aggregate_status(counts)
    detailed = "InProgress" if "InProgress" in counts else summary
    return {"Status": summary, "DetailedStatus": detailed, "AssociationStatusAggregatedCount": counts}


def overview_status(status: str) -> str:
    """Overview.Status is one of Pending, Success, Failed."""
    return {SUCCESS: SUCCESS, PENDING: PENDING, "InProgress": PENDING}.get(status, FAILED)


def aggregate_status(counts: Mapping[str, int]) -> str:
    """Success when every node succeeded, Failed when any did not, else Pending."""
    if not counts:
        return PENDING
    if any(overview_status(status) == FAILED for status in counts):
        return FAILED
    if set(counts) == {SUCCESS}:
        return SUCCESS
    return PENDING
