"""Maintenance windows: windows, their targets and tasks, and the executions the clock starts.

Owns ``WindowStore`` (``store``: windows, targets, tasks, executions and the lookups with
the service's ``DoesNotExistException`` messages), the window settings and schedule
(``settings``), the actions on windows (``windows``), targets (``targets``) and tasks
(``tasks``), the execution lifecycle on the clock (``runs``), how each task type runs one
invocation (``task_runners``), the outcome rules tests set with ``ssm.set_task_outcome``
(``outcomes``), pseudo parameters (``pseudo``) and the execution queries and
CancelMaintenanceWindowExecution (``executions``).

Uses Run Command (``commands.interface``: RUN_COMMAND tasks send real commands) and
instances (``instances.nodes``: which managed nodes a target names); shared: schedules,
targets, rate control, pagination, tags.
"""
