"""Document parameters: their declarations, the values a call gives them, and substitution.

A document declares ``parameters`` (type, default, allowedValues, allowedPattern, …);
CreateDocument checks the declarations, SendCommand / CreateAssociation /
StartAutomationExecution check a call's values against them, and Run Command replaces the
``{{ name }}`` placeholders of the plugins with those values::

    values = check_document_parameters(document, {"commands": ["echo hi"]})
    steps = render_steps(document, values)   # [Step("aws:runShellScript", ...)]

One rule lives here for each of: which types exist, what a value of each type looks like,
and how a typed value goes into a plugin's inputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ... import errors
from ...validation import translate_pattern
from .model import DocumentVersion, Step

BASIC_TYPES = ("String", "StringList", "Boolean", "Integer", "MapList", "StringMap")
LIST_TYPES = frozenset({"StringList", "MapList"})
# Automation documents also take AWS resource types: AWS::EC2::Instance::Id, List<AWS::...>.
_AWS_TYPE = re.compile(r"(List<)?AWS::[A-Za-z0-9]+(::[A-Za-z0-9]+)+(?(1)>)")
_DECLARATION_KEYS = frozenset(
    {
        "type",
        "description",
        "default",
        "allowedValues",
        "allowedPattern",
        "displayType",
        "minItems",
        "maxItems",
        "minChars",
        "maxChars",
    }
)
_PARAMETER_NAME = re.compile(r"[a-zA-Z0-9_]+")
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
_INTEGER = re.compile(r"-?[0-9]+")


# --- declarations (CreateDocument / UpdateDocument) ------------------------------------------


def check_declarations(declared: Any, document_type: str) -> dict[str, dict[str, Any]]:
    """The document's ``parameters`` section, checked; problems raise InvalidDocumentContent."""
    if declared is None:
        return {}
    if not isinstance(declared, dict):
        raise errors.InvalidDocumentContent("parameters must be an object that maps parameter names to declarations.")
    for name, declaration in declared.items():
        problem = _declaration_problem(str(name), declaration, document_type)
        if problem:
            raise errors.InvalidDocumentContent(problem)
    return declared


def _declaration_problem(name: str, declaration: Any, document_type: str) -> str | None:
    if not _PARAMETER_NAME.fullmatch(name):
        return f"Parameter name {name!r} is not valid: use letters, digits and underscores only."
    if not isinstance(declaration, dict):
        return f"Parameter {name} must be declared as an object with at least a type."
    unknown = sorted(declaration.keys() - _DECLARATION_KEYS)
    if unknown:
        return f"Parameter {name} has unknown attributes: {', '.join(unknown)}."
    kind = declaration.get("type")
    if not isinstance(kind, str):
        return f"Parameter {name} has no type; use one of {', '.join(BASIC_TYPES)}."
    if kind not in BASIC_TYPES and not (document_type.startswith("Automation") and _AWS_TYPE.fullmatch(kind)):
        return f"Parameter {name} has type {kind!r}, which is not supported; use one of {', '.join(BASIC_TYPES)}."
    allowed = declaration.get("allowedValues")
    if allowed is not None and not (isinstance(allowed, list) and allowed):
        return f"allowedValues of parameter {name} must be a non-empty list."
    pattern = declaration.get("allowedPattern")
    if pattern is not None:
        if not isinstance(pattern, str):
            return f"allowedPattern of parameter {name} must be a string."
        try:
            re.compile(translate_pattern(pattern))
        except re.error as error:
            return f"allowedPattern of parameter {name} is not a valid regular expression: {error}."
    for bound in ("minItems", "maxItems", "minChars", "maxChars"):
        value = declaration.get(bound)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            return f"{bound} of parameter {name} must be a non-negative integer."
    if "default" in declaration:
        default = declaration["default"]
        if not _default_has_type(default, kind):
            return f"The default value of parameter {name} is not a valid {kind}."
        return _values_problem(name, declaration, default_values(declaration), "default value")
    return None


def _default_has_type(default: Any, kind: str) -> bool:
    if kind == "Boolean":
        return isinstance(default, bool)
    if kind == "Integer":
        return isinstance(default, int) and not isinstance(default, bool)
    if kind == "StringMap":
        return isinstance(default, dict)
    if kind == "MapList":
        return isinstance(default, list) and all(isinstance(item, dict) for item in default)
    if is_list_type(kind):
        return isinstance(default, list) and all(isinstance(item, str) for item in default)
    return isinstance(default, str)


def is_list_type(kind: str) -> bool:
    return kind in LIST_TYPES or kind.startswith("List<")


def default_values(declaration: Mapping[str, Any]) -> list[str]:
    """A declared default as the list of strings a call would pass."""
    default = declaration.get("default")
    kind = declaration.get("type", "String")
    if kind == "StringMap" or kind == "MapList":
        return [json.dumps(default, separators=(",", ":"))]
    if isinstance(default, list):
        return [str(item) for item in default]
    return [_as_text(default)]


def default_as_text(declaration: Mapping[str, Any]) -> str | None:
    """The default as DescribeDocument's ``DefaultValue`` shows it (None when there is none)."""
    if "default" not in declaration:
        return None
    default = declaration["default"]
    if isinstance(default, str):
        return default
    if isinstance(default, bool):
        return _as_text(default)
    return json.dumps(default, separators=(",", ":")) if isinstance(default, (list, dict)) else str(default)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# --- values (SendCommand, CreateAssociation, StartAutomationExecution) ----------------------


def check_document_parameters(
    document: DocumentVersion, parameters: Mapping[str, Sequence[str]] | None
) -> dict[str, list[str]]:
    """The call's parameters checked against the document's declarations (errors.InvalidParameters
    naming the parameter); returns every declared parameter's values, defaults filled in."""
    given = dict(parameters or {})
    declared = document.parameters
    unknown = sorted(name for name in given if name not in declared)
    if unknown:
        # As the service words it: "InvalidParameters ... document AWS-RunRemoteScript does not support
        # parameters." (boto/boto3 issue 3151; older replies had no message: claranet/ssha issue 71).
        raise errors.InvalidParameters(f"document {document.name} does not support parameters.")
    complete: dict[str, list[str]] = {}
    for name, declaration in declared.items():
        if name in given:
            values = [str(value) for value in given[name]]
            problem = _values_problem(name, declaration, values, "value")
            if problem:
                raise errors.InvalidParameters(problem)
        elif "default" in declaration:
            values = default_values(declaration)
        else:
            raise errors.InvalidParameters(
                f"Parameter {name!r} is required by document {document.name} and has no default value: give it a value."
            )
        complete[name] = values
    return complete


def _values_problem(name: str, declaration: Mapping[str, Any], values: list[str], what: str) -> str | None:
    """Why ``values`` do not suit parameter ``name`` (None when they do). A call's values are never
    repeated (the model marks ``Parameters`` sensitive: they may be secrets); a document's defaults are."""
    shown = _hidden if what == "value" else _quoted
    kind = declaration.get("type", "String")
    if not is_list_type(kind) and len(values) != 1:
        return f"Parameter {name!r} has type {kind} and takes exactly one value; the {what} has {len(values)}."
    if kind == "Integer" and not _INTEGER.fullmatch(values[0]):
        return f"Parameter {name!r} has type Integer; the {what}{shown(values[0])} is not an integer."
    if kind == "Boolean" and values[0].lower() not in ("true", "false"):
        return f"Parameter {name!r} has type Boolean; the {what}{shown(values[0])} is neither true nor false."
    if kind in ("StringMap", "MapList"):
        return _json_problem(name, kind, values, what, shown)
    if is_list_type(kind):
        count_problem = _bounds_problem(name, len(values), declaration, "minItems", "maxItems", "values")
        if count_problem:
            return count_problem
    allowed = declaration.get("allowedValues")
    pattern = declaration.get("allowedPattern")
    for value in values:
        length_problem = _bounds_problem(name, len(value), declaration, "minChars", "maxChars", "characters")
        if length_problem:
            return length_problem
        if allowed is not None and value not in [_as_text(option) for option in allowed]:
            options = ", ".join(map(_as_text, allowed))
            return f"The {what}{shown(value)} of parameter {name!r} is not one of its allowed values: {options}."
        if pattern is not None and not _full_match(pattern, value):
            return f"The {what}{shown(value)} of parameter {name!r} does not match its allowed pattern {pattern}."
    return None


def _hidden(value: str) -> str:
    return ""


def _quoted(value: str) -> str:
    return f" {value!r}"


def _json_problem(name: str, kind: str, values: list[str], what: str, shown: Callable[[str], str]) -> str | None:
    expected = dict if kind == "StringMap" else list
    for value in values:
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            return f"Parameter {name!r} has type {kind}; the {what}{shown(value)} is not valid JSON."
        if kind == "MapList" and isinstance(parsed, dict):
            continue
        if not isinstance(parsed, expected):
            return f"Parameter {name!r} has type {kind}; the {what}{shown(value)} is not a JSON {expected.__name__}."
    return None


def _bounds_problem(name: str, size: int, declaration: Mapping[str, Any], low: str, high: str, unit: str) -> str | None:
    minimum = declaration.get(low)
    maximum = declaration.get(high)
    if isinstance(minimum, int) and size < minimum:
        return f"Parameter {name!r} needs at least {minimum} {unit} ({low}); it has {size}."
    if isinstance(maximum, int) and size > maximum:
        return f"Parameter {name!r} takes at most {maximum} {unit} ({high}); it has {size}."
    return None


def _full_match(pattern: str, value: str) -> bool:
    """Java's String.matches, which the service uses: the whole value must match."""
    try:
        return re.fullmatch(translate_pattern(pattern), value, re.DOTALL) is not None
    except re.error:
        return True


# --- substitution ----------------------------------------------------------------------------


def typed_value(kind: str, values: Sequence[str]) -> Any:
    """A parameter's values as a plugin input receives them: lists stay lists, maps are parsed."""
    if kind in ("StringMap", "MapList"):
        parsed = [_parse_json(value) for value in values]
        if kind == "StringMap" or (len(parsed) == 1 and isinstance(parsed[0], list)):
            return parsed[0] if parsed else {}
        return parsed
    if is_list_type(kind):
        return list(values)
    return values[0] if values else ""


def _parse_json(value: str) -> Any:
    try:
        return json.loads(value)
    except (ValueError, RecursionError):
        return value


def substitute(node: Any, values: Mapping[str, Any]) -> Any:
    """``node`` with every ``{{ name }}`` of a known parameter replaced by its typed value."""
    if isinstance(node, str):
        whole = PLACEHOLDER.fullmatch(node.strip())
        if whole and whole.group(1) in values:
            return values[whole.group(1)]
        return PLACEHOLDER.sub(lambda m: _inline(values[m.group(1)]) if m.group(1) in values else m.group(0), node)
    if isinstance(node, list):
        result: list[Any] = []
        for item in node:
            replaced = substitute(item, values)
            is_whole_list = isinstance(item, str) and isinstance(replaced, list)
            if is_whole_list:
                result.extend(replaced)
            else:
                result.append(replaced)
        return result
    if isinstance(node, dict):
        return {key: substitute(item, values) for key, item in node.items()}
    return node


def _inline(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ",".join(value)
    return json.dumps(value, separators=(",", ":"))


def render_steps(document: DocumentVersion, parameters: Mapping[str, Sequence[str]]) -> list[Step]:
    """The document's plugins (1.2) or steps (2.x) with ``{{ name }}`` placeholders substituted."""
    kinds = {name: declaration.get("type", "String") for name, declaration in document.parameters.items()}
    values = {name: typed_value(kinds.get(name, "String"), given) for name, given in parameters.items()}
    body = document.body
    steps: list[Step] = []
    runtime_config = body.get("runtimeConfig")
    if isinstance(runtime_config, dict):
        for plugin, configuration in runtime_config.items():
            properties = configuration.get("properties") if isinstance(configuration, dict) else configuration
            properties = substitute(properties, values)
            entries = properties if isinstance(properties, list) else [properties]
            for entry in entries:
                inputs = entry if isinstance(entry, dict) else {"properties": entry}
                steps.append(Step(name=plugin, action=plugin, inputs=inputs))
    main_steps = body.get("mainSteps")
    for step in main_steps if isinstance(main_steps, list) else ():
        if isinstance(step, dict):
            inputs = substitute(step.get("inputs") or {}, values)
            steps.append(Step(name=str(step.get("name", "")), action=str(step.get("action", "")), inputs=inputs))
    return steps
