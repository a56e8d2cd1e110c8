"""Every call the fake answered, in order, so a test can assert on what its code sent.

``SSMFake.calls`` is a :class:`Journal`, a sequence of :class:`CallRecord`;
``to_cloudtrail()`` renders one the way CloudTrail would log it. The journal keeps each
call's request and reply as the JSON bytes that crossed the wire and decodes them only
when a test looks: recording stays off the per-call cost, and the request and reply
objects are freed at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, overload

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

# CloudTrail logs no secret: a member the model marks sensitive (PutParameter's Value, a
# command's Parameters, a maintenance window task's parameters, ...) shows as this marker, as in
# real PutParameter records: "value": "HIDDEN_DUE_TO_SECURITY_REASONS".
_HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


@dataclass(slots=True)
class CallRecord:
    """One answered call: what was asked, what was answered (both as JSON on the wire:
    timestamps are epoch seconds), and as whom.

        with mock_ssm() as ssm:
            client.put_parameter(Name="p", Value="v", Type="String")
            assert ssm.calls[-1].request_parameters == {"Name": "p", "Value": "v", "Type": "String"}

    Attributes: ``event_name`` (the action, e.g. ``"PutParameter"``); ``request_parameters``
    (the request body as a dict, in the API's member names); ``response_elements`` (the reply
    as a dict, None when the call failed); ``error_code`` and ``error_message`` (None when it
    succeeded); ``account_id`` and ``region`` (who called, where); ``request_id`` (the
    ``x-amzn-RequestId`` the client saw); ``event_time`` (the fake's clock when it answered,
    an aware UTC datetime); ``access_key_id`` (the key the request was signed with).
    """

    event_name: str
    request_parameters: dict[str, Any]
    response_elements: dict[str, Any] | None
    error_code: str | None
    error_message: str | None
    account_id: str
    region: str
    request_id: str
    event_time: datetime
    access_key_id: str | None = None

    def to_cloudtrail(self) -> dict[str, Any]:
        """The record in CloudTrail's event format (eventVersion 1.08)."""
        read_only = self.event_name.startswith(("Get", "Describe", "List"))
        operation = _operation(self.event_name)
        request = _redacted(operation.input_shape if operation else None, self.request_parameters)
        reply = _redacted(operation.output_shape if operation else None, self.response_elements)
        event: dict[str, Any] = {
            "eventVersion": "1.08",
            "userIdentity": {
                "type": "IAMUser",
                "accountId": self.account_id,
                "accessKeyId": self.access_key_id or "",
            },
            "eventTime": self.event_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": "ssm.amazonaws.com",
            "eventName": self.event_name,
            "awsRegion": self.region,
            "sourceIPAddress": "127.0.0.1",
            "userAgent": "ssm_fake",
            "requestParameters": _cloudtrail_members(request) or None,
            # CloudTrail leaves out what read-only calls return.
            "responseElements": None if read_only else _cloudtrail_members(reply),
            "requestID": self.request_id,
            "eventID": self.request_id,
            "readOnly": read_only,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": self.account_id,
            "eventCategory": "Management",
        }
        if self.error_code is not None:
            event["errorCode"] = self.error_code
            event["errorMessage"] = self.error_message or ""
        return event


def _operation(name: str) -> OperationModel | None:
    from . import model

    return model.operation_model(name) if name in model.operation_names() else None


def _redacted(shape: Shape | None, value: Any) -> Any:
    """``value`` with every member the model marks sensitive replaced by the marker; subtrees
    that cannot hold one are returned as they are."""
    from .validation import holds_sensitive, is_sensitive

    if shape is None or value is None or not holds_sensitive(shape.name):
        return value
    if is_sensitive(shape):
        return _HIDDEN
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        members = shape.members
        return {key: _redacted(members.get(key), item) for key, item in value.items()}
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [_redacted(shape.member, item) for item in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {key: _redacted(shape.value, item) for key, item in value.items()}
    return value


def _cloudtrail_members(value: Any) -> Any:
    """Members in CloudTrail's spelling (lowerCamelCase), timestamps as text."""
    if isinstance(value, dict):
        return {key[:1].lower() + key[1:]: _cloudtrail_members(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cloudtrail_members(item) for item in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


# One journal entry as recorded: CallRecord's fields, with the bodies still encoded.
Entry = tuple[str, bytes, "bytes | None", "str | None", "str | None", str, str, str, datetime, "str | None"]


class Journal(Sequence[CallRecord]):
    """The calls in order; compares equal to a list of the same records."""

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: list[Entry] = []

    def record(self, entry: Entry) -> None:
        self._entries.append(entry)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> CallRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[CallRecord]: ...
    def __getitem__(self, index: int | slice) -> CallRecord | list[CallRecord]:
        if isinstance(index, slice):
            return [_record(entry) for entry in self._entries[index]]
        return _record(self._entries[index])

    def __iter__(self) -> Iterator[CallRecord]:
        return (_record(entry) for entry in list(self._entries))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Journal, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Journal({list(self)!r})"


def _record(entry: Entry) -> CallRecord:
    event_name, request, reply, error_code, error_message, account_id, region, request_id, at, key = entry
    request_parameters = _decoded(request) or {}
    response_elements = None if reply is None else _decoded(reply)
    return CallRecord(
        event_name,
        request_parameters,
        response_elements,
        error_code,
        error_message,
        account_id,
        region,
        request_id,
        at,
        key,
    )


def _decoded(body: bytes) -> dict[str, Any] | None:
    """A body as a dict; None for one that is not a JSON object (a malformed request)."""
    try:
        value = json.loads(body) if body else {}
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
