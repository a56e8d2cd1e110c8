"""Checks on what a test passes to ``mock_ssm`` and the handle, with messages that say what
to pass instead: a wrong argument should fail where it is given, not as a puzzling error
(or a silent mismatch) calls later."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .backend.state import ACCOUNT_ID

# Today's region names: us-east-1, eu-central-2, us-gov-west-1, ap-southeast-4, cn-north-1.
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
# An AWS error code as botocore shows it in ClientError.response["Error"]["Code"].
_ERROR_CODE = re.compile(r"[A-Za-z][A-Za-z0-9.]*")


def account_id(where: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{where} takes an account id as a string of 12 digits, e.g. '111122223333', not {value!r}")
    if not ACCOUNT_ID.fullmatch(value):
        raise ValueError(f"{where} takes an account id of exactly 12 digits, e.g. '111122223333', got {value!r}")
    return value


def region(where: str, value: object) -> str:
    if not isinstance(value, str) or not _REGION.fullmatch(value):
        raise ValueError(f"{where} takes a region name such as 'us-east-1' or 'eu-west-1', got {value!r}")
    return value


def optional_text(where: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{where} takes a string or None, not {value!r}")
    return value


def text(where: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{where} takes a non-empty string, not {value!r}")
    return value


def error_code(where: str, value: object) -> str:
    if not isinstance(value, str) or not _ERROR_CODE.fullmatch(value):
        raise ValueError(f"{where} takes an error code such as 'ThrottlingException', got {value!r}")
    return value


def whole_number(where: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{where} takes an int, not {value!r}")
    return value


def tags(where: str, value: object) -> dict[str, str]:
    """A ``dict[str, str]``, or boto3's list of ``{"Key": ..., "Value": ...}``."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, (list, tuple)) and all(
        isinstance(item, Mapping) and set(item) == {"Key", "Value"} for item in value
    ):
        pairs = [(item["Key"], item["Value"]) for item in value]
    else:
        raise TypeError(
            f"{where} takes tags as a dict, e.g. {{'Env': 'prod'}}, or boto3's list "
            f"[{{'Key': 'Env', 'Value': 'prod'}}]; got {value!r}"
        )
    for key, item in pairs:
        if not isinstance(key, str) or not isinstance(item, str):
            raise TypeError(f"{where}: tag keys and values are strings, got {key!r}: {item!r}")
    return dict(pairs)


def callable_or_none(where: str, value: Any) -> Any:
    if value is not None and not callable(value):
        raise TypeError(f"{where} takes a callable (or None to remove it), not {value!r}")
    return value
