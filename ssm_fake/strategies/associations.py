"""Request recipes for State Manager associations (``backend/associations``).

Associations run a Command document on targets (AWS-RunShellScript, which needs its
``commands``) or an Automation runbook (AWS-RestartEC2Instance, which needs ``InstanceId``,
given or filled in per target by AutomationTargetParameterName); both are Amazon's, so they
exist in every account. The legacy ``InstanceId`` form takes none of the newer settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from .primitives import (
    INSTANCE_IDS,
    RESOURCE_NAMES,
    SMALL_TEXT,
    UUIDS,
    WORD,
    Request,
    RequestStrategy,
    max_results,
    request_of,
)
from .resources import tags
from .schedules import association_schedules, crons

_RATES = st.sampled_from(["1", "10", "50", "10%", "50%", "100%"])
_COMMANDS = st.lists(SMALL_TEXT.map(lambda text: "echo " + text), min_size=1, max_size=3)
_NODE_LISTS = st.lists(INSTANCE_IDS, min_size=1, max_size=3, unique=True)
_TARGETS = st.one_of(
    _NODE_LISTS.map(lambda ids: [{"Key": "InstanceIds", "Values": ids}]),
    st.tuples(WORD, st.lists(WORD, min_size=1, max_size=3)).map(
        lambda pair: [{"Key": "tag:" + pair[0], "Values": pair[1]}]
    ),
)
_SEVERITIES = st.sampled_from(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNSPECIFIED"])


@st.composite
def _schedule(draw: st.DrawFn) -> Request:
    """A schedule, with ApplyOnlyAtCronInterval and ScheduleOffset only where they apply."""
    if draw(st.booleans()):
        return {}
    if not draw(st.booleans()):
        return {"ScheduleExpression": draw(association_schedules())}
    chosen: Request = {"ScheduleExpression": draw(crons()), "ApplyOnlyAtCronInterval": True}
    if draw(st.booleans()):
        chosen["ScheduleOffset"] = draw(st.integers(1, 6))
    return chosen


def _runs() -> RequestStrategy:
    """What an association runs and where: the members of one CreateAssociation entry."""
    command = request_of(
        {
            "Name": st.just("AWS-RunShellScript"),
            "Parameters": _COMMANDS.map(lambda lines: {"commands": lines}),
            "Targets": _TARGETS,
        }
    )
    runbook = request_of(
        {"Name": st.just("AWS-RestartEC2Instance"), "Parameters": _NODE_LISTS.map(lambda ids: {"InstanceId": ids})},
    )
    per_target = request_of(
        {
            "Name": st.just("AWS-RestartEC2Instance"),
            "AutomationTargetParameterName": st.just("InstanceId"),
            "Targets": _TARGETS,
        }
    )
    return st.one_of(command, runbook, per_target)


_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "AssociationName": RESOURCE_NAMES,
    "MaxConcurrency": _RATES,
    "MaxErrors": _RATES | st.just("0"),
    "ComplianceSeverity": _SEVERITIES,
    "SyncCompliance": st.sampled_from(["AUTO", "MANUAL"]),
}


@st.composite
def _entry(draw: st.DrawFn) -> Request:
    """One association: with Targets (or none, for a runbook) and any of the newer settings, or
    the legacy InstanceId form, which takes none of them."""
    if draw(st.integers(0, 5)) == 0:
        return {
            "Name": "AWS-RunShellScript",
            "InstanceId": draw(INSTANCE_IDS),
            "Parameters": {"commands": draw(_COMMANDS)},
        }
    return draw(_runs()) | draw(st.fixed_dictionaries({}, optional=_OPTIONAL)) | draw(_schedule())


@st.composite
def _create_association(draw: st.DrawFn) -> Request:
    created = draw(_entry())
    if draw(st.booleans()):
        created["Tags"] = draw(tags(min_size=1, max_size=5))
    return created


def _by_id_or_legacy_pair() -> RequestStrategy:
    return st.one_of(
        request_of({"AssociationId": UUIDS}),
        request_of({"Name": st.just("AWS-RunShellScript"), "InstanceId": INSTANCE_IDS}),
    )


@st.composite
def _update_association(draw: st.DrawFn) -> Request:
    """A new version of an association made with Targets. Settings left out are cleared, so the
    version names its document and that document's parameters; the targets are kept."""
    updated: Request = {"AssociationId": draw(UUIDS)}
    if draw(st.booleans()):
        updated |= {"Name": "AWS-RunShellScript", "Parameters": {"commands": draw(_COMMANDS)}}
    else:
        updated |= {"Name": "AWS-RestartEC2Instance", "Parameters": {"InstanceId": draw(_NODE_LISTS)}}
    updated |= draw(st.fixed_dictionaries({}, optional=_OPTIONAL | {"AssociationVersion": st.just("$LATEST")}))
    return updated | draw(_schedule())


def _association_filters() -> st.SearchStrategy[list[dict[str, str]]]:
    one = st.one_of(
        st.fixed_dictionaries({"key": st.just("Name"), "value": st.sampled_from(["AWS-RunShellScript", "Custom"])}),
        st.fixed_dictionaries({"key": st.just("AssociationId"), "value": UUIDS}),
        st.fixed_dictionaries({"key": st.just("AssociationName"), "value": RESOURCE_NAMES}),
        st.fixed_dictionaries({"key": st.just("InstanceId"), "value": INSTANCE_IDS}),
        st.fixed_dictionaries(
            {"key": st.just("AssociationStatusName"), "value": st.sampled_from(["Pending", "Success", "Failed"])}
        ),
        st.fixed_dictionaries(
            {
                "key": st.sampled_from(["LastExecutedBefore", "LastExecutedAfter"]),
                "value": st.sampled_from(["2024-07-07T00:00:00Z", "2030-01-01T12:30:00Z"]),
            }
        ),
    )
    return st.lists(one, min_size=1, max_size=3)


def _execution_filters() -> st.SearchStrategy[list[dict[str, str]]]:
    one = st.one_of(
        st.fixed_dictionaries({"Key": st.just("ExecutionId"), "Value": UUIDS, "Type": st.just("EQUAL")}),
        st.fixed_dictionaries(
            {
                "Key": st.just("Status"),
                "Value": st.sampled_from(["Pending", "Success", "Failed"]),
                "Type": st.just("EQUAL"),
            }
        ),
        st.fixed_dictionaries(
            {
                "Key": st.just("CreatedTime"),
                "Value": st.sampled_from(["2024-07-07T00:00:00Z", "2030-01-01T12:30:00Z"]),
                "Type": st.sampled_from(["EQUAL", "LESS_THAN", "GREATER_THAN"]),
            }
        ),
    )
    return st.lists(one, min_size=1, max_size=3)


RECIPES: dict[str, Callable[[], RequestStrategy]] = {
    "CreateAssociation": _create_association,
    "CreateAssociationBatch": lambda: request_of({"Entries": st.lists(_entry(), min_size=1, max_size=3)}),
    "DescribeAssociation": lambda: st.tuples(
        _by_id_or_legacy_pair(), request_of({}, {"AssociationVersion": st.just("$LATEST") | st.integers(1, 5).map(str)})
    ).map(lambda pair: pair[0] | pair[1]),
    "ListAssociations": lambda: request_of(
        {}, {"AssociationFilterList": _association_filters(), "MaxResults": max_results("ListAssociations")}
    ),
    "UpdateAssociation": _update_association,
    "DeleteAssociation": _by_id_or_legacy_pair,
    "ListAssociationVersions": lambda: request_of(
        {"AssociationId": UUIDS}, {"MaxResults": max_results("ListAssociationVersions")}
    ),
    "DescribeAssociationExecutions": lambda: request_of(
        {"AssociationId": UUIDS},
        {"Filters": _execution_filters(), "MaxResults": max_results("DescribeAssociationExecutions")},
    ),
    "DescribeAssociationExecutionTargets": lambda: request_of(
        {"AssociationId": UUIDS, "ExecutionId": UUIDS},
        {"MaxResults": max_results("DescribeAssociationExecutionTargets")},
    ),
    "DescribeEffectiveInstanceAssociations": lambda: request_of(
        {"InstanceId": INSTANCE_IDS}, {"MaxResults": max_results("DescribeEffectiveInstanceAssociations")}
    ),
    "DescribeInstanceAssociationsStatus": lambda: request_of(
        {"InstanceId": INSTANCE_IDS}, {"MaxResults": max_results("DescribeInstanceAssociationsStatus")}
    ),
    "UpdateAssociationStatus": lambda: request_of(
        {
            "Name": st.just("AWS-RunShellScript"),
            "InstanceId": INSTANCE_IDS,
            "AssociationStatus": st.fixed_dictionaries(
                {
                    "Date": st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
                    "Name": st.sampled_from(["Pending", "Success", "Failed"]),
                    "Message": SMALL_TEXT.filter(bool),
                },
                optional={"AdditionalInfo": SMALL_TEXT},
            ),
        }
    ),
    "StartAssociationsOnce": lambda: request_of(
        {"AssociationIds": st.lists(UUIDS, min_size=1, max_size=3, unique=True)}
    ),
}

# Legacy lookups by Name and InstanceId need the node and then its association.
_LEGACY = ["AssociationDoesNotExist", "InvalidInstanceId", "InvalidDocument"]
STATE_ERRORS: dict[str, list[str]] = {
    "CreateAssociation": ["InvalidInstanceId", "UnsupportedPlatformType", "AssociationAlreadyExists"],
    "DescribeAssociation": [*_LEGACY, "InvalidAssociationVersion"],
    # The stored association decides the rest: its document's type must stay the same. (One made
    # with the legacy InstanceId takes none of the newer settings: that is ValidationException.)
    "UpdateAssociation": [
        "AssociationDoesNotExist",
        "AssociationVersionLimitExceeded",
        "InvalidUpdate",
    ],
    "DeleteAssociation": _LEGACY,
    "ListAssociationVersions": ["AssociationDoesNotExist"],
    "DescribeAssociationExecutions": ["AssociationDoesNotExist"],
    "DescribeAssociationExecutionTargets": ["AssociationDoesNotExist", "AssociationExecutionDoesNotExist"],
    "StartAssociationsOnce": ["AssociationDoesNotExist", "InvalidAssociation"],
    "DescribeEffectiveInstanceAssociations": ["InvalidInstanceId"],
    "DescribeInstanceAssociationsStatus": ["InvalidInstanceId"],
    # The status must differ from the association's current one.
    "UpdateAssociationStatus": [*_LEGACY, "StatusUnchanged"],
}
