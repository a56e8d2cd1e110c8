"""The admin path: what the handle (``SSMFake``) offers in-process, as JSON over HTTP.

Each action is ``/_ssm_fake/<name>``: ``GET`` ones take query parameters, ``POST`` ones a
JSON object whose keys are the handle's keyword arguments. Replies are JSON objects;
errors are ``{"__type": code, "message": text}`` with a 4xx status.
``ssm_fake.server.AdminClient`` wraps them; ``docs/server.md`` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import errors
from ..fake import SSMFake
from ..journal import CallRecord

PREFIX = "/_ssm_fake/"

Args = dict[str, Any]
Reply = dict[str, Any]


class AdminRequestError(Exception):
    """An admin request the server refuses: ``code`` and ``status`` go on the wire."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class AdminAction:
    method: str
    run: Callable[[SSMFake, Args], Reply]
    # Whether the state file journals it: it changes what a restarted server must know.
    changes_state: bool


def _health(fake: SSMFake, args: Args) -> Reply:
    return {"status": "ok", "account_id": fake.account_id, "region": fake.region}


def _reset(fake: SSMFake, args: Args) -> Reply:
    fake.reset()
    return {}


def _add_instance(fake: SSMFake, args: Args) -> Reply:
    return {"InstanceId": fake.add_instance(**args)}


def _register_instance(fake: SSMFake, args: Args) -> Reply:
    return {"InstanceId": fake.register_instance(**args)}


def _command_outcome(fake: SSMFake, args: Args) -> Reply:
    fake.set_command_outcome(**args)
    return {}


def _now(fake: SSMFake, args: Args) -> Reply:
    return {"now": fake.clock.now().isoformat()}


def _freeze(fake: SSMFake, args: Args) -> Reply:
    at = args.pop("at", None)
    _no_more(args)
    fake.clock.freeze(None if at is None else _instant(at))
    return _now(fake, args)


def _advance(fake: SSMFake, args: Args) -> Reply:
    seconds = args.pop("seconds")
    _no_more(args)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise AdminRequestError("InvalidRequest", "seconds must be a number")
    fake.clock.advance(seconds)
    return _now(fake, args)


def _unfreeze(fake: SSMFake, args: Args) -> Reply:
    _no_more(args)
    fake.clock.unfreeze()
    return _now(fake, args)


def _calls(fake: SSMFake, args: Args) -> Reply:
    return {"calls": [record_to_json(record) for record in fake.calls]}


def _inject_error(fake: SSMFake, args: Args) -> Reply:
    fake.inject_error(**args)
    return {}


def _credentials(fake: SSMFake, args: Args) -> Reply:
    return fake.credentials(**args)


ACTIONS: dict[str, AdminAction] = {
    "health": AdminAction("GET", _health, False),
    "reset": AdminAction("POST", _reset, True),
    "instances": AdminAction("POST", _add_instance, True),
    "instances/register": AdminAction("POST", _register_instance, True),
    "command-outcomes": AdminAction("POST", _command_outcome, True),
    "clock": AdminAction("GET", _now, False),
    "clock/freeze": AdminAction("POST", _freeze, True),
    "clock/advance": AdminAction("POST", _advance, True),
    "clock/unfreeze": AdminAction("POST", _unfreeze, True),
    "calls": AdminAction("GET", _calls, False),
    # Not journaled: planned errors are consumed by reads, which the state file does not keep.
    "errors": AdminAction("POST", _inject_error, False),
    "credentials": AdminAction("GET", _credentials, False),
}


def find(name: str, method: str) -> AdminAction:
    """The action at ``/_ssm_fake/<name>``, or the error to answer instead."""
    action = ACTIONS.get(name)
    if action is None:
        known = ", ".join(sorted(ACTIONS))
        raise AdminRequestError("UnknownOperationException", f"No admin action {name!r}; known: {known}.", 404)
    if method != action.method:
        raise AdminRequestError(
            "UnknownOperationException", f"The admin action {name!r} takes {action.method}, not {method}.", 405
        )
    return action


def perform(fake: SSMFake, action: AdminAction, args: Args) -> Reply:
    """Run an action; the handle's own complaints become ``AdminRequestError``."""
    try:
        return action.run(fake, dict(args))
    except errors.ServiceError as failure:
        raise AdminRequestError(failure.error_code, failure.message, failure.http_status) from None
    except KeyError as missing:
        raise AdminRequestError("InvalidRequest", f"missing argument {missing}") from None
    except (TypeError, ValueError) as wrong:
        raise AdminRequestError("InvalidRequest", str(wrong)) from None


def record_to_json(record: CallRecord) -> dict[str, Any]:
    """A journal record as JSON (``event_time`` as ISO 8601); ``record_from_json`` reverses it."""
    return {
        "event_name": record.event_name,
        "request_parameters": record.request_parameters,
        "response_elements": record.response_elements,
        "error_code": record.error_code,
        "error_message": record.error_message,
        "account_id": record.account_id,
        "region": record.region,
        "request_id": record.request_id,
        "event_time": record.event_time.isoformat(),
        "access_key_id": record.access_key_id,
    }


def record_from_json(data: dict[str, Any]) -> CallRecord:
    return CallRecord(**{**data, "event_time": datetime.fromisoformat(data["event_time"])})


def _instant(text: Any) -> datetime:
    if not isinstance(text, str):
        raise AdminRequestError("InvalidRequest", "at must be an ISO 8601 text with a UTC offset")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise AdminRequestError("InvalidRequest", f"at is not an ISO 8601 date and time: {text!r}") from None


def _no_more(args: Args) -> None:
    if args:
        raise AdminRequestError("InvalidRequest", f"unexpected arguments: {', '.join(sorted(args))}")
