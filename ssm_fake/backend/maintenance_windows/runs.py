"""Executions on the clock: when a window runs, and what happens during a run.

Each enabled window keeps exactly one timer on the service's clock, at its next run time
(:func:`arm`); changing, disabling or deleting the window re-arms it, and a timer of an
older generation does nothing. When the timer fires, an execution starts
(:func:`start_execution`), as "Maintenance window task priorities", "Cutoff" and
"Duration" in the user guide describe it:

* tasks start in priority order, lowest number first; tasks of equal priority start
  together, and the next priority starts once all of them ended;
* Cutoff hours before the end no new task starts, and running tasks registered with
  ``CutoffBehavior=CANCEL_TASK`` are cancelled (Run Command) or start no more invocations
  (other types); such a task that did not complete ends ``TIMED_OUT``;
* at the end of the Duration whatever still runs ends ``TIMED_OUT`` with the execution;
* a run that falls due while the previous one still runs is ``SKIPPED_OVERLAPPING``;
* an execution whose tasks ended is ``FAILED`` when one failed ("One or more tasks in the
  orchestration failed.", the service's wording), else ``SUCCESS``.

How one task runs its invocations is ``task_runners``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from itertools import groupby

from . import task_runners
from .settings import next_run
from .store import Execution, TaskExecution, Window, WindowStore, WindowTask, clip, new_uuid

TASK_FAILED = "One or more tasks in the orchestration failed."
OVERLAPPING = "The previous execution of this maintenance window was still running."
WINDOW_ENDED = "The maintenance window's duration ended before every task finished."
CUTOFF_SKIPPED = "The maintenance window's cutoff was reached before every task started."
CANCELLED = "The execution was cancelled."


def arm(store: WindowStore, window: Window, after: datetime) -> None:
    """Forget the window's pending timer and set one at its next run after ``after``."""
    window.armed += 1
    if window.deleted or not window.enabled:
        return
    when = next_run(window, after)
    if when is not None:
        store.service.clock.call_at(when, partial(_fire, store, window, window.armed, when))


def _fire(store: WindowStore, window: Window, generation: int, when: datetime) -> None:
    if window.deleted or window.armed != generation:
        return
    start_execution(store, window)
    arm(store, window, when)


def start_execution(store: WindowStore, window: Window) -> Execution:
    clock = store.service.clock
    now = clock.now()
    execution = Execution(new_uuid(), window, store.next_seq(), now)
    window_running = window.running
    window.executions.append(execution)
    store.executions[execution.execution_id] = execution
    if window_running is not None:
        execution.status, execution.status_details, execution.end = "SKIPPED_OVERLAPPING", OVERLAPPING, now
        return execution
    ordered = sorted(window.tasks.values(), key=lambda task: (task.priority, task.seq))
    execution.waiting = [list(group) for _, group in groupby(ordered, key=lambda task: task.priority)]
    duration, cutoff = window.spec["Duration"], window.spec["Cutoff"]
    if cutoff:
        clock.call_at(now + timedelta(hours=duration - cutoff), partial(_cutoff, store, execution))
    clock.call_at(now + timedelta(hours=duration), partial(stop, store, execution, "TIMED_OUT", WINDOW_ENDED))
    _advance(store, execution)
    return execution


def _advance(store: WindowStore, execution: Execution) -> None:
    """Start the next priority group once the current one ended; finish after the last."""
    if execution.final or execution.dispatching:
        return
    execution.dispatching = True
    try:
        while not execution.final and execution.running_tasks == 0:
            if execution.waiting and execution.cutoff_reached:
                execution.skipped_tasks += sum(len(group) for group in execution.waiting)
                execution.waiting = []
            if not execution.waiting:
                _finish(store, execution)
                return
            group = execution.waiting.pop(0)
            execution.running_tasks += len(group)
            for task in group:
                _start_task(store, execution, task)
    finally:
        execution.dispatching = False


def _start_task(store: WindowStore, execution: Execution, task: WindowTask) -> None:
    now = store.service.clock.now()
    task_execution = TaskExecution(new_uuid(), execution, task, now)
    execution.task_executions.append(task_execution)
    store.task_executions[task_execution.task_execution_id] = task_execution
    task_runners.run_task(store, task_execution, partial(end_task, store, task_execution))


def end_task(store: WindowStore, task_execution: TaskExecution, status: str, details: str) -> None:
    """A task execution ended: record it, and let the execution move on."""
    if task_execution.final:
        return
    task_execution.status, task_execution.status_details = status, clip(details)
    task_execution.end = store.service.clock.now()
    execution = task_execution.execution
    execution.running_tasks -= 1
    _advance(store, execution)


def _finish(store: WindowStore, execution: Execution) -> None:
    statuses = {t.status for t in execution.task_executions}
    if "FAILED" in statuses:
        status, details = "FAILED", TASK_FAILED
    elif execution.skipped_tasks or "TIMED_OUT" in statuses:
        status, details = "TIMED_OUT", CUTOFF_SKIPPED if execution.skipped_tasks else WINDOW_ENDED
    else:
        status, details = "SUCCESS", ""
    execution.status, execution.status_details = status, details
    execution.end = store.service.clock.now()


def _cutoff(store: WindowStore, execution: Execution) -> None:
    if execution.final:
        return
    execution.cutoff_reached = True
    for task_execution in execution.task_executions:
        if not task_execution.final and task_execution.task.spec.get("CutoffBehavior") == "CANCEL_TASK":
            task_runners.stop_task(store, task_execution, "TIMED_OUT")
    _advance(store, execution)


def stop(store: WindowStore, execution: Execution, status: str, details: str) -> None:
    """End the execution now (its Duration is over, or it was cancelled): tasks still
    running end with it, tasks not started never start."""
    if execution.final:
        return
    execution.status, execution.status_details = status, details
    execution.end = now = store.service.clock.now()
    execution.waiting = []
    for task_execution in execution.task_executions:
        if not task_execution.final:
            task_execution.status, task_execution.status_details, task_execution.end = status, details, now
            task_runners.stop_task(store, task_execution, status)
