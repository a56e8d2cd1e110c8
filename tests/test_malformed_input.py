"""No input, however malformed, makes the fake fail with a Python exception or an InternalServerError.

Every implemented action gets request bodies generated from its input shape: mostly
well-formed values at and past the model's limits, sometimes a value of the wrong JSON
type, a missing member or an empty one. The bodies go over the wire through boto3, and
each must come back as a success or as a 400 error with a code.
"""

from __future__ import annotations

import json
import random
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import ListShape, MapShape, Shape, StructureShape

from ssm_fake import backend, model
from ssm_fake.backend import registry

BODIES_PER_ACTION = 40
_WEIRD_STRINGS = ["", " ", "/", "//", "a" * 3000, "ünï©ødé", "$LATEST", "$DEFAULT", "0", "-1", "{{ x }}", "aws:x", "*"]
_WRONG_TYPES: list[Any] = [None, 0, -5, 2**40, 1.5, True, "text", [], {}, [1, "a"], {"k": [1]}]


def _string(shape: Shape, rng: random.Random) -> str:
    enum = getattr(shape, "enum", None)
    if enum and rng.random() < 0.7:
        return str(rng.choice(enum))
    if rng.random() < 0.4:
        return rng.choice(_WEIRD_STRINGS)
    low = shape.metadata.get("min", 0)
    high = min(shape.metadata.get("max", 40), 80)
    length = rng.randint(low, max(low, high))
    alphabet = "abcXYZ0189-_./:@ =,"
    return "".join(rng.choice(alphabet) for _ in range(length))


def _value(shape: Shape, rng: random.Random, depth: int = 0) -> Any:
    if rng.random() < 0.05:
        return rng.choice(_WRONG_TYPES)
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if depth > 4:
            return {}
        required = set(shape.required_members)
        return {
            name: _value(member, rng, depth + 1)
            for name, member in shape.members.items()
            if (name in required and rng.random() < 0.95) or rng.random() < 0.4
        }
    if kind == "list":
        assert isinstance(shape, ListShape)
        return [_value(shape.member, rng, depth + 1) for _ in range(rng.choice([0, 1, 1, 2, 3, 12]))]
    if kind == "map":
        assert isinstance(shape, MapShape)
        return {_string(shape.key, rng): _value(shape.value, rng, depth + 1) for _ in range(rng.choice([0, 1, 2]))}
    if kind == "string":
        return _string(shape, rng)
    if kind in ("integer", "long"):
        return rng.choice([0, 1, 5, 50, 101, -1, 10**9, shape.metadata.get("max", 7)])
    if kind in ("float", "double"):
        return rng.choice([0.0, 1.5, -3.25])
    if kind == "boolean":
        return rng.choice([True, False])
    if kind == "timestamp":
        return rng.choice([0, 1_700_000_000, 4_102_444_800, -1])
    if kind == "blob":
        return rng.choice(["", "aGVsbG8=", "not base64!"])
    return None


def _send_raw(client: Any, operation: str, body: bytes) -> None:
    def rewrite(request: Any, **_: Any) -> None:
        request.headers["X-Amz-Target"] = f"AmazonSSM.{operation}"
        request.data = body

    client.meta.events.register_first("before-sign.ssm.*", rewrite, unique_id="malformed-body")
    try:
        client.describe_parameters()
    finally:
        client.meta.events.unregister("before-sign.ssm.*", unique_id="malformed-body")


def _implemented() -> list[str]:
    backend.load()
    return sorted(registry.HANDLERS)


@pytest.mark.parametrize("operation", _implemented())
def test_generated_bodies_never_break_the_fake(operation: str, ssm_fake: Any) -> None:
    client = boto3.client("ssm", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1}))
    ssm_fake.add_instance("i-0123456789abcdef0", tags={"Role": "web"})
    client.put_parameter(Name="/fuzz/p", Value="v", Type="String")
    shape = model.operation_model(operation).input_shape
    rng = random.Random(f"{operation}-seed")
    outcomes: set[str] = set()
    for _ in range(BODIES_PER_ACTION):
        body = json.dumps(_value(shape, rng) if shape is not None else {}).encode()
        try:
            _send_raw(client, operation, body)
            outcomes.add("ok")
        except ClientError as error:
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            code = error.response["Error"]["Code"]
            assert status < 500 and code != "InternalServerError", (operation, body, error.response["Error"])
            outcomes.add(code)
    assert outcomes  # every body got an answer
