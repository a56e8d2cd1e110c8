"""How a command, an invocation and a plugin run look on the wire (``Command``,
``CommandInvocation``, ``CommandPlugin`` and GetCommandInvocation's reply), including the
documented output truncation and the S3 output URLs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .runs import Command, Invocation, PluginRun

# "Output of the plugin execution" holds at most 2500 characters; GetCommandInvocation gives
# "the first 24,000 characters written by the plugin to stdout" and the first 8,000 of stderr.
PLUGIN_OUTPUT_LIMIT = 2500
STDOUT_LIMIT = 24000
STDERR_LIMIT = 8000
# The agent's markers (aws/amazon-ssm-agent, agent/framework/processor/executer/iohandler,
# earlier agent/contracts/plugin.go: truncateOut = "\n---Output truncated---",
# truncateError = "\n---Error truncated----", errorTitle = "\n----------ERROR-------\n").
ERROR_SEPARATOR = "\n----------ERROR-------\n"
TRUNCATED = "\n---Output truncated---"
ERROR_TRUNCATED = "\n---Error truncated----"
# Request members a Command echoes as they were sent.
_ECHOED = (
    "Comment",
    "OutputS3Region",
    "OutputS3BucketName",
    "OutputS3KeyPrefix",
    "NotificationConfig",
    "AlarmConfiguration",
)


def command_reply(command: Command) -> dict[str, Any]:
    request = command.request
    status, details = command.state()
    reply: dict[str, Any] = {
        "CommandId": command.command_id,
        "DocumentName": command.document_name,
        "DocumentVersion": command.document_version,
        "ExpiresAfter": command.expires_after,
        "Parameters": request.get("Parameters") or {},
        "InstanceIds": request.get("InstanceIds") or [],
        "Targets": request.get("Targets") or [],
        "RequestedDateTime": command.requested,
        "Status": status,
        "StatusDetails": details,
        "MaxConcurrency": command.max_concurrency,
        "MaxErrors": command.max_errors,
        "TargetCount": len(command.invocations),
        "CompletedCount": command.completed_count(),
        "ErrorCount": command.error_count(),
        "DeliveryTimedOutCount": command.delivery_timed_out_count(),
        "TimeoutSeconds": command.timeout_seconds,
        "CloudWatchOutputConfig": cloudwatch_config(command),
    }
    reply.update({name: request[name] for name in _ECHOED if name in request})
    if "ServiceRoleArn" in request:
        reply["ServiceRole"] = request["ServiceRoleArn"]
    return reply


def invocation_reply(invocation: Invocation, details: bool) -> dict[str, Any]:
    command = invocation.command
    request = command.request
    only = invocation.plugins[0] if len(invocation.plugins) == 1 else None
    reply: dict[str, Any] = {
        "CommandId": command.command_id,
        "InstanceId": invocation.instance_id,
        "InstanceName": invocation.instance_name,
        "Comment": request.get("Comment", ""),
        "DocumentName": command.document_name,
        "DocumentVersion": command.document_version,
        "RequestedDateTime": command.requested,
        "Status": invocation.status,
        "StatusDetails": invocation.status_details,
        "TraceOutput": "",
        "StandardOutputUrl": output_url(invocation, only, "stdout") if only else "",
        "StandardErrorUrl": output_url(invocation, only, "stderr") if only else "",
        "CommandPlugins": [plugin_reply(invocation, p) for p in invocation.plugins] if details else [],
        "CloudWatchOutputConfig": cloudwatch_config(command),
    }
    if "ServiceRoleArn" in request:
        reply["ServiceRole"] = request["ServiceRoleArn"]
    if "NotificationConfig" in request:
        reply["NotificationConfig"] = request["NotificationConfig"]
    return reply


def plugin_reply(invocation: Invocation, plugin: PluginRun) -> dict[str, Any]:
    request = invocation.command.request
    reply: dict[str, Any] = {
        "Name": plugin.step.name,
        "Status": plugin.status,
        "StatusDetails": plugin.status_details,
        "ResponseCode": plugin.response_code,
        "Output": plugin_output(plugin),
        "StandardOutputUrl": output_url(invocation, plugin, "stdout"),
        "StandardErrorUrl": stderr_url(invocation, plugin),
    }
    if plugin.started is not None:
        reply["ResponseStartDateTime"] = plugin.started
    if plugin.finished is not None:
        reply["ResponseFinishDateTime"] = plugin.finished
    for name in ("OutputS3Region", "OutputS3BucketName", "OutputS3KeyPrefix"):
        if name in request:
            reply[name] = request[name]
    return reply


def get_invocation_reply(invocation: Invocation, plugin: PluginRun | None) -> dict[str, Any]:
    command = invocation.command
    reply: dict[str, Any] = {
        "CommandId": command.command_id,
        "InstanceId": invocation.instance_id,
        "Comment": command.request.get("Comment", ""),
        "DocumentName": command.document_name,
        "DocumentVersion": command.document_version,
        "Status": invocation.status,
        "StatusDetails": invocation.status_details,
        "CloudWatchOutputConfig": cloudwatch_config(command),
    }
    if plugin is None:
        return reply
    final = plugin.final
    reply.update(
        PluginName=plugin.step.name,
        ResponseCode=plugin.response_code,
        ExecutionStartDateTime=_iso(plugin.started),
        ExecutionElapsedTime=_elapsed(plugin.started, plugin.finished),
        ExecutionEndDateTime=_iso(plugin.finished),
        Status=plugin.status,
        StatusDetails=plugin.status_details,
        StandardOutputContent=plugin.stdout[:STDOUT_LIMIT] if final else "",
        StandardOutputUrl=output_url(invocation, plugin, "stdout"),
        StandardErrorContent=plugin.stderr[:STDERR_LIMIT] if final else "",
        StandardErrorUrl=stderr_url(invocation, plugin),
    )
    return reply


def plugin_output(plugin: PluginRun) -> str:
    """The plugin's ``Output``: stdout and stderr cut to 2,500 characters as SSM Agent's
    TruncateOutput cuts them, so a long stderr keeps its head too."""
    return truncate_output(plugin.stdout, plugin.stderr, PLUGIN_OUTPUT_LIMIT)


def truncate_output(stdout: str, stderr: str, capacity: int) -> str:
    """SSM Agent's TruncateOutput, branch for branch (the agent counts bytes; the fake characters)."""
    title = ERROR_SEPARATOR if stderr else ""
    space = capacity - len(title)
    if len(stdout) + len(stderr) < space:
        return stdout + title + stderr
    half = space // 2
    if len(stdout) > half and len(stderr) > half:
        room = (space - len(ERROR_TRUNCATED) - len(TRUNCATED)) // 2
        return stdout[:room] + TRUNCATED + title + stderr[:room] + ERROR_TRUNCATED
    if len(stdout) < half:
        return stdout + title + stderr[: space - len(ERROR_TRUNCATED) - len(stdout)] + ERROR_TRUNCATED
    # (Where the agent's slice bounds would fail, the fake keeps none of stdout.)
    return stdout[: max(0, space - len(TRUNCATED) - len(stderr))] + TRUNCATED + title + stderr


def output_url(invocation: Invocation, plugin: PluginRun, stream: str) -> str:
    """Where the agent uploads a plugin's full stdout/stderr, when the command names a bucket."""
    command = invocation.command
    request = command.request
    bucket = request.get("OutputS3BucketName")
    if not bucket:
        return ""
    region = request.get("OutputS3Region") or command.region
    prefix = request.get("OutputS3KeyPrefix", "").strip("/")
    folder = plugin.step.action.replace(":", "")
    index = invocation.plugins.index(plugin)
    step = f"{index}.{folder}" if plugin.step.name == plugin.step.action else plugin.step.name
    path = "/".join(part for part in (prefix, command.command_id, invocation.instance_id, folder, step, stream) if part)
    return f"https://s3.{region}.amazonaws.com/{bucket}/{path}"


def stderr_url(invocation: Invocation, plugin: PluginRun) -> str:
    """A plugin's stderr URL: "If execution isn't yet complete, then this string is empty."
    (CommandPlugin and GetCommandInvocation ``StandardErrorUrl``)."""
    return output_url(invocation, plugin, "stderr") if plugin.final else ""


def cloudwatch_config(command: Command) -> dict[str, Any]:
    """As sent; an enabled config without a group gets the documented ``aws/ssm/<document>``."""
    given = dict(command.request.get("CloudWatchOutputConfig") or {})
    enabled = bool(given.get("CloudWatchOutputEnabled", False))
    given["CloudWatchOutputEnabled"] = enabled
    if enabled and not given.get("CloudWatchLogGroupName"):
        given["CloudWatchLogGroupName"] = f"aws/ssm/{command.document.name}"
    return given


def _iso(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _elapsed(started: datetime | None, finished: datetime | None) -> str:
    if started is None or finished is None:
        return ""
    return f"PT{(finished - started).total_seconds():.3f}S"
