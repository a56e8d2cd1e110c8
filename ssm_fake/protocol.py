"""JSON 1.1 on the wire: the one way a request goes through the fake.

interception hands over botocore's prepared request; this module routes it by
``X-Amz-Target``, decodes it, journals it, validates it against the model, calls the
capability's handler and encodes the reply or error exactly as the service would, so
that botocore parses it as if it came from the network (modeled exceptions included).
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from . import errors, model
from .backend import registry
from .backend.registry import Reply
from .backend.state import RequestContext
from .validation import reply_problems, validate

if TYPE_CHECKING:
    from .fake import SSMFake

TARGET_PREFIX = "AmazonSSM."
_MODEL_TARGET_PREFIX = TARGET_PREFIX[:-1]  # the service model's metadata spells it without the dot
# The test suite sets this so that every reply is checked against the model's output shape.
CHECK_REPLIES = False
CONTENT_TYPE = "application/x-amz-json-1.1"
_log = logging.getLogger("ssm_fake")
# Request ids are UUID-shaped like the service's: a random prefix per process and a counter,
# which is unique and a tenth of the cost of uuid4() on the per-call path.
_REQUEST_ID_PREFIX = str(uuid.uuid4())[:24]  # "xxxxxxxx-xxxx-4xxx-yxxx-", then 12 hex digits
_request_numbers = itertools.count(1)


class _Reply(AWSResponse):  # type: ignore[misc]  # botocore ships no type hints
    """A complete reply. Its headers are the plain lowercase dict botocore documents for a
    response's headers, which spares the case-insensitive copy AWSResponse makes: a few
    microseconds on every call."""

    def __init__(self, url: str, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.url = url
        self.status_code = status_code
        self.headers = headers
        self.raw = _Body(body)
        self._content = body


class _Body:
    """The ``raw`` object botocore reads a response body from."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def _header(request: AWSPreparedRequest, name: str) -> str:
    """A request header as text ("" when absent): botocore may hold header values as bytes."""
    value = request.headers.get(name)
    return value.decode("latin-1") if isinstance(value, bytes) else (value or "")


def target_operation(request: AWSPreparedRequest) -> str | None:
    """The SSM action a request asks for, or None when it is not an SSM request."""
    target = _header(request, "X-Amz-Target")
    if not target.startswith(TARGET_PREFIX):
        return None
    return target[len(TARGET_PREFIX) :]


def serves(operation_model: Any) -> bool:
    """Whether a botocore ``OperationModel`` is an SSM action, by the same target prefix."""
    return bool(operation_model.metadata.get("targetPrefix") == _MODEL_TARGET_PREFIX)


def caller_identity(request: AWSPreparedRequest) -> tuple[str | None, str | None]:
    """(access key id, region) from the SigV4 ``Authorization`` header's credential scope."""
    return credential_scope(_header(request, "Authorization"))


def credential_scope(auth: str) -> tuple[str | None, str | None]:
    """(access key id, region) from an ``Authorization`` header's text."""
    start = auth.find("Credential=")
    if start < 0:
        return None, None
    scope = auth[start + 11 : auth.find(",", start)].split("/")
    if len(scope) < 3:
        return scope[0] or None, None
    return scope[0] or None, scope[2] or None


def handle(fake: SSMFake, operation: str, request: AWSPreparedRequest) -> AWSResponse:
    access_key, signed_region = caller_identity(request)
    body = request.body
    raw = body.encode() if isinstance(body, str) else (body or b"")
    status, request_id, encoded = answer(fake, operation, access_key, signed_region, raw)
    return _response(request, request_id, status, encoded)


def answer(
    fake: SSMFake, operation: str, access_key: str | None, signed_region: str | None, raw: bytes
) -> tuple[int, str, bytes]:
    """(HTTP status, request id, JSON body) for one request: what ``handle`` hands botocore
    in-process and what the HTTP server (``ssm_fake.server``) sends over the wire."""
    account_id = fake.account_for(access_key)
    region = signed_region or fake.region
    request_id = f"{_REQUEST_ID_PREFIX}{next(_request_numbers):012x}"
    service = fake.service
    with service.lock:
        now = service.clock.now()
        try:
            service.clock.run_due()
            context = RequestContext(service, account_id, region, request_id, now)
            reply = _answer(fake, operation, _decode(raw), context)
        except errors.ServiceError as raised:
            failure: errors.ServiceError = raised
        except Exception:
            _log.exception("ssm_fake: %s failed inside the fake; this is a bug in ssm_fake", operation)
            failure = errors.InternalServerError(f"ssm_fake failed while handling {operation}: see the ssm_fake log")
        else:
            encoded = _encode(reply)
            fake.calls.record((operation, raw, encoded, None, None, account_id, region, request_id, now, access_key))
            return 200, request_id, encoded
        code = failure.error_code
        fake.calls.record(
            (operation, raw, None, code, failure.message, account_id, region, request_id, now, access_key)
        )
    return failure.http_status, request_id, error_body(failure)


def _answer(fake: SSMFake, operation: str, decoded: dict[str, Any], ctx: RequestContext) -> Reply:
    handler = registry.HANDLERS.get(operation)
    if handler is None and operation not in model.operation_names():
        raise errors.InvalidAction(f"The action {operation} is not valid for this web service.")
    injected = fake.faults.take(operation)
    if injected is not None:
        raise injected
    return _run(handler, operation, decoded, ctx)


def _run(handler: registry.Handler | None, operation: str, decoded: dict[str, Any], ctx: RequestContext) -> Reply:
    """Validate, call the handler, check the reply: the part of a request every path shares."""
    if handler is None:
        raise errors.NotImplementedByFake(
            f"ssm_fake does not implement the SSM action {operation} yet; docs/coverage.md lists what it implements."
        )
    reply = handler(ctx, validate(operation, decoded))
    if CHECK_REPLIES:
        problems = reply_problems(operation, reply)
        if problems:
            raise errors.InternalServerError(f"ssm_fake's {operation} reply breaks the model: " + "; ".join(problems))
    return reply


def invoke(ctx: RequestContext, operation: str, request: dict[str, Any]) -> Reply:
    """An SSM action called from inside the fake (Automation's ``aws:executeAwsApi``): the same
    validation and handler as a request off the wire, without the wire, the journal or
    injected faults. Returns the reply as JSON would carry it (timestamps as epoch seconds);
    raises ``errors.ServiceError`` as the service would answer."""
    if operation not in model.operation_names():
        raise errors.InvalidAction(f"The action {operation} is not valid for this web service.")
    reply = _run(registry.HANDLERS.get(operation), operation, request, ctx)
    decoded: Reply = json.loads(_encode(reply))
    return decoded


_DECODER = json.JSONDecoder()


def _decode(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    try:
        # The wire is UTF-8: decoding it here spares json.loads its encoding detection.
        decoded = _DECODER.decode(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise errors.SerializationException("The request body is not valid JSON.") from None
    if not isinstance(decoded, dict):
        raise errors.SerializationException("The request body must be a JSON object.")
    return decoded


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"ssm_fake cannot encode {type(value).__name__} in a reply")


def _encoder() -> Callable[[Any], bytes]:
    """Compact JSON with timestamps as epoch seconds. CPython's C encoder is made once and
    reused (json.dumps makes a new one on every call); replies are never circular, so it
    skips that check."""
    if c_make_encoder is None:  # an interpreter without the C accelerator
        encoder = json.JSONEncoder(default=_encode_value, separators=(",", ":"))
        return lambda value: encoder.encode(value).encode()
    chunks = c_make_encoder(None, _encode_value, encode_basestring_ascii, None, ":", ",", False, False, True)
    return lambda value: "".join(chunks(value, 0)).encode()


_encode = _encoder()


def error_body(error: errors.ServiceError) -> bytes:
    """An error as the service's JSON body: ``__type``, the message, the error's own members."""
    code = error.error_code
    payload: dict[str, Any] = {"__type": code, model.error_message_member(code): error.message}
    payload.update(error.fields)
    return _encode(payload)


def _response(request: AWSPreparedRequest, request_id: str, status: int, body: bytes) -> AWSResponse:
    headers = {"x-amzn-requestid": request_id, "content-type": CONTENT_TYPE, "content-length": str(len(body))}
    return _Reply(request.url, status, headers, body)
