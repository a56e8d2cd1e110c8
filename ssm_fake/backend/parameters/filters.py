"""The filters of DescribeParameters and GetParametersByPath, checked and compiled once per call.

Each action accepts a different subset of ``ParameterStringFilter`` keys and options (the
model's documentation of ``ParameterFilters`` says which); the old ``Filters`` of
DescribeParameters is handled here too. A request's filters become one predicate::

    keep = describe_filter(request.get("Filters"), request.get("ParameterFilters"))
    page, token = paginate(store.keys, key=..., token=..., limit=..., keep=lambda k: keep(store.parameters[k]))

For GetParametersByPath the compiled filter returns the version to show (a ``Label`` filter
picks the labelled version) or None, instead of a bool.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ...errors import InvalidFilterKey, InvalidFilterOption, InvalidFilterValue, ValidationException
from .store import canonical

if TYPE_CHECKING:
    from .store import Parameter, ParameterVersion

Match = Callable[["Parameter"], bool]

TYPES = ("String", "StringList", "SecureString")
TIERS = ("Standard", "Advanced", "Intelligent-Tiering")
_DESCRIBE_KEYS = "[Path, Name, Type, KeyId, Tier, DataType, tag:key]"
_BY_PATH_KEYS = "[Type, KeyId, Label]"
_BY_PATH_REFUSED = frozenset({"Name", "Path", "Tier", "DataType"})
_PATH = re.compile(r"/|(?:/[A-Za-z0-9_.\-]+)+/?")
PATH_MESSAGE = (
    "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward "
    'slash "/". It can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, '
    "or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All "
    'sub-paths, if specified, must use the forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.'
)


def parse_path(path: str) -> str:
    """A ``Path`` as a canonical hierarchy ('/' or '/a/b', no trailing slash); ValidationException if malformed."""
    path = path.strip(" ")
    if not _PATH.fullmatch(path):
        raise ValidationException(PATH_MESSAGE)
    return path if path == "/" else path.rstrip("/")


# --- DescribeParameters ------------------------------------------------------------------------


def describe_filter(
    filters: list[dict[str, Any]] | None, parameter_filters: list[dict[str, Any]] | None
) -> Match | None:
    """One predicate for DescribeParameters' filters, or None when nothing is filtered."""
    if filters and parameter_filters:
        raise ValidationException("You can use either Filters or ParameterFilters in a single request.")
    matches: list[Match] = []
    for old in filters or ():
        matches.append(_old_filter(old["Key"], old["Values"]))
    for key, option, values in _checked(parameter_filters, by_path=False):
        matches.append(_describe_match(key, option, values))
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0]
    return lambda parameter: all(match(parameter) for match in matches)


def _old_filter(key: str, values: list[str]) -> Match:
    """The deprecated ``Filters``: Name (begins with), Type and KeyId (equal to one of the values)."""
    if key == "Name":
        prefixes = tuple(canonical(value) for value in values)
        return lambda p: p.key.startswith(prefixes)
    wanted = frozenset(values)
    if key == "Type":
        return lambda p: p.latest.type in wanted
    return lambda p: p.latest.key_id in wanted


def _describe_match(key: str, option: str, values: list[str] | None) -> Match:
    if key.startswith("tag:"):
        return _tag_match(key[4:], option, values)
    assert values is not None
    if key == "Path":
        paths = [parse_path(value) for value in values]
        if option == "Recursive":
            if "/" in paths:
                return lambda p: True
            prefixes = tuple(path + "/" for path in paths)
            return lambda p: p.key.startswith(prefixes)
        parents = frozenset(paths)
        return lambda p: p.key[: max(p.key.rfind("/"), 1)] in parents
    if key == "Name":
        if option == "Contains":
            return lambda p: any(value in p.key for value in values)
        return _text_match(lambda p: p.key, option, [canonical(value) for value in values])
    field: Callable[[Parameter], str | None] = {
        "Type": lambda p: p.latest.type,
        "KeyId": lambda p: p.latest.key_id,
        "Tier": lambda p: p.latest.tier,
        "DataType": lambda p: p.latest.data_type,
    }[key]
    return _text_match(field, option, values)


def _text_match(field: Callable[[Parameter], str | None], option: str, values: list[str]) -> Match:
    if option == "BeginsWith":
        prefixes = tuple(values)

        def begins(parameter: Parameter) -> bool:
            text = field(parameter)
            return text is not None and text.startswith(prefixes)

        return begins
    wanted = frozenset(values)
    return lambda parameter: field(parameter) in wanted


def _tag_match(tag_key: str, option: str, values: list[str] | None) -> Match:
    if not values:
        return lambda p: tag_key in p.tags
    if option == "BeginsWith":
        prefixes = tuple(values)
        return lambda p: tag_key in p.tags and p.tags[tag_key].startswith(prefixes)
    wanted = frozenset(values)
    return lambda p: tag_key in p.tags and p.tags[tag_key] in wanted


# --- GetParametersByPath -----------------------------------------------------------------------

Pick = Callable[["Parameter"], "ParameterVersion | None"]


def by_path_filter(parameter_filters: list[dict[str, Any]] | None) -> Pick | None:
    """For GetParametersByPath: a function giving the version to return, or None to skip the parameter."""
    labels: list[str] | None = None
    matches: list[Match] = []
    for key, option, values in _checked(parameter_filters, by_path=True):
        assert values is not None
        if key == "Label":
            labels = values
        else:
            matches.append(_describe_match(key, option, values))
    if labels is None and not matches:
        return None

    def pick(parameter: Parameter) -> ParameterVersion | None:
        if not all(match(parameter) for match in matches):
            return None
        if labels is None:
            return parameter.latest
        for label in labels:
            found = parameter.labels.get(label)
            if found is not None:
                return found
        return None

    return pick


# --- The rules both actions share ----------------------------------------------------------------


def _checked(
    parameter_filters: Iterable[dict[str, Any]] | None, *, by_path: bool
) -> list[tuple[str, str, list[str] | None]]:
    """(key, option, values) of each filter, after the service's checks for the action."""
    checked: list[tuple[str, str, list[str] | None]] = []
    seen: set[str] = set()
    for item in parameter_filters or ():
        key: str = item["Key"]
        values: list[str] | None = item.get("Values")
        option: str = item.get("Option") or ("OneLevel" if key == "Path" else "Equals")
        if by_path and (key in _BY_PATH_REFUSED or key.startswith("tag:")):
            raise InvalidFilterKey(
                f"The following filter key is not valid: {key}. Valid filter keys include: {_BY_PATH_KEYS}."
            )
        if not by_path and key == "Label":
            raise InvalidFilterKey(
                f"The following filter key is not valid: {key}. Valid filter keys include: {_DESCRIBE_KEYS}."
            )
        if key in seen:
            raise InvalidFilterKey(
                f"The following filter is duplicated in the request: {key}. "
                "A request can contain only one occurrence of a specific filter."
            )
        seen.add(key)
        if values is None and not key.startswith("tag:"):
            raise InvalidFilterValue(f"The following filter values are missing : null for filter key {key}.")
        allowed = _options(key, by_path)
        if option not in allowed:
            raise InvalidFilterOption(
                f"The following filter option is not valid: {option}. Valid options include: [{', '.join(allowed)}]."
            )
        if key in ("Type", "Tier") and option == "Equals":
            _check_values(values or [], TYPES if key == "Type" else TIERS)
        if key == "Path":
            _check_paths(values or [])
        checked.append((key, option, values))
    return checked


def _options(key: str, by_path: bool) -> tuple[str, ...]:
    if key == "Path":
        return ("Recursive", "OneLevel")
    if key == "Label":
        return ("Equals",)
    if key == "Name" and not by_path:
        return ("Equals", "BeginsWith", "Contains")
    return ("Equals", "BeginsWith")


def _check_values(values: list[str], allowed: tuple[str, ...]) -> None:
    for value in values:
        if value not in allowed:
            raise InvalidFilterValue(
                f"The following filter value is not valid: {value}. Valid values include: [{', '.join(allowed)}]."
            )


def _check_paths(values: list[str]) -> None:
    for value in values:
        if value.lower().startswith(("/aws", "/ssm")):
            raise ValidationException(
                'Filters for common parameters can\'t be prefixed with "aws" or "ssm" (case-insensitive). '
                "When using global parameters, please specify within a global namespace."
            )
        parse_path(value)
