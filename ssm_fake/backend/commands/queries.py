"""Run Command, the reading half: ListCommands, ListCommandInvocations, GetCommandInvocation.

Both lists show the newest command first and share one filter language (``InvokedAfter``,
``InvokedBefore``, ``Status``, ``DocumentName``, and ``ExecutionStage`` for ListCommands
only); every reply is rendered by ``replies`` from the live state, so a read shows
whatever the clock has played out so far.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from typing import Any, TypeVar

from ... import errors
from ..registry import Reply, Request, handles
from ..shared.pagination import page_of, with_next_token
from ..state import RequestContext
from .replies import command_reply, get_invocation_reply, invocation_reply
from .runs import Command, CommandStore, Invocation, PluginRun

DEFAULT_PAGE_SIZE = 50
ItemT = TypeVar("ItemT")
CommandCheck = Callable[[Command], bool]

# The Status values each list accepts, as the CommandFilter documentation lists them.
COMMAND_STATUS_VALUES = (
    "Pending", "InProgress", "Success", "Cancelled", "Failed", "TimedOut", "AccessDenied",
    "DeliveryTimedOut", "ExecutionTimedOut", "Incomplete", "NoInstancesInTag", "LimitExceeded",
)  # fmt: skip
INVOCATION_STATUS_VALUES = (
    "Pending", "InProgress", "Delayed", "Success", "Cancelled", "Failed", "TimedOut", "AccessDenied",
    "DeliveryTimedOut", "ExecutionTimedOut", "Undeliverable", "InvalidPlatform", "Terminated",
)  # fmt: skip
EXECUTION_STAGES = ("Executing", "Complete")


@handles("ListCommands")
def list_commands(ctx: RequestContext, request: Request) -> Reply:
    filters = request.get("Filters") or []
    instance_id = request.get("InstanceId")
    if instance_id and any(f["key"] == "Status" and f["value"] == "Pending" for f in filters):
        raise errors.InvalidFilterKey(
            "You can't give an InstanceId together with Status = Pending: a pending command has not reached any node."
        )
    command_check = _command_check(filters, COMMAND_STATUS_VALUES, allow_stage=True)
    status_check = _status_check(filters)

    def keep(command: Command) -> bool:
        if instance_id and all(i.instance_id != instance_id for i in command.invocations):
            return False
        return command_check(command) and status_check(*command.state())

    page, token = _page(request, _newest_first(ctx, request), key=lambda c: -c.seq, keep=keep)
    reply: Reply = {"Commands": [command_reply(c) for c in page]}
    return with_next_token(reply, token)


@handles("ListCommandInvocations")
def list_command_invocations(ctx: RequestContext, request: Request) -> Reply:
    filters = request.get("Filters") or []
    instance_id = request.get("InstanceId")
    command_check = _command_check(filters, INVOCATION_STATUS_VALUES, allow_stage=False)
    status_check = _status_check(filters)
    invocations = [
        invocation
        for command in _newest_first(ctx, request, strict=False)
        if command_check(command)
        for invocation in command.invocations
        if not instance_id or invocation.instance_id == instance_id
    ]
    page, token = _page(
        request,
        invocations,
        key=lambda i: (-i.command.seq, i.index),
        keep=lambda i: status_check(i.status, i.status_details),
    )
    details = bool(request.get("Details", False))
    reply: Reply = {"CommandInvocations": [invocation_reply(i, details) for i in page]}
    return with_next_token(reply, token)


@handles("GetCommandInvocation")
def get_command_invocation(ctx: RequestContext, request: Request) -> Reply:
    command_id = request["CommandId"]
    instance_id = request["InstanceId"]
    command = ctx.state(CommandStore).commands.get(command_id)
    invocation = next((i for i in command.invocations if i.instance_id == instance_id), None) if command else None
    if invocation is None:
        # The service answers with no message: "An error occurred (InvocationDoesNotExist) when calling
        # the GetCommandInvocation operation: " (boto/boto3 issue 2701, aws/aws-sdk issue 86).
        raise errors.InvocationDoesNotExist("")
    return get_invocation_reply(invocation, _plugin(invocation, request.get("PluginName")))


def _plugin(invocation: Invocation, name: str | None) -> PluginRun | None:
    """The named plugin; a one-step document may leave the name out."""
    plugins = invocation.plugins
    names = ", ".join(p.step.name for p in plugins)
    if name is None:
        if len(plugins) > 1:
            raise errors.InvalidPluginName(
                f"Document {invocation.command.document_name} has {len(plugins)} steps ({names}); "
                "give the PluginName of the one you want."
            )
        return plugins[0] if plugins else None
    for plugin in plugins:
        if plugin.step.name == name:
            return plugin
    raise errors.InvalidPluginName(f"The plugin name {name!r} is not a step of this command. Steps: {names}.")


def _newest_first(ctx: RequestContext, request: Request, *, strict: bool = True) -> list[Command]:
    """The commands a list looks at. ListCommands refuses an unknown CommandId; ListCommandInvocations
    answers 200 with an empty list ("This ends up returning a 200 and an empty list because the
    commandID was not found", aws/aws-cli issue 3546)."""
    store = ctx.state(CommandStore)
    command_id = request.get("CommandId")
    if command_id:
        if not strict:
            found = store.commands.get(command_id)
            return [found] if found is not None else []
        return [store.require(command_id)]
    return list(reversed(store.commands.values()))


def _page(
    request: Request, items: list[ItemT], *, key: Callable[[ItemT], Any], keep: Callable[[ItemT], bool]
) -> tuple[list[ItemT], str | None]:
    return page_of(items, request, key=key, default_limit=DEFAULT_PAGE_SIZE, keep=keep)


def _command_check(filters: list[dict[str, str]], statuses: tuple[str, ...], *, allow_stage: bool) -> CommandCheck:
    """The non-status filters, all of which a command must pass."""
    checks: list[CommandCheck] = []
    for item in filters:
        key, value = item["key"], item["value"]
        if key == "InvokedAfter":
            checks.append(partial(_invoked_after, _timestamp(key, value)))
        elif key == "InvokedBefore":
            checks.append(partial(_invoked_before, _timestamp(key, value)))
        elif key == "DocumentName":
            checks.append(partial(_uses_document, value))
        elif key == "ExecutionStage":
            checks.append(_stage_check(value, allow_stage))
        elif key == "Status" and value not in statuses:
            raise errors.InvalidFilterKey(
                f"The Status filter value {value!r} is not valid here. Valid: {', '.join(statuses)}."
            )
    return lambda command: all(check(command) for check in checks)


def _invoked_after(moment: datetime, command: Command) -> bool:
    return command.requested >= moment


def _invoked_before(moment: datetime, command: Command) -> bool:
    return command.requested < moment


def _uses_document(name: str, command: Command) -> bool:
    return name in (command.document_name, command.document.name)


def _stage_check(value: str, allowed: bool) -> CommandCheck:
    if not allowed:
        raise errors.InvalidFilterKey(
            "The ExecutionStage filter works with ListCommands only, not ListCommandInvocations."
        )
    if value not in EXECUTION_STAGES:
        raise errors.InvalidFilterKey(
            f"The ExecutionStage filter value {value!r} is not valid. Valid: Executing, Complete."
        )
    executing = value == "Executing"
    return lambda command: (command.completed_count() < len(command.invocations)) == executing


def _status_check(filters: list[dict[str, str]]) -> Callable[[str, str], bool]:
    """Status filters match either Status or StatusDetails (``Incomplete`` is a detail)."""
    wanted = [item["value"] for item in filters if item["key"] == "Status"]
    return lambda status, details: all(value in (status, details) for value in wanted)


def _timestamp(key: str, value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise errors.InvalidFilterKey(
            f"The {key} filter value {value!r} is not a timestamp; use ISO 8601, e.g. 2024-07-07T00:00:00Z."
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
