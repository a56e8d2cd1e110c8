"""The building blocks the request recipes share: identifiers, names and small texts in the
forms the model and the handlers accept, and helpers that assemble requests from them."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from .. import model
from ..backend.documents.actions import RESERVED_PREFIXES
from . import shapes

Request = dict[str, Any]
RequestStrategy = st.SearchStrategy[Request]

HEX = "0123456789abcdef"
INSTANCE_IDS = st.one_of(
    st.text(HEX, min_size=17, max_size=17).map(lambda h: "i-" + h),
    st.text(HEX, min_size=17, max_size=17).map(lambda h: "mi-" + h),
)
HYBRID_IDS = st.text(HEX, min_size=17, max_size=17).map(lambda h: "mi-" + h)
UUIDS = st.uuids().map(str)
ACCOUNT_IDS = st.text(string.digits, min_size=12, max_size=12)
WORD = st.text(string.ascii_letters + string.digits, min_size=1, max_size=16)
SMALL_TEXT = st.text(string.ascii_letters + string.digits + " .-_", max_size=40)
DOCUMENT_NAMES = shapes.regex(r"[a-zA-Z0-9_.\-]{3,40}").filter(
    lambda name: not name.lower().startswith(RESERVED_PREFIXES)
)
ROLE_NAMES = shapes.regex(r"[A-Za-z][A-Za-z0-9+=,.@_\-]{0,40}").filter(
    lambda role: not role.startswith("AWSServiceRoleFor")
)


# Association, window, target and task names: the model's ``^[a-zA-Z0-9_\-.]{3,128}$``, kept short.
RESOURCE_NAMES = shapes.regex(r"[a-zA-Z0-9_.\-]{3,40}")


def max_results(operation: str) -> st.SearchStrategy[int]:
    return shapes.from_shape(model.operation_model(operation).input_shape.members["MaxResults"])


def request_of(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]] | None = None
) -> RequestStrategy:
    return st.fixed_dictionaries(required, optional=optional or {})


def plus(base: RequestStrategy, **more: st.SearchStrategy[Any]) -> RequestStrategy:
    return st.tuples(base, st.fixed_dictionaries(more)).map(lambda pair: pair[0] | pair[1])
