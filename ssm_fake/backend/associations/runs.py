"""Association runs on the service's clock: when they happen and how each target ends.

An association applies when it is created or updated (unless ``ApplyOnlyAtCronInterval``),
then at each time its schedule gives, and whenever StartAssociationsOnce asks. Every run is
an :class:`~.model.Execution` over the managed nodes the targets match *at that moment*, so
nodes added or tagged later are picked up by the next run.

Each target's outcome comes from Run Command's rules (``current_playbook(service).outcome``:
the handler and rules tests set with ``ssm.set_command_handler`` / ``set_command_outcome``),
asked once per document step as Run Command does, but without creating a command: State
Manager runs documents through its own channel, so association runs do not show in
ListCommands (the user guide's State Manager pages describe association executions and their
targets, never commands). A step's ``duration`` keeps the target InProgress that long;
MaxConcurrency and MaxErrors (``shared.rate_control``) decide when each target starts and
which ones never start once too many failed.

Asking the rules for every node of every run would cost far more than the run itself
(hundreds of nodes every 30 minutes for weeks of clock time), so while no handler is set the
outcome of each node is kept with the association and reused until the rules, the
document version or the association version change; and a run whose
nodes and outcomes equal the previous run's shares its :class:`~.model.RunResult`. A handler,
being arbitrary code, is asked on every run.
"""

from __future__ import annotations

import heapq
import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, NamedTuple

from ... import errors
from ..automation.interface import AutomationExecution, start_execution
from ..commands.interface import (
    ERROR_DETAILS,
    FINAL_STATES,
    CommandRun,
    Playbook,
    current_playbook,
    plugin_timeout,
)
from ..documents.interface import DocumentVersion, Step, check_document_parameters, render_steps, resolve_document
from ..instances.nodes import InstanceRegistry, ManagedNode
from ..shared.rate_control import RateControl
from ..shared.targets import select
from ..state import RequestContext, ServiceState
from .model import (
    FAILED,
    SUCCESS,
    Association,
    AssociationStore,
    AssociationVersion,
    Execution,
    NodeStatus,
    RunResult,
    TargetResult,
)

# "The default value is 100%, which means all targets run the association at the same time."
DEFAULT_MAX_CONCURRENCY = "100%"
# The execution-target resource type of an Automation runbook's run: the fake's choice, as
# no public output shows what the service reports there (docs/associations.md).
AUTOMATION_RESOURCE = "AutomationExecution"


class NodeOutcome(NamedTuple):
    """How the document ends on one node: final state (a key of FINAL_STATES), seconds it
    takes, and the agent's summary line."""

    state: str
    duration: float
    summary: str


@dataclass(eq=False)
class OutcomeCache:
    """What decided the last run's outcomes, the outcomes per node, and the last result."""

    key: tuple[Any, ...]
    nodes: dict[str, NodeOutcome] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    result: RunResult | None = None


# --- when runs happen ---------------------------------------------------------------------


def arm(service: ServiceState, store: AssociationStore, association: Association, *, apply_now: bool) -> None:
    """(Re)start the association's timers after a create or an update: a run now unless
    ApplyOnlyAtCronInterval, then the schedule. Older timers of the association lapse."""
    association.generation += 1
    generation = association.generation
    now = service.clock.now()
    if apply_now:
        service.clock.call_at(now, partial(_scheduled_run, service, store, association, generation, now))
    else:
        _arm_next(service, store, association, generation, now)


def run_once(service: ServiceState, store: AssociationStore, association: Association) -> None:
    """StartAssociationsOnce: one run at the current instant, outside the schedule."""
    now = service.clock.now()
    service.clock.call_at(now, partial(_single_run, service, store, association, now))


def _single_run(service: ServiceState, store: AssociationStore, association: Association, at: datetime) -> None:
    if not association.deleted:
        run(service, store, association, at)


def apply_to_new_node(service: ServiceState, store: AssociationStore, association: Association, node_id: str) -> None:
    """A node the targets match came under management: the association applies to it now,
    in an execution of its own ("the system runs it [...] when target changes are
    detected", ApplyOnlyAtCronInterval), unless the association waits for its cron times."""
    if association.current.fields.get("ApplyOnlyAtCronInterval"):
        return
    generation, now = association.generation, service.clock.now()
    service.clock.call_at(now, partial(_new_node_run, service, store, association, generation, now, node_id))


def _new_node_run(
    service: ServiceState,
    store: AssociationStore,
    association: Association,
    generation: int,
    at: datetime,
    node_id: str,
) -> None:
    if not association.deleted and association.generation == generation:
        run(service, store, association, at, only=node_id)


def _scheduled_run(
    service: ServiceState, store: AssociationStore, association: Association, generation: int, at: datetime
) -> None:
    if association.deleted or association.generation != generation:
        return
    run(service, store, association, at)
    _arm_next(service, store, association, generation, at)


def _arm_next(
    service: ServiceState, store: AssociationStore, association: Association, generation: int, after: datetime
) -> None:
    version = association.current
    if version.schedule is None:
        return
    when = version.schedule.next_after(
        after, anchor=version.created, offset_days=int(version.fields.get("ScheduleOffset") or 0)
    )
    if when is not None:
        service.clock.call_at(when, partial(_scheduled_run, service, store, association, generation, when))


# --- one run ------------------------------------------------------------------------------


def run(
    service: ServiceState, store: AssociationStore, association: Association, now: datetime, *, only: str | None = None
) -> Execution | None:
    """Run the association as of ``now``, the instant its timer was due (on the node ``only``
    when given), and record the execution; None when no target matched."""
    ctx = RequestContext(service, store.account_id, store.region, "", now)
    version = association.current
    try:
        document = resolve_document(ctx, version.name, version.fields.get("DocumentVersion"))
        automation: AutomationExecution | None = None
        if document.document_type == "Automation":
            automation = start_automation(ctx, version)
            result: RunResult | None = _automation_result(automation, now)
        else:
            result = _command_run(ctx, association, version, document, only)
    except errors.ServiceError as problem:
        # The document or its parameters changed under the association since it was made.
        result = RunResult.failure(FAILED, problem.message or problem.code)
    if result is None:
        return None
    seq = len(association.executions) + 1
    execution = Execution(str(uuid.uuid4()), seq, version.number, now, result, partial=only is not None)
    association.record(execution)
    if automation is not None and not automation.final:
        automation.watchers.append(lambda ended: setattr(execution, "result", _automation_result(ended, now)))
    if result.note:
        association.status = NodeStatus(now, FAILED, result.note[:1024], None)
    return execution


def start_automation(ctx: RequestContext, version: AssociationVersion) -> AutomationExecution:
    """An Automation runbook's association run: one automation execution, rate-controlled over
    the targets when AutomationTargetParameterName names the parameter that takes them ("Run
    an automation with State Manager": the association's Targets, MaxConcurrency and MaxErrors
    go to the execution). Its errors are StartAutomationExecution's."""
    fields = version.fields
    request: dict[str, Any] = {"DocumentName": version.name}
    for member in ("DocumentVersion", "Parameters"):
        if fields.get(member):
            request[member] = fields[member]
    target_parameter = fields.get("AutomationTargetParameterName")
    if target_parameter and version.targets:
        request["TargetParameterName"] = target_parameter
        request["Targets"] = version.targets
        for member in ("MaxConcurrency", "MaxErrors"):
            if fields.get(member):
                request[member] = fields[member]
    return start_execution(ctx, request)


def _automation_result(automation: AutomationExecution, started: datetime) -> RunResult:
    """The run's one target, the automation execution: InProgress until it ends, then Success
    or Failed with the execution's own status as DetailedStatus."""
    if not automation.final:
        running = "InProgress"
        return RunResult.of(
            [TargetResult(automation.execution_id, running, running, 0.0, math.inf, "", AUTOMATION_RESOURCE)]
        )
    ended = automation.ended or started
    status = SUCCESS if automation.status == "Success" else FAILED
    summary = automation.failure_message or ""
    elapsed = max((ended - started).total_seconds(), 0.0)
    return RunResult.of(
        [TargetResult(automation.execution_id, status, automation.status, 0.0, elapsed, summary, AUTOMATION_RESOURCE)]
    )


def targeted_nodes(ctx: RequestContext, association: Association) -> list[ManagedNode]:
    """The online managed nodes the association applies to now, in registration order."""
    registry = ctx.state(InstanceRegistry)
    if association.instance_id is not None:
        node = registry.node(association.instance_id)
        return [node] if node is not None and node.is_online else []
    online = (node for node in registry.nodes.values() if node.is_online)
    return select(association.current.targets, online)


def applies_to(association: Association, node: ManagedNode) -> bool:
    """Whether the node runs the association now: a Command document's association whose
    legacy InstanceId is the node, or whose targets match it (runbooks run in Automation,
    not on the node)."""
    if association.current.document_type != "Command":
        return False
    if association.instance_id is not None:
        return association.instance_id == node.instance_id
    targets = association.current.targets
    return bool(targets) and bool(select(targets, [node]))


def _command_run(
    ctx: RequestContext,
    association: Association,
    version: AssociationVersion,
    document: DocumentVersion,
    only: str | None,
) -> RunResult | None:
    nodes = targeted_nodes(ctx, association)
    if only is not None:
        nodes = [node for node in nodes if node.instance_id == only]
    if not nodes:
        return None
    playbook = current_playbook(ctx.service)
    key = (version.number, document.name, document.document_version, playbook)
    cache: OutcomeCache | None = association.cache
    if playbook.handler is not None or cache is None or cache.key != key:
        cache = OutcomeCache(key)
    ids = [node.instance_id for node in nodes]
    if only is None and cache.result is not None and cache.order == ids:
        return cache.result
    new_nodes = [node for node in nodes if node.instance_id not in cache.nodes]
    if new_nodes:
        parameters = check_document_parameters(document, version.fields.get("Parameters"))
        steps = render_steps(document, parameters)
        for node in new_nodes:
            cache.nodes[node.instance_id] = _node_outcome(playbook, association, document, parameters, steps, node)
    outcomes = [cache.nodes[instance_id] for instance_id in ids]
    result = RunResult.of(_plan(ids, outcomes, version.fields))
    if only is None:
        cache.order, cache.result = ids, result
    association.cache = cache if playbook.handler is None else None
    return result


def _node_outcome(
    playbook: Playbook,
    association: Association,
    document: DocumentVersion,
    parameters: dict[str, list[str]],
    steps: list[Step],
    node: ManagedNode,
) -> NodeOutcome:
    """Ask the rules once per step, as Run Command does; the node ends as its first step that
    did not succeed, after all steps' durations."""
    if document.platform_types and node.platform_type not in document.platform_types:
        return NodeOutcome("InvalidPlatform", 0.0, _summary(len(steps), 0, 0, 0, len(steps)))
    state, duration = "Success", 0.0
    success = failed = timed_out = 0
    for step in steps:
        outcome = playbook.outcome(
            CommandRun(
                command_id=association.association_id,
                instance_id=node.instance_id,
                platform=node.platform_type,
                document_name=document.name,
                document_version=document.document_version,
                parameters=parameters,
                plugin=step,
            )
        )
        step_state, step_duration = outcome.status, float(outcome.duration)
        limit = plugin_timeout(step.inputs)
        if step_duration > limit:
            step_state, step_duration = "TimedOut", float(limit)
        duration += step_duration
        details = FINAL_STATES[step_state][1]
        if details == "Success":
            success += 1
        elif details == "ExecutionTimedOut":
            timed_out += 1
        else:
            failed += 1
        if state == "Success" and step_state != "Success":
            state = step_state
    return NodeOutcome(state, duration, _summary(len(steps), success, failed, timed_out, 0))


def _summary(steps: int, success: int, failed: int, timed_out: int, skipped: int) -> str:
    """SSM Agent's line for an association run (amazon-ssm-agent, association processor's
    outputMessageTemplate: "%v out of %v plugin%v processed, %v success, %v failed, %v
    timedout, %v skipped")."""
    plural = "s" if steps != 1 else ""
    processed = success + failed + timed_out
    return (
        f"{processed} out of {steps} plugin{plural} processed, {success} success, {failed} failed, "
        f"{timed_out} timedout, {skipped} skipped"
    )


def _plan(ids: list[str], outcomes: list[NodeOutcome], fields: dict[str, Any] | Any) -> list[TargetResult]:
    """When each target starts and ends under MaxConcurrency / MaxErrors (the same ramp-up as
    Run Command: one first, then one more per completed one, up to MaxConcurrency); targets
    not started once more than MaxErrors failed end Terminated."""
    max_errors = fields.get("MaxErrors")
    max_concurrency = fields.get("MaxConcurrency")
    if max_concurrency is None and max_errors is None:
        # Everything at once, and MaxErrors doesn't stop anything.
        return [_target(i, o, 0.0, o.duration) for i, o in zip(ids, outcomes, strict=True)]
    limits = RateControl(max_concurrency or DEFAULT_MAX_CONCURRENCY, max_errors or str(len(ids)), len(ids))
    results: list[TargetResult] = []
    running: list[tuple[float, int]] = []
    now = 0.0
    completed = errors_seen = 0
    index = 0
    while index < len(ids):
        if limits.exceeded(errors_seen):
            break
        for _ in range(min(limits.may_start(len(running), completed), len(ids) - index)):
            outcome = outcomes[index]
            results.append(_target(ids[index], outcome, now, now + outcome.duration))
            heapq.heappush(running, (now + outcome.duration, index))
            index += 1
        if index >= len(ids) or not running:
            break
        now, done = heapq.heappop(running)
        finished = [done]
        while running and running[0][0] == now:
            finished.append(heapq.heappop(running)[1])
        completed += len(finished)
        errors_seen += sum(1 for i in finished if FINAL_STATES[outcomes[i].state][1] in ERROR_DETAILS)
    status, details = FINAL_STATES["Terminated"]
    for position in range(index, len(ids)):
        results.append(TargetResult(ids[position], status, details, now, now, _summary(0, 0, 0, 0, 0)))
    return results


def _target(instance_id: str, outcome: NodeOutcome, started: float, ended: float) -> TargetResult:
    status, details = FINAL_STATES[outcome.state]
    return TargetResult(instance_id, status, details, started, ended, outcome.summary)
