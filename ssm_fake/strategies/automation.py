"""Request recipes for Automation (``backend/automation``).

Executions run AWS-RestartEC2Instance, an Amazon runbook every account has, whose one
required parameter is ``InstanceId``: given, or filled in per target (TargetParameterName
with ParameterValues targets, rate control). Filters take the keys and statuses the model
names, and times in ``yyyy-MM-dd'T'HH:mm:ss'Z'``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from .. import model
from .primitives import INSTANCE_IDS, UUIDS, WORD, Request, RequestStrategy, max_results, request_of
from .resources import tags

_RUNBOOK = "AWS-RestartEC2Instance"
_NODE_LISTS = st.lists(INSTANCE_IDS, min_size=1, max_size=3, unique=True)
_RATES = st.sampled_from(["1", "5", "10%", "100%"])
_MOMENTS = st.sampled_from(["2024-11-04T05:00:00Z", "2030-01-01T12:30:00Z"])


@cache
def _statuses() -> tuple[str, ...]:
    return tuple(model.service_model().shape_for("AutomationExecutionStatus").enum)


@st.composite
def _start(draw: st.DrawFn) -> Request:
    started: Request = {"DocumentName": _RUNBOOK}
    if draw(st.booleans()):
        started["Parameters"] = {"InstanceId": draw(_NODE_LISTS)}
    else:
        started |= {
            "TargetParameterName": "InstanceId",
            "Targets": [{"Key": "ParameterValues", "Values": draw(_NODE_LISTS)}],
        }
        started |= draw(st.fixed_dictionaries({}, optional={"MaxConcurrency": _RATES, "MaxErrors": _RATES}))
    return started | draw(
        st.fixed_dictionaries(
            {},
            optional={
                "DocumentVersion": st.sampled_from(["$DEFAULT", "$LATEST"]),
                "Mode": st.sampled_from(["Auto", "Interactive"]),
                "ClientToken": UUIDS,
                "Tags": tags(min_size=1),
            },
        )
    )


def _execution_filters() -> st.SearchStrategy[list[dict[str, Any]]]:
    one = st.one_of(
        st.fixed_dictionaries(
            {"Key": st.just("DocumentNamePrefix"), "Values": st.lists(st.just("AWS-") | WORD, min_size=1, max_size=2)}
        ),
        st.fixed_dictionaries(
            {
                "Key": st.just("ExecutionStatus"),
                "Values": st.lists(st.sampled_from(_statuses()), min_size=1, max_size=3),
            }
        ),
        st.fixed_dictionaries(
            {
                "Key": st.sampled_from(["ExecutionId", "ParentExecutionId"]),
                "Values": st.lists(UUIDS, min_size=1, max_size=2),
            }
        ),
        st.fixed_dictionaries(
            {"Key": st.sampled_from(["StartTimeBefore", "StartTimeAfter"]), "Values": _MOMENTS.map(lambda m: [m])}
        ),
        st.fixed_dictionaries({"Key": st.just("TagKey"), "Values": st.lists(WORD, min_size=1, max_size=2)}),
        st.fixed_dictionaries(
            {"Key": st.just("AutomationType"), "Values": st.sampled_from(["Local", "CrossAccount"]).map(lambda v: [v])}
        ),
    )
    return st.lists(one, min_size=1, max_size=3)


@st.composite
def _signal(draw: st.DrawFn) -> Request:
    """Each signal with the payload it reads (Revoke is for change requests, which the fake has none of)."""
    signal = draw(st.sampled_from(["Approve", "Reject", "StartStep", "StopStep", "Resume"]))
    sent: Request = {"AutomationExecutionId": draw(UUIDS), "SignalType": signal}
    if signal in ("Approve", "Reject") and draw(st.booleans()):
        sent["Payload"] = {"Comment": [draw(WORD)]}
    elif signal in ("StartStep", "Resume"):
        sent["Payload"] = {"StepName": [draw(WORD)]}
    elif signal == "StopStep":
        sent["Payload"] = {"StepExecutionId": [draw(UUIDS)]}
    return sent


RECIPES: dict[str, Callable[[], RequestStrategy]] = {
    "StartAutomationExecution": _start,
    "GetAutomationExecution": lambda: request_of({"AutomationExecutionId": UUIDS}),
    "StopAutomationExecution": lambda: request_of(
        {"AutomationExecutionId": UUIDS}, {"Type": st.sampled_from(["Complete", "Cancel"])}
    ),
    "DescribeAutomationExecutions": lambda: request_of(
        {}, {"Filters": _execution_filters(), "MaxResults": max_results("DescribeAutomationExecutions")}
    ),
    "SendAutomationSignal": _signal,
    "DescribeAutomationStepExecutions": lambda: request_of(
        {"AutomationExecutionId": UUIDS},
        {"MaxResults": max_results("DescribeAutomationStepExecutions"), "ReverseOrder": st.booleans()},
    ),
}

_MISSING = ["AutomationExecutionNotFoundException"]
STATE_ERRORS: dict[str, list[str]] = {
    # Too many executions already running and queued.
    "StartAutomationExecution": ["AutomationExecutionLimitExceededException", "IdempotentParameterMismatch"],
    "GetAutomationExecution": _MISSING,
    "StopAutomationExecution": [*_MISSING, "InvalidAutomationStatusUpdateException"],
    "DescribeAutomationStepExecutions": _MISSING,
    # Whether the signal fits depends on the execution's current step.
    "SendAutomationSignal": [*_MISSING, "InvalidAutomationSignalException", "AutomationStepNotFoundException"],
}
