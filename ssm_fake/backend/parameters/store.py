"""Parameter Store's state: versioned, labelled, tiered parameters, kept sorted by key.

Each account and region has one :class:`ParameterStore`: a dict from a parameter's key
(its name with a leading slash, since ``foo`` and ``/foo`` are the same parameter) to the
:class:`Parameter`, plus the keys in sorted order, so paths and pages are binary searches
and GetParameter/PutParameter are a few dict look-ups::

    store = ctx.state(ParameterStore)
    parameter = store.parameters.get(canonical(name))

PutParameter and its rules (names, tiers, policies, key ids) live in ``writes``,
the filters of DescribeParameters and GetParametersByPath in ``filters``; reads, deletes, labels
and tags in ``reads``. docs/parameters.md lists where the fake knowingly differs from AWS.
"""

from __future__ import annotations

import base64
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from ...errors import AccessDeniedException, ParameterNotFound, ValidationException
from ..state import RegionState

# Names: one segment of a-zA-Z0-9_.- (optionally after one slash), or a path of such segments.
NAME = re.compile(r"[A-Za-z0-9_.\-]+|(?:/[A-Za-z0-9_.\-]+)+")
_LABEL = re.compile(r"[A-Za-z0-9_.\-]+")
READ_NAME_MESSAGE = (
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of '
    "sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the "
    "following 3 symbols .-_"
)


@dataclass(slots=True, eq=False)
class Policy:
    """One parameter policy as given, and how it shows in replies."""

    type: str
    text: str
    expires: datetime | None = None

    def reply(self) -> dict[str, str]:
        return {"PolicyText": self.text, "PolicyType": self.type, "PolicyStatus": "Pending"}


@dataclass(slots=True, eq=False)
class ParameterVersion:
    """One version of a parameter: everything PutParameter set, as of that version."""

    version: int
    value: str
    type: str
    key_id: str | None
    description: str
    allowed_pattern: str
    tier: str
    data_type: str
    policies: tuple[Policy, ...]
    modified: datetime
    user: str
    labels: list[str]
    _ciphertext: str | None = None

    def shown_value(self, decrypt: bool | None) -> str:
        """The value as a reply carries it: a SecureString stays encrypted unless ``decrypt``."""
        if self.type != "SecureString" or decrypt:
            return self.value
        if self._ciphertext is None:
            blob = f"ssm-fake:{self.key_id}:{self.version}\0{self.value}".encode()
            self._ciphertext = base64.b64encode(blob).decode()
        return self._ciphertext


class Parameter:
    """A parameter: its versions (oldest first, at most 100), labels and tags."""

    __slots__ = ("arn", "key", "labels", "latest", "name", "tags", "versions")

    def __init__(self, name: str, key: str, arn: str, first: ParameterVersion) -> None:
        self.name = name
        self.key = key
        self.arn = arn
        self.versions: dict[int, ParameterVersion] = {first.version: first}
        self.latest = first
        self.labels: dict[str, ParameterVersion] = {}
        self.tags: dict[str, str] = {}


class ParameterStore(RegionState):
    """The parameters of one account and region."""

    STANDARD_LIMIT: ClassVar[int] = 10_000
    ADVANCED_LIMIT: ClassVar[int] = 100_000
    MAX_VERSIONS: ClassVar[int] = 100
    MAX_LABELS_PER_VERSION: ClassVar[int] = 10
    MAX_NAME_WITH_ARN: ClassVar[int] = 1011
    STANDARD_VALUE_LIMIT: ClassVar[int] = 4096
    ADVANCED_VALUE_LIMIT: ClassVar[int] = 8192

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.parameters: dict[str, Parameter] = {}
        self.keys: list[str] = []
        self.tier_counts = {"Standard": 0, "Advanced": 0}
        # Names may have MAX_NAME_WITH_ARN characters counting the ARN before them (model docs).
        self.name_room = self.MAX_NAME_WITH_ARN - len(self.arn("parameter/"))
        # Who LastModifiedUser names: the fake has one IAM user per account.
        self.user = f"arn:aws:iam::{self.account_id}:user/ssm-fake"

    def arn_of(self, key: str) -> str:
        return self.arn("parameter" + key)

    def add(self, parameter: Parameter) -> None:
        self.parameters[parameter.key] = parameter
        insort(self.keys, parameter.key)
        self.tier_counts[parameter.latest.tier] += 1

    def remove(self, parameter: Parameter) -> None:
        del self.parameters[parameter.key]
        del self.keys[bisect_left(self.keys, parameter.key)]
        self.tier_counts[parameter.latest.tier] -= 1

    def require(self, name: str) -> Parameter:
        """The parameter called ``name`` (either spelling of a top-level name), or ParameterNotFound."""
        parameter = self.parameters.get(canonical(name))
        if parameter is None:
            # No message, as the service answers: "An error occurred (ParameterNotFound) when calling the
            # GetParameter operation: " (awslabs/aws-simple-cicd issue 10).
            raise ParameterNotFound("")
        return parameter


def canonical(name: str) -> str:
    """The key a parameter is stored under: 'foo' and '/foo' are the same parameter."""
    return name if name[:1] == "/" else "/" + name


def check_reserved(name: str) -> None:
    """Names that start with ``aws`` or ``ssm`` (any case, at any level), as PutParameter and
    DeleteParameter refuse them. ``aws`` names are AccessDeniedException even at the first level:
    "AccessDeniedException: No access to reserved parameter name: awslimitschecker." (PutParameter,
    aws-solutions/quota-monitor-for-aws issue 30) and "... reserved parameter name: aws-cdk-playground."
    (DeleteParameter, awslabs/aws-deployment-framework issue 119). ``ssm`` names get the name message
    (aws-ia/terraform-aws-control_tower_account_factory issue 467)."""
    bare = name.lstrip("/")
    reserved = bare[:3].lower()
    if reserved == "aws":
        raise AccessDeniedException(f"No access to reserved parameter name: {bare}.")
    if reserved == "ssm":
        raise ValidationException(READ_NAME_MESSAGE)
