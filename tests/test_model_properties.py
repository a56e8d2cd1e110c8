"""Every implemented operation, driven by requests generated from the botocore model.

* Requests that satisfy the model's constraints are accepted, or refused with an error code
  the model lists for the operation (or a validation error), with a message; never an
  InternalServerError. Replies are checked against the output shape (``CHECK_REPLIES``).
* Bodies sent raw, with members of the wrong JSON type, missing or out of range, get a 400
  answer with a code: no input makes the fake fail with a Python exception or a 500.
* Regressions the generated requests found are kept as explicit examples at the end.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ssm_fake import backend, mock_ssm, model
from ssm_fake.backend import registry
from ssm_fake.strategies import model_requests, shapes

CLIENT = boto3.client("ssm", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
RAW_CLIENT = boto3.client(
    "ssm", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}, parameter_validation=False)
)
# Codes any operation may answer besides its modeled errors: the handlers' rules the model
# cannot express are ValidationException; a member of the wrong JSON type is
# SerializationException; NotImplementedByFake names a part of the service the fake lacks
# (README: never a made-up success).
ANY_OPERATION = frozenset({"ValidationException", "SerializationException", "NotImplementedByFake"})
_COUNTED = re.compile(r"(\d+) validation errors? detected: ")


def _implemented() -> list[str]:
    backend.load()
    return sorted(registry.HANDLERS)


def _modeled_errors(operation: str) -> frozenset[str]:
    return frozenset(shape.name for shape in model.operation_model(operation).error_shapes) | ANY_OPERATION


_EMPTY_MESSAGES = frozenset({"ParameterNotFound", "InvalidResourceId", "InvocationDoesNotExist"})


def _check_refusal(operation: str, request: Any, error: ClientError) -> None:
    status = error.response["ResponseMetadata"]["HTTPStatusCode"]
    code = error.response["Error"]["Code"]
    message = error.response["Error"]["Message"]
    assert status == 400 and code != "InternalServerError", (operation, request, error.response["Error"])
    assert code in _modeled_errors(operation), (operation, request, code, message)
    # Some errors carry no message in AWS either (evidence on docs/parameters.md and docs/commands.md).
    assert message or code in _EMPTY_MESSAGES, (operation, request, code)
    counted = _COUNTED.match(message)
    if counted:  # the service's format: "N validation error(s) detected: a; b"
        assert int(counted.group(1)) == message.count("failed to satisfy constraint"), message


@pytest.mark.parametrize("operation", _implemented())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_model_valid_requests_are_accepted_or_refused_with_a_modeled_error(operation: str, data: st.DataObject) -> None:
    request = data.draw(model_requests(operation))
    with mock_ssm() as ssm:
        ssm.add_instance("i-0123456789abcdef0", tags={"Role": "web"})
        try:
            getattr(CLIENT, xform_name(operation))(**request)
        except ClientError as error:
            _check_refusal(operation, request, error)


# --- raw bodies, any JSON -----------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_EDGE_STRINGS = st.sampled_from(["", " ", "/", "//", "a" * 3000, "ünï©ødé", "$LATEST", "{{ x }}", "aws:x", "*", "-1"])


def _raw_member(shape: Any) -> st.SearchStrategy[Any]:
    """A member's value: usually well-formed, sometimes at an edge, sometimes any JSON at all."""
    edges = _EDGE_STRINGS if shape.type_name == "string" else st.sampled_from([0, -1, 2**31, 10**12])
    return st.one_of(shapes.from_shape(shape), edges, _JSON)


def _raw_bodies(operation: str) -> st.SearchStrategy[Any]:
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return _JSON
    members = {name: _raw_member(member) for name, member in shape.members.items()}
    return st.one_of(st.fixed_dictionaries({}, optional=members), _JSON)


def _wire(value: Any) -> Any:
    """Timestamps and blobs as the JSON protocol sends them: epoch seconds and base64."""
    if isinstance(value, datetime):
        return value.timestamp()
    return base64.b64encode(value).decode()


def _send_raw(operation: str, body: bytes) -> None:
    """Send ``body`` as the operation's request, past botocore's serialiser."""

    def rewrite(request: Any, **_: Any) -> None:
        request.headers["X-Amz-Target"] = f"AmazonSSM.{operation}"
        request.data = body

    RAW_CLIENT.meta.events.register_first("before-sign.ssm.*", rewrite, unique_id="raw-body")
    try:
        RAW_CLIENT.describe_parameters()
    finally:
        RAW_CLIENT.meta.events.unregister("before-sign.ssm.*", unique_id="raw-body")


@pytest.mark.parametrize("operation", _implemented())
@settings(max_examples=max(30, settings().max_examples), suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_body_makes_the_fake_fail(operation: str, data: st.DataObject) -> None:
    body = data.draw(_raw_bodies(operation))
    with mock_ssm() as ssm:
        ssm.add_instance("i-0123456789abcdef0", tags={"Role": "web"})
        CLIENT.put_parameter(Name="/fuzz/p", Value="v", Type="String")
        try:
            _send_raw(operation, json.dumps(body, default=_wire).encode())
        except ClientError as error:
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            code = error.response["Error"]["Code"]
            assert status < 500 and code != "InternalServerError", (operation, body, error.response["Error"])
            assert code, (operation, body)


# --- regressions found by the generated requests ---------------------------------------------------


@given(instance_id=st.just("i-ééééééééééééééééé"))
@example(instance_id="mi-0123456789abcdefé")
def test_java_word_characters_are_ascii_in_model_patterns(instance_id: str) -> None:
    """Found by generating from the model: the model's ``\\w`` is Java's, ASCII only, but the fake
    matched any script's letters, accepting instance ids the service refuses."""
    with mock_ssm(), pytest.raises(ClientError) as refused:
        CLIENT.get_command_invocation(CommandId="0" * 8 + "-0000-0000-0000-" + "0" * 12, InstanceId=instance_id)
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert "at 'instanceId' failed to satisfy constraint" in refused.value.response["Error"]["Message"]
