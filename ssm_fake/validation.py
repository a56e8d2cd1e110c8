"""Input checks driven by the service model, with the service's own messages.

Every operation's input shape is compiled once into a tree of small checkers; a request
is then walked once. Constraint failures are collected and reported together as the
service does::

    2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member
    must have length greater than or equal to 1; Value '0' at 'maxResults' failed to ...

A value of the wrong JSON type is a ``SerializationException``, as on the wire. Rules the
model cannot express (reserved prefixes, hierarchy depth, cross-field rules) belong to
the handlers. While walking, timestamps become aware datetimes and blobs bytes, so the
handlers see Python values.
"""

from __future__ import annotations

import base64
import binascii
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from functools import cache
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from . import model
from .errors import SerializationException, ValidationException

Problems = list[str]
# A checker returns the (possibly converted) value and appends problems it finds.
Checker = Callable[[Any, str, Problems], Any]


def validate(operation: str, request: dict[str, Any]) -> dict[str, Any]:
    """Check ``request`` against the operation's input shape; returns it with values converted."""
    checker = _operation_checker(operation)
    if checker is None:
        return request
    problems: Problems = []
    converted: dict[str, Any] = checker(request, "", problems)
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise ValidationException(f"{count} validation {noun} detected: " + "; ".join(problems))
    return converted


@cache
def _operation_checker(operation: str) -> Checker | None:
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return None
    return _checker_for(shape)


# --- Java patterns in Python -------------------------------------------------------------

# Character classes, their \p{X} Unicode categories, and a "-" right after a class escape
# (literal in Java, an error in Python).
_CHARACTER_CLASS = re.compile(r"\[(\^?)((?:\\p\{\w+\}|\\.|[^\]\\])*)\]")
_CATEGORY = re.compile(r"\\p\{(\w+)\}")
_DASH_AFTER_ESCAPE = re.compile(r"(\\[wdsWDS])-")


def translate_pattern(java_pattern: str) -> str:
    r"""Rewrite the Java-only syntax the SSM model uses: ``\p{L}``-style categories and ``[\w-x]``,
    and Java's ASCII-only ``\w``, ``\d`` and ``\s``."""
    translated = java_pattern
    if "\\p{" in translated or "-" in translated:
        translated = _CHARACTER_CLASS.sub(_rewrite_class, translated)
    if "\\" in translated:
        translated = _ascii_shorthands(translated)
    return translated


# Java's \w, \d and \s match ASCII only (java.util.regex.Pattern, without UNICODE_CHARACTER_CLASS);
# Python's match any script. The class bodies below, inside a class or bracketed outside one.
_ASCII_CLASSES = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\n\\x0b\\f\\r"}


def _ascii_shorthands(pattern: str) -> str:
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            body = _ASCII_CLASSES.get(escaped)
            if body is None:
                out.append(pattern[index : index + 2])
            else:
                out.append(body if in_class else f"[{body}]")
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            if pattern.startswith("[^", index) or pattern.startswith("[]", index):
                out.append(pattern[index : index + 2])
                index += 2
                continue
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        index += 1
    return "".join(out)


def _rewrite_class(match: re.Match[str]) -> str:
    negated, body = match.group(1), match.group(2)
    categories = set(_CATEGORY.findall(body))
    rest = _DASH_AFTER_ESCAPE.sub(r"\1\\-", _CATEGORY.sub("", body))
    if not categories:
        return f"[{negated}{rest}]"
    if negated:
        raise ValueError(f"negated class with Unicode categories is not supported: {match.group(0)}")
    alternatives = []
    if {"L", "N"} <= categories:
        alternatives.append(r"[^\W_]")  # Python's alphanumerics are exactly categories L and N
        categories -= {"L", "N"}
    rest += "".join(_category_ranges(category) for category in sorted(categories))
    if rest:
        alternatives.append(f"[{rest}]")
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


# \p{Z}, in every tag pattern, written out so that tags never pay for the scan below.
_SEPARATORS = "\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@cache
def _category_ranges(category: str) -> str:
    """The code points of a Unicode category (``L``, ``Zs`` …) as class ranges; built once, on first use."""
    if category == "Z":
        return _SEPARATORS
    ranges: list[str] = []
    start = previous = -2
    for code in range(sys.maxunicode + 1):
        if not unicodedata.category(chr(code)).startswith(category):
            continue
        if code != previous + 1:
            if start >= 0:
                ranges.append(_class_range(start, previous))
            start = code
        previous = code
    if start >= 0:
        ranges.append(_class_range(start, previous))
    return "".join(ranges)


def _class_range(first: int, last: int) -> str:
    return re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"


@cache
def compile_pattern(java_pattern: str) -> re.Pattern[str]:
    return re.compile(translate_pattern(java_pattern))


# --- Checkers --------------------------------------------------------------------------------


def _java_length(text: str) -> int:
    """Length as the service counts it: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _render(value: Any) -> str:
    """A value as the service's Java code prints it: lists as [a, b], maps as {k=v}, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _failure(value: Any, path: str, constraint: str, hidden: bool = False) -> str:
    """One problem in the service's words. A member the model marks ``sensitive`` (or one inside
    such a member) is never quoted: "Value at 'value' failed to satisfy constraint: Member must have
    length greater than or equal to 1" (PutParameter, ministryofjustice/modernisation-platform PR 8116)."""
    if value is None:
        return f"Value null at '{path}' failed to satisfy constraint: {constraint}"
    if hidden:
        return f"Value at '{path}' failed to satisfy constraint: {constraint}"
    return f"Value '{_render(value)}' at '{path}' failed to satisfy constraint: {constraint}"


def is_sensitive(shape: Shape) -> bool:
    return bool(shape.metadata.get("sensitive"))


@cache
def holds_sensitive(shape_name: str) -> bool:
    """Whether a value of this shape may carry a sensitive member anywhere inside it (then a
    message about the whole value must not quote it). The model's shapes are walked once each."""
    return _holds_sensitive(model.service_model().shape_for(shape_name), set())


def _holds_sensitive(shape: Shape, seen: set[str]) -> bool:
    if is_sensitive(shape):
        return True
    if shape.name in seen:
        return False
    seen.add(shape.name)
    if isinstance(shape, StructureShape):
        return any(_holds_sensitive(member, seen) for member in shape.members.values())
    if isinstance(shape, ListShape):
        return _holds_sensitive(shape.member, seen)
    if isinstance(shape, MapShape):
        return _holds_sensitive(shape.key, seen) or _holds_sensitive(shape.value, seen)
    return False


def _wrong_type(path: str, expected: str) -> SerializationException:
    where = path or "the request"
    return SerializationException(f"Expected {expected} at '{where}', found another JSON type.")


def _constraints(shape: Shape) -> Callable[[Any], Sequence[str]]:
    """The scalar constraints of ``shape`` as one function: value -> failed constraint texts."""
    meta = shape.metadata
    enum: list[str] = list(getattr(shape, "enum", None) or [])
    pattern_text: str | None = meta.get("pattern")
    pattern = compile_pattern(pattern_text) if pattern_text else None
    low = meta.get("min")
    high = meta.get("max")
    is_number = shape.type_name in ("integer", "long", "float", "double")
    is_sized = shape.type_name in ("string", "list", "map", "blob")
    # (test that passes, message when it does not)
    checks: list[tuple[Callable[[Any], bool], str]] = []
    if enum and shape.type_name == "string":
        allowed = frozenset(enum)
        checks.append((allowed.__contains__, "Member must satisfy enum value set: [" + ", ".join(enum) + "]"))
    if pattern is not None:
        checks.append(
            (
                lambda v: pattern.fullmatch(v) is not None,
                f"Member must satisfy regular expression pattern: {pattern_text}",
            )
        )
    if is_sized and high is not None:
        checks.append((lambda v: _size(v) <= high, f"Member must have length less than or equal to {high}"))
    if is_sized and low is not None:
        checks.append((lambda v: _size(v) >= low, f"Member must have length greater than or equal to {low}"))
    if is_number and high is not None:
        checks.append((lambda v: v <= high, f"Member must have value less than or equal to {high}"))
    if is_number and low is not None:
        checks.append((lambda v: v >= low, f"Member must have value greater than or equal to {low}"))
    if not checks:
        return _no_failures
    if len(checks) == 1:
        ((passes, text),) = checks
        failure = (text,)
        return lambda value: () if passes(value) else failure
    if not enum and pattern is None and is_sized:  # the common case: a length range, checked at once
        lowest = -1 if low is None else low
        highest = float("inf") if high is None else high
        return lambda value: () if lowest <= _size(value) <= highest else _failed(checks, value)
    return lambda value: _failed(checks, value)


def _failed(checks: list[tuple[Callable[[Any], bool], str]], value: Any) -> list[str]:
    return [text for passes, text in checks if not passes(value)]


def _no_failures(value: Any) -> tuple[str, ...]:
    return ()


def _size(value: Any) -> int:
    return _java_length(value) if isinstance(value, str) else len(value)


def _checker_for(shape: Shape, hidden: bool = False) -> Checker:
    """``hidden``: the value sits inside a sensitive member, so no message quotes it."""
    kind = shape.type_name
    hidden = hidden or is_sensitive(shape)
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return _structure_checker(shape, hidden)
    if kind == "list":
        assert isinstance(shape, ListShape)
        return _list_checker(shape, hidden)
    if kind == "map":
        assert isinstance(shape, MapShape)
        return _map_checker(shape, hidden)
    return _scalar_checker(shape, hidden)


def _scalar_checker(shape: Shape, hidden: bool) -> Checker:
    convert = _SCALAR_CONVERTERS.get(shape.type_name, _accept_any)
    failed = _constraints(shape)

    def check(value: Any, path: str, problems: Problems) -> Any:
        value = convert(value, path)
        for text in failed(value):
            problems.append(_failure(value, path, text, hidden))
        return value

    return check


def _structure_checker(shape: StructureShape, hidden: bool) -> Checker:
    member_shapes = dict(shape.members)
    wire_to_path = {name: name[:1].lower() + name[1:] for name in member_shapes}
    required = list(shape.required_members)
    # Member checkers are compiled on first use: shapes may be recursive.
    compiled: dict[str, Checker] = {}

    def check(value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, dict):
            raise _wrong_type(path, "a JSON object")
        for name in required:
            if value.get(name) is None:
                problems.append(_failure(None, _join(path, wire_to_path[name]), "Member must not be null"))
        # Only the members present are walked; unknown ones are ignored, as by the service.
        for name, member_value in value.items():
            if member_value is None:
                continue
            checker = compiled.get(name)
            if checker is None:
                if name not in member_shapes:
                    continue
                checker = compiled[name] = _checker_for(member_shapes[name], hidden)
            converted = checker(member_value, _join(path, wire_to_path[name]), problems)
            if converted is not member_value:
                value[name] = converted
        return value

    return check


def _join(parent: str, member: str) -> str:
    return f"{parent}.{member}" if parent else member


def _collect(failures: list[str], texts: list[str]) -> None:
    """Add constraint texts not seen yet: the service names each failed constraint once."""
    for text in texts:
        if text not in failures:
            failures.append(text)


def _checked_element(checker: Checker, value: Any, path: str) -> tuple[Any, list[str]]:
    """A list element or map key/value, converted, and its failed constraints without 'Value … at'."""
    inner: Problems = []
    converted = checker(value, path, inner)
    return converted, [problem.split("failed to satisfy constraint: ", 1)[1] for problem in inner]


def _list_checker(shape: ListShape, hidden: bool) -> Checker:
    outer = _constraints(shape)
    element_shape = shape.member
    hidden = hidden or holds_sensitive(shape.name)
    element_checker = _checker_for(element_shape, hidden)
    elements_are_records = element_shape.type_name in ("structure", "list", "map")

    def check(value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, list):
            raise _wrong_type(path, "a JSON array")
        for text in outer(value):
            problems.append(_failure(value, path, text, hidden))
        if elements_are_records:
            for index, element in enumerate(value, start=1):
                value[index - 1] = element_checker(element, f"{path}.{index}.member", problems)
            return value
        element_failures: list[str] = []
        for index, element in enumerate(value):
            if element is None:
                texts = ["Member must not be null"]
            else:
                value[index], texts = _checked_element(element_checker, element, path)
            _collect(element_failures, texts)
        if element_failures:
            joined = ", ".join(element_failures)
            problems.append(_failure(value, path, f"Member must satisfy constraint: [{joined}]", hidden))
        return value

    return check


def _map_checker(shape: MapShape, hidden: bool) -> Checker:
    outer = _constraints(shape)
    hidden = hidden or holds_sensitive(shape.name)
    key_checker = _checker_for(shape.key, hidden)
    value_checker = _checker_for(shape.value, hidden)
    values_are_records = shape.value.type_name in ("structure", "list", "map")

    def check(value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, dict):
            raise _wrong_type(path, "a JSON object")
        for text in outer(value):
            problems.append(_failure(value, path, text, hidden))
        key_failures: list[str] = []
        value_failures: list[str] = []
        for key, item in list(value.items()):
            _collect(key_failures, _checked_element(key_checker, key, path)[1])
            if item is None:
                _collect(value_failures, ["Member must not be null"])
            elif values_are_records:
                value[key] = value_checker(item, f"{path}.{key}.member", problems)
            else:
                value[key], texts = _checked_element(value_checker, item, path)
                _collect(value_failures, texts)
        if key_failures:
            joined = ", ".join(key_failures)
            problems.append(_failure(value, path, f"Map keys must satisfy constraint: [{joined}]", hidden))
        if value_failures:
            joined = ", ".join(value_failures)
            problems.append(_failure(value, path, f"Map value must satisfy constraint: [{joined}]", hidden))
        return value

    return check


# --- Scalar conversions ------------------------------------------------------------------------


def _accept_any(value: Any, path: str) -> Any:
    return value


def _as_string(value: Any, path: str) -> Any:
    if not isinstance(value, str):
        raise _wrong_type(path, "a string")
    return value


def _as_integer(value: Any, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _wrong_type(path, "an integer")
    return value


def _as_number(value: Any, path: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _wrong_type(path, "a number")
    return value


def _as_boolean(value: Any, path: str) -> Any:
    if not isinstance(value, bool):
        raise _wrong_type(path, "true or false")
    return value


def _as_timestamp(value: Any, path: str) -> Any:
    if isinstance(value, bool):
        raise _wrong_type(path, "a timestamp")
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise _wrong_type(path, "a timestamp within range") from None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise _wrong_type(path, "a timestamp") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    raise _wrong_type(path, "a timestamp")


def _as_blob(value: Any, path: str) -> Any:
    if not isinstance(value, str):
        raise _wrong_type(path, "base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _wrong_type(path, "base64 text") from None


_SCALAR_CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "string": _as_string,
    "integer": _as_integer,
    "long": _as_integer,
    "float": _as_number,
    "double": _as_number,
    "boolean": _as_boolean,
    "timestamp": _as_timestamp,
    "blob": _as_blob,
}


# --- Replies -----------------------------------------------------------------------------------


def reply_problems(operation: str, reply: dict[str, Any]) -> list[str]:
    """Where a handler's reply strays from the model's output shape (unknown members, wrong
    types, values outside an enum). The test suite turns this on for every call."""
    shape = model.operation_model(operation).output_shape
    problems: list[str] = []
    if shape is None:
        if reply:
            problems.append(f"{operation} has no output shape but the reply has {sorted(reply)}")
        return problems
    _check_reply_value(shape, reply, operation, problems)
    return problems


_REPLY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "float": (int, float),
    "double": (int, float),
    "boolean": (bool,),
    "timestamp": (datetime,),
    "blob": (bytes,),
}


def _check_reply_value(shape: Shape, value: Any, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a structure, got {type(value).__name__}")
            return
        for name, member in value.items():
            if name not in shape.members:
                problems.append(f"{path}: {name!r} is not a member of {shape.name}")
            elif member is not None:
                _check_reply_value(shape.members[name], member, f"{path}.{name}", problems)
    elif kind == "list":
        assert isinstance(shape, ListShape)
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {type(value).__name__}")
            return
        for index, item in enumerate(value):
            _check_reply_value(shape.member, item, f"{path}[{index}]", problems)
    elif kind == "map":
        assert isinstance(shape, MapShape)
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {type(value).__name__}")
            return
        for key, item in value.items():
            _check_reply_value(shape.key, key, f"{path} key", problems)
            _check_reply_value(shape.value, item, f"{path}[{key!r}]", problems)
    else:
        expected = _REPLY_TYPES.get(kind)
        if expected is not None and (
            not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool))
        ):
            problems.append(f"{path}: expected {kind}, got {type(value).__name__} {value!r}")
            return
        enum = getattr(shape, "enum", None)
        if enum and value not in enum:
            problems.append(f"{path}: {value!r} is not one of {list(enum)}")
