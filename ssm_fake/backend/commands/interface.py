"""What other capabilities use of Run Command: send a command as SendCommand would, follow
it to its end, and decide outcomes with the same rules tests set through the handle.

    command = start_command(ctx, {"DocumentName": "AWS-RunShellScript", "InstanceIds": [node],
                                  "Parameters": {"commands": ["echo hi"]}})
    command.watchers.append(lambda done: record(done.state()))   # once every invocation ended
    cancel_all(ctx.service, command)                                # what CancelCommand does

A capability that needs an outcome without a whole command (a cheap per-node run) asks
``current_playbook(ctx.service).outcome(CommandRun(...))``: the same handler and rules.
"""

from __future__ import annotations

from .outcomes import FINAL_STATES, CommandOutcome, CommandRun, Playbook, current_playbook, plugin_timeout
from .runs import ERROR_DETAILS, Command, Invocation, PluginRun, cancel_all
from .send import start_command

__all__ = [
    "ERROR_DETAILS",
    "FINAL_STATES",
    "Command",
    "CommandOutcome",
    "CommandRun",
    "Invocation",
    "Playbook",
    "PluginRun",
    "cancel_all",
    "current_playbook",
    "plugin_timeout",
    "start_command",
]
