"""Values for any shape of the service model that pass the fake's model checks.

``validation.py`` refuses what breaks a shape's ``min``/``max``, ``pattern`` or ``enum``;
this module generates exactly what it lets through, from the same model and the same
translation of the model's Java patterns, so the two cannot drift apart::

    from_shape(model.operation_model("GetParameter").input_shape.members["Name"])

Sizes are kept small (a few list items, strings up to ``LONGEST`` characters) unless the
shape asks for more: generated requests stay cheap to send.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from hypothesis import strategies as st

from ..validation import compile_pattern

LONGEST = 40  # longest generated free text, unless a shape's min needs more
MOST_ITEMS = 3  # most items in a generated list or map, unless a shape's min needs more
INT_RANGE = (-(2**31), 2**31 - 1)  # Java's int, the service's "integer"
# Free text: printable characters of the Basic Multilingual Plane, so Python's length is
# the service's (UTF-16 code units).
_TEXT = st.characters(min_codepoint=0x20, max_codepoint=0xFFFF, blacklist_categories=("Cs", "Cc"))


def string_limits(shape: Shape) -> tuple[int, int]:
    """(min, max) length of a string shape, as the fake checks it."""
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", max(low, LONGEST)))
    return low, high


def strings(shape: Shape) -> st.SearchStrategy[str]:
    """Strings the model accepts for ``shape``: from its enum, its pattern, or free text within its lengths."""
    enum = getattr(shape, "enum", None)
    if enum:
        return st.sampled_from(list(enum))
    low, high = string_limits(shape)
    pattern = shape.metadata.get("pattern")
    size = min(high, max(low, LONGEST))
    if pattern:
        compiled = compile_pattern(pattern)
        alphabet = _category_alphabet(pattern)
        if alphabet is not None:  # as from_regex would, but without its slow walk of huge classes
            texts = st.text(alphabet, min_size=low, max_size=size)
        else:
            texts = st.from_regex(compiled, fullmatch=True)
        return texts.filter(lambda text: low <= java_length(text) <= high and compiled.fullmatch(text) is not None)
    return st.text(_TEXT, min_size=low, max_size=size)


# A pattern that is one class of Unicode categories and characters, repeated: ^([\p{L}\p{N}_.]*)$
_CATEGORY_CLASS = re.compile(r"\^?\(?\[((?:\\p\{\w+\}|\\.|[^\]\\])*)\]\*\)?\$?(?:\|.*)?")


def _category_alphabet(pattern: str) -> st.SearchStrategy[str] | None:
    found = _CATEGORY_CLASS.fullmatch(pattern)
    if found is None or "\\p{" not in found.group(1):
        return None
    body = found.group(1)
    categories = re.findall(r"\\p\{(\w+)\}", body)
    literals = re.sub(r"\\p\{\w+\}", "", body).replace("\\", "")
    return st.characters(categories=categories, include_characters=literals)


def java_length(text: str) -> int:
    """Length as the service counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def integers(shape: Shape) -> st.SearchStrategy[int]:
    low = shape.metadata.get("min", INT_RANGE[0])
    high = shape.metadata.get("max", INT_RANGE[1])
    return st.integers(min_value=int(low), max_value=int(high))


# Structures nested deeper than this get their required members only: recursive shapes
# (GetInventory's Aggregators hold Aggregators) then end.
MAX_DEPTH = 4


def from_shape(shape: Shape, *, optional: bool = True, depth: int = 0) -> st.SearchStrategy[Any]:
    """Any value of ``shape`` that the model's checks accept; ``optional=False`` leaves out
    the optional members of structures (only what is required)."""
    kind = shape.type_name
    if kind == "structure":
        assert isinstance(shape, StructureShape)
        return structures(shape, optional=optional and depth < MAX_DEPTH, depth=depth + 1)
    if kind == "list":
        assert isinstance(shape, ListShape)
        low = int(shape.metadata.get("min", 0))
        high = int(shape.metadata.get("max", max(low, MOST_ITEMS)))
        items = from_shape(shape.member, optional=optional, depth=depth)
        return st.lists(items, min_size=low, max_size=min(high, low + MOST_ITEMS))
    if kind == "map":
        assert isinstance(shape, MapShape)
        low = int(shape.metadata.get("min", 0))
        high = int(shape.metadata.get("max", max(low, MOST_ITEMS)))
        return st.dictionaries(
            strings(shape.key),
            from_shape(shape.value, optional=optional, depth=depth),
            min_size=low,
            max_size=min(high, low + 2),
        )
    if kind == "string":
        return strings(shape)
    if kind in ("integer", "long"):
        return integers(shape)
    if kind in ("float", "double"):
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes(
            min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
        ).map(lambda when: when - timedelta(microseconds=when.microsecond))
    if kind == "blob":
        return st.binary(min_size=int(shape.metadata.get("min", 0)), max_size=64)
    raise TypeError(f"no strategy for shape {shape.name} of type {kind}")


def structures(
    shape: StructureShape,
    *,
    optional: bool = True,
    overrides: dict[str, st.SearchStrategy[Any]] | None = None,
    depth: int = 0,
) -> st.SearchStrategy[dict[str, Any]]:
    """A structure's members: every required one, optional ones sometimes; ``overrides`` replace
    the strategy of the members they name (and add members the model has not)."""
    overrides = overrides or {}
    required = set(shape.required_members)
    fixed = {name: overrides.get(name) or from_shape(shape.members[name], depth=depth) for name in required}
    extra: dict[str, st.SearchStrategy[Any]] = {}
    if optional:
        extra = {
            name: overrides.get(name) or from_shape(member, depth=depth)
            for name, member in shape.members.items()
            if name not in required
        }
    for name, strategy in overrides.items():
        if name not in fixed and name not in extra:
            extra[name] = strategy
    return st.fixed_dictionaries(fixed, optional=extra)


def matches(pattern: str, text: str) -> bool:
    """Whether ``text`` passes a model pattern as the fake checks it."""
    return compile_pattern(pattern).fullmatch(text) is not None


def regex(pattern: str) -> st.SearchStrategy[str]:
    """Strings that fully match a (Python) regular expression."""
    return st.from_regex(re.compile(pattern), fullmatch=True)
