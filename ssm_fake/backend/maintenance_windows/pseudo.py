"""Pseudo parameters in task parameters, as "Using pseudo parameters when registering
maintenance window tasks" lists them: ``{{WINDOW_ID}}``, ``{{WINDOW_TASK_ID}}``,
``{{WINDOW_EXECUTION_ID}}``, ``{{TASK_EXECUTION_ID}}``, ``{{LOGGING_S3_BUCKET_NAME}}``,
``{{LOGGING_S3_KEY_PREFIX}}``, ``{{LOGGING_S3_REGION}}`` (the same for every invocation of a
task run) and ``{{TARGET_ID}}``, ``{{TARGET_TYPE}}``, ``{{RESOURCE_ID}}``,
``{{RESOURCE_TYPE}}``, ``{{WINDOW_TARGET_ID}}``, ``{{INVOCATION_ID}}`` (one value per
invocation). Unknown ``{{...}}`` names are left as they are, as documents' own parameters
use the same braces.
"""

from __future__ import annotations

import re
from typing import Any

PER_INVOCATION = ("TARGET_ID", "TARGET_TYPE", "RESOURCE_ID", "RESOURCE_TYPE", "WINDOW_TARGET_ID", "INVOCATION_ID")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Z_0-9]+)\s*\}\}")
_PER_INVOCATION = re.compile(r"\{\{\s*(" + "|".join(PER_INVOCATION) + r")\s*\}\}")


def uses_per_invocation(value: Any) -> bool:
    """True when ``value`` (any JSON-like structure) names a per-invocation pseudo parameter."""
    if isinstance(value, str):
        return _PER_INVOCATION.search(value) is not None
    if isinstance(value, dict):
        return any(uses_per_invocation(v) for v in value.values())
    if isinstance(value, list):
        return any(uses_per_invocation(v) for v in value)
    return False


def substitute(value: Any, values: dict[str, str]) -> Any:
    """``value`` with every known pseudo parameter replaced, structure kept."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), value)
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    if isinstance(value, bytes):
        return substitute(value.decode("utf-8", "replace"), values).encode()
    return value
