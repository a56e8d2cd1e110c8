"""Parameter Store's reads: GetParameter(s), GetParametersByPath, DescribeParameters,
GetParameterHistory, DeleteParameter(s), labels, and the ``Parameter`` resource type for tags."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from ...errors import (
    InvalidResourceId,
    ParameterNotFound,
    ParameterVersionLabelLimitExceeded,
    ParameterVersionNotFound,
    ValidationException,
)
from ..registry import Reply, Request, handles
from ..shared.pagination import Window, page_of, with_next_token
from ..shared.tags import taggable
from ..state import RequestContext
from .filters import by_path_filter, describe_filter, parse_path
from .public import is_public, public_names, public_parameter
from .store import (
    _LABEL,
    NAME,
    READ_NAME_MESSAGE,
    Parameter,
    ParameterStore,
    ParameterVersion,
    canonical,
    check_reserved,
)

# --- Names and replies -----------------------------------------------------------------------------


class _BadName(Exception):
    """A name a read action cannot look up; GetParameter says ValidationException, GetParameters lists it."""


def _plain_name(raw: str) -> str:
    """A name given to an action that takes no ARN and no selector."""
    name = raw.strip(" ")
    if not NAME.fullmatch(name) or name.lstrip("/")[:3].lower() == "ssm":
        raise ValidationException(READ_NAME_MESSAGE)
    return name


def _reference(ctx: RequestContext, raw: str) -> tuple[str, str, str | None, bool]:
    """(name, key, selector, by ARN) of a read's ``Name``: a name or the parameter's ARN, then ``:version``
    or ``:label``. Raises _BadName for malformed names and ARNs of other accounts or regions."""
    ref = raw.strip(" ")
    by_arn = ref.startswith("arn:")
    if by_arn:
        parts = ref.split(":", 6)
        if len(parts) < 6 or parts[2] != "ssm" or not parts[5].startswith("parameter/"):
            raise _BadName
        name, selector = parts[5][9:], (parts[6] if len(parts) == 7 else None)
        # A public parameter's ARN has no account: arn:aws:ssm:REGION::parameter/aws/service/...
        owner = "" if is_public(name) else ctx.account_id
        if parts[3] != ctx.region or parts[4] != owner:
            raise _BadName
    else:
        name, colon, rest = ref.partition(":")
        selector = rest if colon else None
    if not NAME.fullmatch(name) or name.lstrip("/")[:3].lower() == "ssm":
        raise _BadName
    if selector is not None and not _LABEL.fullmatch(selector):
        raise _BadName
    return name, canonical(name), selector, by_arn


def _select(parameter: Parameter, selector: str | None) -> ParameterVersion | None:
    """The version a selector names; None for an unknown label; ParameterVersionNotFound for a version."""
    if selector is None:
        return parameter.latest
    if selector.isdigit():
        found = parameter.versions.get(int(selector))
        if found is None:
            raise ParameterVersionNotFound(
                f"Systems Manager could not find version {selector} of {parameter.name}. "
                "Verify the version and try again."
            )
        return found
    return parameter.labels.get(selector)


def _shown(parameter: Parameter, version: ParameterVersion, name: str, decrypt: bool | None) -> Reply:
    return {
        "Name": name,
        "Type": version.type,
        "Value": version.shown_value(decrypt),
        "Version": version.version,
        "LastModifiedDate": version.modified,
        "ARN": parameter.arn,
        "DataType": version.data_type,
    }


def _described(parameter: Parameter, version: ParameterVersion) -> Reply:
    """The metadata of a version, as DescribeParameters and GetParameterHistory show it."""
    reply: Reply = {"Name": parameter.name, "Type": version.type}
    if version.key_id is not None:
        reply["KeyId"] = version.key_id
    reply["LastModifiedDate"] = version.modified
    if version.user:  # public parameters name no user
        reply["LastModifiedUser"] = version.user
    if version.description:
        reply["Description"] = version.description
    if version.allowed_pattern:
        reply["AllowedPattern"] = version.allowed_pattern
    reply["Version"] = version.version
    reply["Tier"] = version.tier
    reply["Policies"] = [policy.reply() for policy in version.policies]
    reply["DataType"] = version.data_type
    return reply


def _metadata(parameter: Parameter) -> Reply:
    """DescribeParameters' entry: the latest version's metadata and the ARN (which history lacks)."""
    reply = _described(parameter, parameter.latest)
    reply["ARN"] = parameter.arn
    return reply


# --- Reads ---------------------------------------------------------------------------------------


def _lookup(ctx: RequestContext, store: ParameterStore, key: str) -> Parameter | None:
    """The account's parameter, or the public one every account reads."""
    if is_public(key):
        return public_parameter(ctx.service, ctx.region, key)
    return store.parameters.get(key)


def _read(ctx: RequestContext, store: ParameterStore, raw: str, decrypt: bool | None) -> Reply | None:
    """The reply entry for a read's ``Name``, or None when there is no such parameter or label.
    Raises _BadName and ParameterVersionNotFound."""
    name, key, selector, by_arn = _reference(ctx, raw)
    parameter = _lookup(ctx, store, key)
    version = _select(parameter, selector) if parameter is not None else None
    if parameter is None or version is None:
        return None
    reply = _shown(parameter, version, parameter.name if by_arn else name, decrypt)
    if selector is not None:
        reply["Selector"] = ":" + selector
    return reply


@handles("GetParameter")
def get_parameter(ctx: RequestContext, request: Request) -> Reply:
    raw: str = request["Name"]
    try:
        reply = _read(ctx, ctx.state(ParameterStore), raw, request.get("WithDecryption"))
    except _BadName:
        if raw.startswith("arn:"):
            raise ParameterNotFound("") from None
        raise ValidationException(READ_NAME_MESSAGE) from None
    if reply is None:
        # No message, as the service answers (awslabs/aws-simple-cicd issue 10).
        raise ParameterNotFound("")
    return {"Parameter": reply}


@handles("GetParameters")
def get_parameters(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    decrypt = request.get("WithDecryption")
    found: list[Reply] = []
    invalid: list[str] = []
    for raw in dict.fromkeys(request["Names"]):
        try:
            reply = _read(ctx, store, raw, decrypt)
        except (_BadName, ParameterVersionNotFound):
            reply = None
        if reply is None:
            invalid.append(raw)
        else:
            found.append(reply)
    found.sort(key=lambda reply: reply["Name"])
    return {"Parameters": found, "InvalidParameters": invalid}


@handles("GetParametersByPath")
def get_parameters_by_path(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    path = parse_path(request["Path"])
    pick = by_path_filter(request.get("ParameterFilters"))
    prefix = "/" if path == "/" else path + "/"
    lookup: Callable[[str], Parameter | None] = store.parameters.get
    if is_public(prefix):
        names: Sequence[str] = public_names(ctx.service, ctx.region, prefix)
        lookup = partial(public_parameter, ctx.service, ctx.region)
    else:
        start = bisect_left(store.keys, prefix)
        end = bisect_left(store.keys, prefix[:-1] + "0")  # '0' sorts right after '/'
        names = Window(store.keys, start, end)
    recursive = request.get("Recursive")
    depth = len(prefix)
    shown: dict[str, tuple[Parameter, ParameterVersion]] = {}

    def keep(key: str) -> bool:
        if not recursive and key.find("/", depth) != -1:
            return False
        parameter = lookup(key)
        if parameter is None:
            return False
        version = parameter.latest if pick is None else pick(parameter)
        if version is None:
            return False
        shown[key] = (parameter, version)
        return True

    keys, token = page_of(names, request, key=lambda key: key, default_limit=10, keep=keep)
    decrypt = request.get("WithDecryption")
    reply: Reply = {"Parameters": [_shown(*shown[key], shown[key][0].name, decrypt) for key in keys]}
    return with_next_token(reply, token)


@handles("DescribeParameters")
def describe_parameters(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    match = describe_filter(request.get("Filters"), request.get("ParameterFilters"))
    if request.get("Shared"):
        return {"Parameters": []}  # sharing through RAM is not modelled: nothing is shared with anyone
    public_path = _public_path(request.get("ParameterFilters"))
    if public_path is not None:
        return _describe_public(ctx, request, public_path, match)
    parameters = store.parameters
    keys, token = page_of(
        store.keys,
        request,
        key=lambda key: key,
        default_limit=10,
        keep=None if match is None else lambda key: match(parameters[key]),
    )
    reply: Reply = {"Parameters": [_metadata(parameters[key]) for key in keys]}
    return with_next_token(reply, token)


def _public_path(parameter_filters: list[dict[str, Any]] | None) -> str | None:
    """The prefix to list public parameters under, when a Path filter names only public paths
    (the account itself can hold nothing under /aws/)."""
    for item in parameter_filters or ():
        values = item.get("Values") or []
        if item["Key"] == "Path" and values and all(is_public(value) for value in values):
            return values[0].rstrip("/") + "/" if len(values) == 1 else "/aws/service/"
    return None


def _describe_public(
    ctx: RequestContext, request: Request, prefix: str, match: Callable[[Parameter], bool] | None
) -> Reply:
    found: dict[str, Parameter] = {}

    def keep(key: str) -> bool:
        parameter = public_parameter(ctx.service, ctx.region, key)
        if parameter is None or (match is not None and not match(parameter)):
            return False
        found[key] = parameter
        return True

    keys, token = page_of(
        public_names(ctx.service, ctx.region, prefix), request, key=lambda key: key, default_limit=10, keep=keep
    )
    reply: Reply = {"Parameters": [_metadata(found[key]) for key in keys]}
    return with_next_token(reply, token)


@handles("GetParameterHistory")
def get_parameter_history(ctx: RequestContext, request: Request) -> Reply:
    raw: str = request["Name"]
    try:
        _, key, selector, _ = _reference(ctx, raw)
    except _BadName:
        selector = None
        key = ""
    if selector is not None or not key:
        raise ValidationException(READ_NAME_MESSAGE)
    store = ctx.state(ParameterStore)
    parameter = _lookup(ctx, store, key) or store.require(key)
    versions, token = page_of(
        list(parameter.versions.values()),
        request,
        key=lambda version: version.version,
        default_limit=50,
    )
    decrypt = request.get("WithDecryption")
    history = []
    for version in versions:
        entry = _described(parameter, version)
        entry["Value"] = version.shown_value(decrypt)
        entry["Labels"] = list(version.labels)
        history.append(entry)
    reply: Reply = {"Parameters": history}
    return with_next_token(reply, token)


# --- Deletes -------------------------------------------------------------------------------------


@handles("DeleteParameter")
def delete_parameter(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    check_reserved(request["Name"].strip(" "))
    store.remove(store.require(_plain_name(request["Name"])))
    return {}


@handles("DeleteParameters")
def delete_parameters(ctx: RequestContext, request: Request) -> Reply:
    store = ctx.state(ParameterStore)
    deleted: list[str] = []
    invalid: list[str] = []
    for raw in dict.fromkeys(request["Names"]):
        name = raw.strip(" ")
        parameter = store.parameters.get(canonical(name)) if NAME.fullmatch(name) else None
        if parameter is None:
            invalid.append(raw)
        else:
            store.remove(parameter)
            deleted.append(raw)
    return {"DeletedParameters": deleted, "InvalidParameters": invalid}


# --- Labels --------------------------------------------------------------------------------------


def _labelled_version(ctx: RequestContext, request: Request) -> tuple[Parameter, ParameterVersion]:
    check_reserved(request["Name"].strip(" "))  # a write, refused on aws names as DeleteParameter is
    parameter = ctx.state(ParameterStore).require(_plain_name(request["Name"]))
    number = request.get("ParameterVersion")
    if number is None:
        return parameter, parameter.latest
    version = parameter.versions.get(number)
    if version is None:
        raise ParameterVersionNotFound(
            f"Systems Manager could not find version {number} of {parameter.name}. Verify the version and try again."
        )
    return parameter, version


def _valid_label(label: str) -> bool:
    return bool(_LABEL.fullmatch(label)) and not label[0].isdigit() and label[:3].lower() not in ("aws", "ssm")


@handles("LabelParameterVersion")
def label_parameter_version(ctx: RequestContext, request: Request) -> Reply:
    parameter, version = _labelled_version(ctx, request)
    labels: list[str] = list(dict.fromkeys(request["Labels"]))
    invalid = [label for label in labels if not _valid_label(label)]
    valid = [label for label in labels if label not in invalid]
    new = [label for label in valid if label not in version.labels]
    if len(version.labels) + len(new) > ParameterStore.MAX_LABELS_PER_VERSION:
        raise ParameterVersionLabelLimitExceeded(
            "A parameter version can have maximum 10 labels. Move one or more labels to another version and try again."
        )
    for label in new:
        holder = parameter.labels.get(label)
        if holder is not None:
            holder.labels.remove(label)
        version.labels.append(label)
        parameter.labels[label] = version
    return {"InvalidLabels": invalid, "ParameterVersion": version.version}


@handles("UnlabelParameterVersion")
def unlabel_parameter_version(ctx: RequestContext, request: Request) -> Reply:
    parameter, version = _labelled_version(ctx, request)
    removed: list[str] = []
    invalid: list[str] = []
    for label in dict.fromkeys(request["Labels"]):
        if label in version.labels:
            version.labels.remove(label)
            del parameter.labels[label]
            removed.append(label)
        else:
            invalid.append(label)
    return {"RemovedLabels": removed, "InvalidLabels": invalid}


# --- Tags ----------------------------------------------------------------------------------------


@taggable("Parameter")
def _parameter_tags(ctx: RequestContext, resource_id: str) -> dict[str, str]:
    name = resource_id.strip(" ")
    parameter = ctx.state(ParameterStore).parameters.get(canonical(name)) if NAME.fullmatch(name) else None
    if parameter is None:
        # No message, as the service answers: "An error occurred (InvalidResourceId) when calling the
        # ListTagsForResource operation: " (aws/aws-cli issue 4419).
        raise InvalidResourceId("")
    return parameter.tags
