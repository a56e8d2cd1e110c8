"""PutParameter: the one way a parameter or a new version of it comes to be.

The checks run in the service's order, and nothing changes before all of them pass, so a
failed PutParameter leaves the store as it was. The rules the model cannot express live
here: reserved prefixes and hierarchy depth of names, type changes, KMS key ids, data types
(each checks its values), allowed patterns, tiers and their value sizes, parameter policies
(an Expiration policy deletes the parameter when the fake's clock reaches it) and the
100-version history::

    client.put_parameter(Name="/app/db", Value="x", Type="SecureString", Tier="Intelligent-Tiering")
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import (
    AccessDeniedException,
    HierarchyLevelLimitExceededException,
    HierarchyTypeMismatchException,
    IncompatiblePolicyException,
    InvalidAllowedPatternException,
    InvalidKeyId,
    InvalidPolicyAttributeException,
    InvalidPolicyTypeException,
    ParameterAlreadyExists,
    ParameterLimitExceeded,
    ParameterMaxVersionLimitExceeded,
    ParameterPatternMismatchException,
    PoliciesLimitExceededException,
    ValidationException,
)
from ..validation import compile_pattern
from .parameter_filters import canonical
from .parameters import (
    NAME,
    READ_NAME_MESSAGE,
    Parameter,
    ParameterStore,
    ParameterVersion,
    Policy,
)
from .registry import Reply, Request, handles
from .state import RequestContext
from .tags import apply_tags

DEFAULT_KEY_ID = "alias/aws/ssm"
STANDARD, ADVANCED, INTELLIGENT = "Standard", "Advanced", "Intelligent-Tiering"
POLICY_TYPES = ("Expiration", "ExpirationNotification", "NoChangeNotification")

_AMI = re.compile(r"ami-[0-9A-Za-z]{8}(?:[0-9A-Za-z]{9})?")
# Expiration's Timestamp: ISO_INSTANT or ISO_OFFSET_DATE_TIME, so a time and a zone are both required.
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}(?::\d{2})?)", re.ASCII
)
_NESTED = re.compile(r"\{\{.*\}\}", re.DOTALL)
_LIST_SEPARATOR = re.compile(r" *, *")
_KMS_ARN = r"arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:"
_KEY = r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})"
_KEY_ID = re.compile(rf"{_KEY}|{_KMS_ARN}key/{_KEY}|(?:{_KMS_ARN})?alias/[A-Za-z0-9/_-]+")


@handles("PutParameter")
def put_parameter(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    name = _name(store, request["Name"])
    value: str = request["Value"]
    overwrite = request.get("Overwrite") or False
    tags = request.get("Tags")
    if not value:
        raise ValidationException(
            "1 validation error detected: Value '' at 'value' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    if overwrite and tags:
        raise ValidationException(
            "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please "
            "remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
            "RemoveTagsFromResource."
        )
    key = canonical(name)
    parameter = store.parameters.get(key)
    if parameter is not None and not overwrite:
        raise ParameterAlreadyExists(
            "The parameter already exists. To overwrite this value, set the overwrite option in the request to true."
        )
    previous = parameter.latest if parameter is not None else None
    version = _new_version(ctx, store, request, previous, value)
    if version.data_type == "aws:ec2:image" and not _AMI.fullmatch(version.value):
        # The service checks AMI ids after replying; a bad one is then silently not stored.
        return {"Version": version.version, "Tier": version.tier}
    if parameter is None:
        if store.tier_counts[version.tier] >= _limit(store, version.tier):
            raise ParameterLimitExceeded(
                "You have exceeded the number of parameters for this Amazon Web Services account. "
                "Delete one or more parameters and try again."
            )
        parameter = Parameter(name, key, store.arn_of(key), version)
        if tags:
            apply_tags(parameter.tags, tags, "Parameter")
        store.add(parameter)
    else:
        _add_version(store, parameter, version)
    fresh = [p for p in version.policies if p.expires and (previous is None or p not in previous.policies)]
    if fresh:
        _schedule_expiry(ctx, store, parameter, fresh)
    return {"Version": version.version, "Tier": version.tier}


def _name(store: ParameterStore, raw: str) -> str:
    """PutParameter's name rules, in the service's order; returns the name without surrounding spaces."""
    name = raw.strip(" ")
    bare = name.lstrip("/")
    reserved = bare[:3].lower()
    if reserved in ("aws", "ssm"):
        if name.count("/") < 2:
            raise ValidationException('Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).')
        if reserved == "aws":
            raise AccessDeniedException(f"No access to reserved parameter name: {bare}.")
        raise ValidationException(READ_NAME_MESSAGE)
    if not NAME.fullmatch(name):
        raise ValidationException("Parameter name must be a fully qualified name.")
    if name.count("/") > 15:
        raise HierarchyLevelLimitExceededException(
            "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints "
            "for parameter names in the Amazon Web Services Systems Manager User Guide."
        )
    if len(bare) > store.name_room:
        prefix = store.arn("parameter/")
        raise ValidationException(
            f"Parameter name is too long: {len(bare)} characters after its {len(prefix)}-character ARN prefix "
            f"{prefix!r}; name and prefix together may have at most {store.MAX_NAME_WITH_ARN} characters."
        )
    return name


def _limit(store: ParameterStore, tier: str) -> int:
    return store.STANDARD_LIMIT if tier == STANDARD else store.ADVANCED_LIMIT


def _new_version(
    ctx: RequestContext, store: ParameterStore, request: Request, previous: ParameterVersion | None, value: str
) -> ParameterVersion:
    """The version a PutParameter request would make; raises for any rule it breaks, changing nothing."""
    type_: str | None = request.get("Type")
    if previous is None and type_ is None:
        raise ValidationException("A parameter type is required when you create a parameter.")
    if previous is not None and type_ is not None and type_ != previous.type:
        raise HierarchyTypeMismatchException(
            "Parameter Store doesn't support changing a parameter type in a hierarchy. For example, you can't "
            "change a parameter from a String type to a SecureString type. You must create a new, unique parameter."
        )
    if type_ is None:
        assert previous is not None
        type_ = previous.type
    if "{{" in value and _NESTED.search(value):
        raise ValidationException('Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.')
    if type_ == "StringList":
        value = _LIST_SEPARATOR.sub(",", value)
    key_id = _key_id(request.get("KeyId"), type_, previous)
    data_type = _data_type(request.get("DataType"), previous, type_, value)
    pattern = _allowed_pattern(request.get("AllowedPattern"), previous, value)
    policies = _policies(ctx, request.get("Policies"), previous)
    needs_advanced = "Parameter policies are" if policies else None
    if data_type in ADVANCED_DATA_TYPES:
        needs_advanced = f"The {data_type} data type is"
    tier = _tier(store, request.get("Tier"), previous, value, needs_advanced)
    description = request.get("Description")
    return ParameterVersion(
        version=previous.version + 1 if previous else 1,
        value=value,
        type=type_,
        key_id=key_id,
        description=description if description is not None else (previous.description if previous else ""),
        allowed_pattern=pattern,
        tier=tier,
        data_type=data_type,
        policies=policies,
        modified=ctx.now,
        user=store.user,
        labels=[],
    )


def _key_id(given: str | None, type_: str, previous: ParameterVersion | None) -> str | None:
    if type_ != "SecureString":
        if given is not None:
            raise ValidationException("KeyId is required for SecureString type parameter only.")
        return None
    if given is None:
        return previous.key_id if previous is not None and previous.key_id else DEFAULT_KEY_ID
    if not _KEY_ID.fullmatch(given):
        raise InvalidKeyId(f"Invalid KeyId {given}: use a KMS key id, key ARN, alias name (alias/...) or alias ARN.")
    return given


def _allowed_pattern(given: str | None, previous: ParameterVersion | None, value: str) -> str:
    pattern = given if given is not None else (previous.allowed_pattern if previous else "")
    if not pattern:
        return ""
    try:
        compiled = compile_pattern(pattern)
    except re.error as error:
        raise InvalidAllowedPatternException(
            f"The request doesn't meet the regular expression requirement: {pattern!r} is not a valid "
            f"regular expression ({error})."
        ) from None
    if not compiled.fullmatch(value):
        raise ParameterPatternMismatchException(
            f"Parameter value, cannot be validated against allowedPattern: {pattern}"
        )
    return pattern


def _tier(
    store: ParameterStore, requested: str | None, previous: ParameterVersion | None, value: str, feature: str | None
) -> str:
    """The tier a version gets; ``feature`` names what it uses that needs the advanced tier ("Parameter
    policies are", "The json data type is"), if anything."""
    current = previous.tier if previous else None
    size = len(value)
    if requested == INTELLIGENT:
        needs_advanced = (
            current == ADVANCED
            or size > store.STANDARD_VALUE_LIMIT
            or feature is not None
            or (current is None and store.tier_counts[STANDARD] >= store.STANDARD_LIMIT)
        )
        tier = ADVANCED if needs_advanced else STANDARD
    else:
        tier = requested or current or STANDARD
    if tier == STANDARD and current == ADVANCED:
        raise ValidationException(
            "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
            "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced "
            "parameter and recreate it as a standard parameter."
        )
    if tier == STANDARD and size > store.STANDARD_VALUE_LIMIT:
        raise ValidationException(
            f"Standard tier parameters support a maximum parameter value of {store.STANDARD_VALUE_LIMIT} characters. "
            "To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier."
        )
    if size > store.ADVANCED_VALUE_LIMIT:
        raise ValidationException(
            "The specified parameter value is too large. Advanced-tier parameters support a maximum parameter "
            f"value of {store.ADVANCED_VALUE_LIMIT} characters."
        )
    if feature is not None and tier != ADVANCED:
        raise ValidationException(
            f"{feature} supported only for advanced-tier parameters. Set Tier to Advanced or Intelligent-Tiering."
        )
    return tier


def _add_version(store: ParameterStore, parameter: Parameter, version: ParameterVersion) -> None:
    """Make ``version`` the latest, dropping the oldest when 100 are kept (unless it is labelled)."""
    upgrade = version.tier != parameter.latest.tier
    if upgrade and store.tier_counts[version.tier] >= _limit(store, version.tier):
        raise ParameterLimitExceeded(
            f"You have exceeded the number of {version.tier.lower()} parameters for this account and Region."
        )
    if len(parameter.versions) >= store.MAX_VERSIONS:
        oldest = next(iter(parameter.versions.values()))
        if oldest.labels:
            raise ParameterMaxVersionLimitExceeded(
                f"You attempted to create a new version of {parameter.name} by calling the PutParameter API with "
                f"the overwrite flag. Version {oldest.version}, the oldest version, can't be deleted because it has "
                "a label associated with it. Move the label to another version of the parameter, and try again."
            )
        del parameter.versions[oldest.version]
    if upgrade:
        store.tier_counts[parameter.latest.tier] -= 1
        store.tier_counts[version.tier] += 1
    parameter.versions[version.version] = version
    parameter.latest = version


# --- Data types ----------------------------------------------------------------------------------
# The model's documentation of PutParameter's DataType lists the types; the user guide (parameter-store-data-types)
# says values are checked during PutParameter (aws:ec2:image after replying), each item of a StringList on its own,
# and that no parameter changes to or from aws:ec2:image or aws:ssm:integration. The exact rules of each check are
# not documented: the ones below are the fake's.


@dataclass(frozen=True, slots=True)
class _DataType:
    """How values of one data type are checked, and an example of a good one for error messages."""

    check: Callable[[str], bool]
    example: str
    lists: bool = True  # whether a StringList may use it


_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}", re.ASCII)
_ACCOUNT_ID = re.compile(r"\d{12}", re.ASCII)
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
    "aws:account:id": _DataType(lambda text: bool(_ACCOUNT_ID.fullmatch(text)), "111122223333"),
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


def _data_type(requested: str | None, previous: ParameterVersion | None, type_: str, value: str) -> str:
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


# --- Policies ------------------------------------------------------------------------------------


def _policies(ctx: RequestContext, text: str | None, previous: ParameterVersion | None) -> tuple[Policy, ...]:
    """Parsed ``Policies``; an update without them keeps the previous version's (and their timers)."""
    if text is None:
        return previous.policies if previous else ()
    try:
        items = json.loads(text)
    except ValueError:
        items = None
    if not isinstance(items, list):
        raise ValidationException(
            'Policies must be a JSON array of policy objects, e.g. [{"Type":"Expiration","Version":"1.0",'
            '"Attributes":{"Timestamp":"2030-01-01T00:00:00.000Z"}}].'
        )
    if len(items) > 10:
        raise PoliciesLimitExceededException(
            "You specified more than the maximum number of allowed policies for the parameter. The maximum is 10."
        )
    policies = tuple(_policy(ctx, item) for item in items)
    kinds = [policy.type for policy in policies]
    if len(set(kinds)) != len(kinds):
        raise IncompatiblePolicyException(
            "There is a conflict in the policies specified for this parameter. You can't, for example, specify two "
            "Expiration policies for a parameter. Review your policies, and try again."
        )
    return policies


def _policy(ctx: RequestContext, item: Any) -> Policy:
    if not isinstance(item, dict) or not isinstance(item.get("Attributes"), dict):
        raise InvalidPolicyAttributeException(
            f"A policy attribute or its value is invalid: each policy needs Type, Version and Attributes; got {item!r}."
        )
    kind = item.get("Type")
    if kind not in POLICY_TYPES:
        raise InvalidPolicyTypeException(
            f"The policy type {kind!r} isn't supported. Parameter Store supports the following policy types: "
            "Expiration, ExpirationNotification, and NoChangeNotification."
        )
    attributes: dict[str, Any] = item["Attributes"]
    if item.get("Version", "1.0") != "1.0":
        raise InvalidPolicyAttributeException(f"Policy Version must be 1.0, got {item.get('Version')!r}.")
    expires = None
    if kind == "Expiration":
        expires = _expiry(ctx, attributes)
    else:
        count_name = "Before" if kind == "ExpirationNotification" else "After"
        count = attributes.get(count_name)
        if set(attributes) != {count_name, "Unit"} or not (
            isinstance(count, str) and count.isascii() and count.isdigit() and int(count) > 0
        ):
            raise InvalidPolicyAttributeException(
                f"A policy attribute or its value is invalid: {kind} takes {count_name} (a positive whole number "
                f'as a string) and Unit ("Days" or "Hours"); got {attributes!r}.'
            )
        if attributes["Unit"] not in ("Days", "Hours"):
            raise InvalidPolicyAttributeException(f'Unit must be "Days" or "Hours", got {attributes["Unit"]!r}.')
    return Policy(kind, json.dumps(item, separators=(",", ":")), expires)


def _expiry(ctx: RequestContext, attributes: dict[str, Any]) -> datetime:
    stamp = attributes.get("Timestamp")
    when = None
    if set(attributes) == {"Timestamp"} and isinstance(stamp, str) and _TIMESTAMP.fullmatch(stamp):
        try:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            when = None
    if when is None:
        raise InvalidPolicyAttributeException(
            "A policy attribute or its value is invalid: Expiration takes one attribute, Timestamp, a date and time "
            "in the ISO_INSTANT (2030-01-01T00:00:00.000Z) or ISO_OFFSET_DATE_TIME (2030-01-01T10:30:00+10:30) "
            f"format; got {attributes!r}."
        )
    if when <= ctx.now:
        raise InvalidPolicyAttributeException(f"The Expiration Timestamp {stamp} is not in the future.")
    return when


def _schedule_expiry(ctx: RequestContext, store: ParameterStore, parameter: Parameter, fresh: list[Policy]) -> None:
    """Each new Expiration policy deletes the parameter when the clock reaches its time, unless a later
    version replaced the policy by then (an update without Policies keeps the same policy objects)."""
    for policy in fresh:
        assert policy.expires is not None

        def expire(policy: Policy = policy) -> None:
            if store.parameters.get(parameter.key) is parameter and policy in parameter.latest.policies:
                store.remove(parameter)

        ctx.service.clock.call_at(policy.expires, expire)
