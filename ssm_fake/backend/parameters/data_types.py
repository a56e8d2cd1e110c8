"""Parameter data types: which values each of today's DataType options accepts.

The model's documentation of PutParameter's ``DataType`` lists the options; the user guide
(parameter-store-data-types) says the service checks the value when it is written. Where
the guide gives no exact rule, the checks below are the fake's choice (docs/parameters.md).
Each item of a StringList is checked on its own, and no parameter changes to or from
``aws:ec2:image`` or ``aws:ssm:integration``.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ...errors import ValidationException
from ..state import ACCOUNT_ID

if TYPE_CHECKING:
    from .store import ParameterVersion

_AMI = re.compile(r"ami-[0-9A-Za-z]{8}(?:[0-9A-Za-z]{9})?")


def well_formed_ami(value: str) -> bool:
    """The form of an AMI id; the service checks it only after replying (PutParameter docs)."""
    return bool(_AMI.fullmatch(value))


@dataclass(frozen=True, slots=True)
class _DataType:
    """How values of one data type are checked, and an example of a good one for error messages."""

    check: Callable[[str], bool]
    example: str
    lists: bool = True  # whether a StringList may use it


_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d{1,19}", re.ASCII)
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}")
_JSONC_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)


def _is_integer(text: str) -> bool:
    return bool(_INTEGER.fullmatch(text)) and -(2**63) <= int(text) < 2**63


def _is_binary(text: str) -> bool:
    try:
        return bool(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        return False


def _is_hostname(text: str) -> bool:
    return len(text) <= 253 and all(_HOST_LABEL.fullmatch(label) for label in text.split("."))


def _is_email(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at) and bool(_EMAIL_LOCAL.fullmatch(local)) and "." in domain and _is_hostname(domain)


def _is_ip(kind: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            kind(text)
        except ValueError:
            return False
        return True

    return check


def _is_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc) and not any(c.isspace() for c in text)


def _is_json(text: str) -> bool:
    def refuse(constant: str) -> Any:
        raise ValueError(constant)

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError:
        return False
    return True


def _is_jsonc(text: str) -> bool:
    """JSON with // and /* */ comments (outside strings)."""
    return _is_json(_JSONC_TOKEN.sub(lambda m: m.group() if m.group()[0] == '"' else " ", text))


def _anything(text: str) -> bool:
    return True


DATA_TYPES: dict[str, _DataType] = {
    "text": _DataType(_anything, "any text"),
    "aws:ec2:image": _DataType(_anything, "ami-12345abcdeEXAMPLE"),  # checked after replying, see put_parameter
    "aws:ssm:integration": _DataType(_anything, "an integration's settings"),
    "aws:region": _DataType(lambda text: bool(_REGION.fullmatch(text)), "us-east-2"),
    "aws:account:id": _DataType(lambda text: bool(ACCOUNT_ID.fullmatch(text)), "111122223333"),
    "boolean": _DataType(lambda text: text.lower() in ("true", "false"), "true or false"),
    "integer": _DataType(_is_integer, "443 (a 64-bit whole number)"),
    "float": _DataType(lambda text: bool(_FLOAT.fullmatch(text)), "3.14 or 1e-3"),
    "binary": _DataType(_is_binary, "base64 such as aGVsbG8="),
    "hostname": _DataType(_is_hostname, "db.example.com"),
    "email": _DataType(_is_email, "user@example.com"),
    "ipv4-address": _DataType(_is_ip(ipaddress.IPv4Address), "192.0.2.10"),
    "ipv6-address": _DataType(_is_ip(ipaddress.IPv6Address), "2001:db8::1"),
    "url": _DataType(_is_url, "https://example.com/path"),
    "json": _DataType(_is_json, '{"key": "value"}', lists=False),
    "jsonc": _DataType(_is_jsonc, '{"key": "value" /* comment */}', lists=False),
}
ADVANCED_DATA_TYPES = frozenset({"url", "json", "jsonc"})  # "options that require an advanced parameter" (Tier)
_FIXED_DATA_TYPES = frozenset({"aws:ec2:image", "aws:ssm:integration"})


def checked_data_type(requested: str | None, previous: ParameterVersion | None, type_: str, value: str) -> str:
    """The version's data type, after checking the value against it; an update without one keeps the current."""
    data_type = requested or (previous.data_type if previous else "text")
    rules = DATA_TYPES.get(data_type)
    if rules is None:
        raise ValidationException(
            f"The following data type is not supported: {data_type} (Data type names are all lowercase.)"
        )
    if previous is not None and data_type != previous.data_type and {data_type, previous.data_type} & _FIXED_DATA_TYPES:
        raise ValidationException(
            f"You can't change the data type of this parameter from {previous.data_type} to {data_type}: parameters "
            "can't change to or from aws:ec2:image or aws:ssm:integration. Create a new parameter instead."
        )
    if type_ == "StringList" and not rules.lists:
        raise ValidationException(
            f"The {data_type} data type doesn't support StringList parameters. Use String or SecureString."
        )
    items = value.split(",") if type_ == "StringList" else [value]
    for number, item in enumerate(items, 1):
        if not rules.check(item):
            where = f"Item {number} of the StringList value" if type_ == "StringList" else "The parameter value"
            raise ValidationException(
                f"{where} isn't valid for the {data_type} data type. Enter a value such as {rules.example}."
            )
    return data_type
