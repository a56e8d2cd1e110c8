"""Values inside a running runbook, as "Runbook variables" and the actions' ``outputs``
sections document them:

* ``{{ Parameter }}``: the execution's parameter, typed as the document declares it;
* ``{{ step.Output }}``: an output of a step that already ran, typed by its ``Type``;
* ``{{ automation:EXECUTION_ID }}``, ``{{ global:ACCOUNT_ID }}``, ``{{ global:REGION }}``,
  ``{{ global:DATE }}``, ``{{ global:DATE_TIME }}``, ``{{ global:AWS_PARTITION }}``: system variables.

A step's ``outputs`` pick values from its response with a JSONPath ``Selector``
(``$.Parameter.Value``, ``$.Payload.items[0]``, ``$.Reservations[*].InstanceId``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..documents.interface import substitute, typed_value
from .model import AutomationExecution

_PATH_PART = re.compile(r"\.([^.\[\]]+)|\[(\d+|\*)\]|\['([^']*)'\]")
OUTPUT_TYPES = ("String", "Integer", "Boolean", "StringList", "StringMap", "MapList")


def variables(execution: AutomationExecution, now: datetime) -> dict[str, Any]:
    """Every name a placeholder in the next step may use, with its typed value."""
    kinds = {name: declared.get("type", "String") for name, declared in execution.document.parameters.items()}
    found: dict[str, Any] = {
        name: typed_value(kinds.get(name, "String"), values) for name, values in execution.parameters.items()
    }
    for step in execution.steps:
        for output, value in step.values.items():
            found[f"{step.name}.{output}"] = value
    found.update(
        {
            "automation:EXECUTION_ID": execution.execution_id,
            "global:ACCOUNT_ID": execution.account_id,
            "global:REGION": execution.region,
            "global:AWS_PARTITION": "aws",
            "global:DATE": now.strftime("%Y-%m-%d"),
            "global:DATE_TIME": now.strftime("%Y-%m-%d_%H.%M.%S"),
        }
    )
    return found


def render(node: Any, execution: AutomationExecution, now: datetime) -> Any:
    """``node`` (a step's inputs) with every known placeholder replaced."""
    return substitute(node, variables(execution, now))


def select(document: Any, selector: str) -> Any:
    """The value ``selector`` points at in ``document``, or None when there is none.

    ``[*]`` projects over a list, so ``$.Items[*].Name`` gives the list of names."""
    if not selector.startswith("$"):
        return None
    current: list[Any] = [document]
    projected = False
    for match in _PATH_PART.finditer(selector, 1):
        key, index, quoted = match.groups()
        following: list[Any] = []
        for value in current:
            if index == "*":
                projected = True
                following.extend(
                    value if isinstance(value, list) else value.values() if isinstance(value, dict) else []
                )
            elif index is not None:
                if isinstance(value, list) and int(index) < len(value):
                    following.append(value[int(index)])
            elif isinstance(value, Mapping):
                name = key if key is not None else quoted
                if name in value:
                    following.append(value[name])
        current = following
    if projected:
        return current
    return current[0] if current else None


def typed_output(value: Any, kind: str) -> Any:
    """A selected value as its declared output ``Type``; raises ValueError when it can't be."""
    if kind == "String":
        return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), default=str)
    if kind == "Integer":
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not an Integer")
        return int(value)
    if kind == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise ValueError(f"{value!r} is not a Boolean")
    if kind == "StringList":
        if not isinstance(value, list):
            raise ValueError(f"{value!r} is not a StringList")
        return [item if isinstance(item, str) else json.dumps(item, default=str) for item in value]
    if kind == "StringMap":
        if not isinstance(value, dict):
            raise ValueError(f"{value!r} is not a StringMap")
        return value
    if kind == "MapList":
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise ValueError(f"{value!r} is not a MapList")
        return value
    raise ValueError(f"output type {kind!r} is not one of {', '.join(OUTPUT_TYPES)}")


def as_wire(value: Any) -> list[str]:
    """A typed value as an ``AutomationParameterValueList``."""
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    if isinstance(value, (dict, list)):
        return [json.dumps(value, separators=(",", ":"), default=str)]
    return [str(value)]


def declared_outputs(definition: Mapping[str, Any], response: Any) -> dict[str, Any]:
    """The step's ``outputs`` section applied to its response: name -> typed value.

    A selector that finds nothing leaves the output out; a value of the wrong type raises
    ValueError, which fails the step."""
    found: dict[str, Any] = {}
    declared = definition.get("outputs")
    for output in declared if isinstance(declared, list) else ():
        if not isinstance(output, Mapping) or not isinstance(output.get("Name"), str):
            continue
        value = select(response, str(output.get("Selector", "")))
        if value is None:
            continue
        found[output["Name"]] = typed_output(value, str(output.get("Type", "String")))
    return found


def as_json(value: Any) -> str:
    """A step input as the ``Inputs`` map shows it: JSON text."""
    return json.dumps(value, separators=(",", ":"), default=str)
