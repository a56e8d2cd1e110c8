"""What makes document content valid: format, schema version, plugins or steps, parameters.

CreateDocument and UpdateDocument hand the submitted text here and get back the parsed
document, or the service's error (``InvalidDocumentContent`` saying what is wrong,
``InvalidDocumentSchemaVersion``, ``MaxDocumentSizeExceeded``)::

    parsed = parse_content(text, "YAML", "Command")
    parsed.schema_version, parsed.platform_types, parsed.parameters

Command and Policy documents are checked plugin by plugin, Automation documents step by
step, Session documents for their session type; the other types only need to parse.
PyYAML is imported the first time YAML content arrives, so JSON-only tests never pay for it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ... import errors
from .parameters import PLACEHOLDER, check_declarations
from .plugins import ALL_PLATFORMS, known_plugins, platforms_of, plugin_spec

MAX_CONTENT_BYTES = 64 * 1024
SCHEMA_VERSIONS = {
    "Command": ("1.2", "2.0", "2.2"),
    "Policy": ("2.0", "2.2"),  # "Policy type documents must use schema version 2.0 or later"
    "Automation": ("0.3",),
    "Automation.ChangeTemplate": ("0.3",),
    "Session": ("1.0",),
}
# Types whose content is a structured document; the others may also be TEXT.
_STRUCTURED_TYPES = frozenset({*SCHEMA_VERSIONS, "Package"})
_RUNS_ANYWHERE = frozenset({"Automation", "Automation.ChangeTemplate", "Session", "Package"})
_COMMAND_KEYS_1_2 = frozenset({"schemaVersion", "description", "parameters", "runtimeConfig"})
_COMMAND_KEYS_2_X = frozenset({"schemaVersion", "description", "parameters", "mainSteps"})
_COMMAND_STEP_KEYS = frozenset(
    {
        "action",
        "name",
        "inputs",
        "precondition",
        "description",
        "onFailure",
        "onSuccess",
        "finallyStep",
        "isEnd",
        "isCritical",
        "timeoutSeconds",
    }
)
_STEP_NAME = re.compile(r"[a-zA-Z0-9_.\-]{1,128}")
_SESSION_TYPES = ("Standard_Stream", "InteractiveCommands", "NonInteractiveCommands", "Port")
AUTOMATION_ACTIONS = frozenset(
    {
        "aws:approve",
        "aws:assertAwsResourceProperty",
        "aws:branch",
        "aws:changeInstanceState",
        "aws:copyImage",
        "aws:createImage",
        "aws:createStack",
        "aws:createTags",
        "aws:deleteImage",
        "aws:deleteStack",
        "aws:executeAutomation",
        "aws:executeAwsApi",
        "aws:executeScript",
        "aws:executeStateMachine",
        "aws:invokeLambdaFunction",
        "aws:invokeWebhook",
        "aws:loop",
        "aws:pause",
        "aws:runCommand",
        "aws:runInstances",
        "aws:sleep",
        "aws:updateVariable",
        "aws:waitForAwsResourceProperty",
    }
)


@dataclass(frozen=True)
class ParsedContent:
    """Submitted content once checked: what DescribeDocument reports about it."""

    body: dict[str, Any]
    schema_version: str
    description: str | None
    parameters: dict[str, dict[str, Any]]
    platform_types: tuple[str, ...]


def check_size(content: str) -> None:
    size = len(content.encode("utf-8"))
    if size > MAX_CONTENT_BYTES:
        raise errors.MaxDocumentSizeExceeded(
            f"The document content is {size} bytes; the size limit of a document is 64 KB ({MAX_CONTENT_BYTES} bytes)."
        )


def parse_content(content: str, document_format: str, document_type: str) -> ParsedContent:
    """``content`` checked as a ``document_type`` document in ``document_format``."""
    check_size(content)
    if document_format == "TEXT":
        if document_type in _STRUCTURED_TYPES:
            raise errors.InvalidDocumentContent(
                f"{document_type} documents must be JSON or YAML; DocumentFormat TEXT is not supported for them."
            )
        return ParsedContent({}, "", None, {}, ())
    try:
        return _parse_structured(_load(content, document_format), document_type)
    except RecursionError:
        raise errors.InvalidDocumentContent("The document content is nested too deeply.") from None


def _parse_structured(body: dict[str, Any], document_type: str) -> ParsedContent:
    schema_version = _schema_version(body, document_type)
    if document_type in ("Command", "Policy"):
        plugins = _check_command(body, schema_version)
        platforms = platforms_of(plugins)
    elif document_type.startswith("Automation"):
        _check_automation(body)
        platforms = ALL_PLATFORMS
    elif document_type == "Session":
        _check_session(body)
        platforms = ALL_PLATFORMS
    else:
        platforms = ALL_PLATFORMS if document_type in _RUNS_ANYWHERE else ()
    parameters = check_declarations(body.get("parameters"), document_type)
    if document_type in ("Command", "Policy"):
        _check_placeholders(body, parameters)
    description = body.get("description")
    if not isinstance(description, str):
        description = None
    return ParsedContent(body, schema_version, description, parameters, platforms)


def _load(content: str, document_format: str) -> dict[str, Any]:
    if document_format == "YAML":
        import yaml  # lazily: only YAML content needs it

        try:
            body = _plain(yaml.safe_load(content))
        except yaml.YAMLError as error:
            raise errors.InvalidDocumentContent(f"YAML not well-formed: {_first_line(str(error))}") from None
    else:
        try:
            body = json.loads(content)
        except json.JSONDecodeError as error:
            # As the service words it: "JSON not well-formed. at Line: 13, Column: 6"
            # (aws-samples/aws-batch-genomics issue 14).
            raise errors.InvalidDocumentContent(
                f"JSON not well-formed. at Line: {error.lineno}, Column: {error.colno}"
            ) from None
        except ValueError:  # not text at all
            raise errors.InvalidDocumentContent("JSON not well-formed. at Line: 1, Column: 1") from None
    if not isinstance(body, dict):
        raise errors.InvalidDocumentContent("The document content must be an object with a schemaVersion.")
    return body


def _plain(node: Any) -> Any:
    """YAML values as JSON would give them: string keys, and dates or other tagged values as text."""
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, (list, tuple, set)):
        return [_plain(item) for item in node]
    if node is None or isinstance(node, (str, int, float, bool)):
        return node
    return node.isoformat() if hasattr(node, "isoformat") else str(node)


def _first_line(text: str) -> str:
    return " ".join(text.split())


def _schema_version(body: dict[str, Any], document_type: str) -> str:
    raw = body.get("schemaVersion")
    supported = SCHEMA_VERSIONS.get(document_type)
    if raw is None:
        if supported is None:
            return ""
        raise errors.InvalidDocumentContent("The document content has no schemaVersion; it is required.")
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise errors.InvalidDocumentSchemaVersion(f'schemaVersion must be a string such as "2.2", not {raw!r}.')
    version = str(raw)
    if supported is not None and version not in supported:
        raise errors.InvalidDocumentSchemaVersion(
            f"Document schema version, {version}, is not supported for {document_type} documents; "
            f"supported versions: {', '.join(supported)}."
        )
    return version


def _check_command(body: dict[str, Any], schema_version: str) -> list[str]:
    """Checks a Command or Policy document; returns the plugins it uses."""
    allowed = _COMMAND_KEYS_1_2 if schema_version == "1.2" else _COMMAND_KEYS_2_X
    unknown = sorted(body.keys() - allowed)
    if unknown:
        raise errors.InvalidDocumentContent(
            f"Schema version {schema_version} documents do not accept the top-level properties {', '.join(unknown)}; "
            f"they accept {', '.join(sorted(allowed))}."
        )
    if schema_version == "1.2":
        return _check_runtime_config(body.get("runtimeConfig"))
    return _check_command_steps(body.get("mainSteps"), schema_version)


def _check_runtime_config(runtime_config: Any) -> list[str]:
    if not isinstance(runtime_config, dict) or not runtime_config:
        raise errors.InvalidDocumentContent(
            "Schema version 1.2 documents need a runtimeConfig with at least one plugin."
        )
    for plugin, configuration in runtime_config.items():
        if not isinstance(configuration, dict) or "properties" not in configuration:
            raise errors.InvalidDocumentContent(f"Plugin {plugin} in runtimeConfig needs a properties member.")
        # "settings" as in the plugin reference's aws:cloudWatch ("settings": {"startType": "Enabled"}).
        extra = sorted(configuration.keys() - {"properties", "settings"})
        if extra:
            raise errors.InvalidDocumentContent(
                f"Plugin {plugin} in runtimeConfig has unknown members: {', '.join(extra)}."
            )
        properties = configuration["properties"]
        entries = properties if isinstance(properties, list) else [properties]
        for entry in entries:
            _check_plugin_properties(str(plugin), entry)
    return [str(plugin) for plugin in runtime_config]


def _check_plugin_properties(plugin: str, properties: Any) -> None:
    spec = plugin_spec(plugin)
    if spec is None:
        raise errors.InvalidDocumentContent(f"Unknown plugin {plugin}; the supported plugins are {known_plugins()}.")
    if isinstance(properties, str) and PLACEHOLDER.fullmatch(properties.strip()):
        return  # filled in from a parameter at run time
    if not isinstance(properties, dict):
        if spec.open:
            return
        raise errors.InvalidDocumentContent(f"The properties of plugin {plugin} must be an object.")
    problems = spec.problems(properties)
    if problems:
        raise errors.InvalidDocumentContent("; ".join(problems) + ".")


def _check_command_steps(steps: Any, schema_version: str) -> list[str]:
    if not isinstance(steps, list) or not steps:
        raise errors.InvalidDocumentContent(
            f"Schema version {schema_version} documents need mainSteps with at least one step."
        )
    names: set[str] = set()
    plugins: list[str] = []
    for index, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            raise errors.InvalidDocumentContent(f"Step {index} of mainSteps must be an object.")
        action, name = step.get("action"), step.get("name")
        if not isinstance(action, str) or not isinstance(name, str):
            raise errors.InvalidDocumentContent(f"Step {index} of mainSteps needs an action and a name.")
        _check_step_name(name, names)
        unknown = sorted(step.keys() - _COMMAND_STEP_KEYS)
        if unknown:
            raise errors.InvalidDocumentContent(f"Step {name} has unknown members: {', '.join(unknown)}.")
        if "precondition" in step:
            _check_precondition(name, step["precondition"], schema_version)
        if "inputs" not in step:
            raise errors.InvalidDocumentContent(f"Step {name} needs inputs.")
        _check_plugin_properties(action, step["inputs"])
        plugins.append(action)
    return plugins


def _check_step_name(name: str, seen: set[str]) -> None:
    if not _STEP_NAME.fullmatch(name):
        raise errors.InvalidDocumentContent(
            f"Step name {name!r} is not valid: use 1 to 128 letters, digits, '.', '-' or '_'."
        )
    if name in seen:
        raise errors.InvalidDocumentContent(f"Step name {name} is used more than once; step names must be unique.")
    seen.add(name)


def _check_precondition(step: str, precondition: Any, schema_version: str) -> None:
    if schema_version != "2.2":
        raise errors.InvalidDocumentContent(f"Step {step}: precondition needs schema version 2.2.")
    operands = precondition.get("StringEquals") if isinstance(precondition, dict) else None
    if not isinstance(operands, list) or len(operands) != 2 or len(precondition) != 1:
        raise errors.InvalidDocumentContent(
            f'Step {step}: precondition must be {{"StringEquals": ["platformType", "Linux"]}} or similar.'
        )


def _check_automation(body: dict[str, Any]) -> None:
    steps = body.get("mainSteps")
    if not isinstance(steps, list) or not steps:
        raise errors.InvalidDocumentContent("Automation documents need mainSteps with at least one step.")
    names: set[str] = set()
    for index, step in enumerate(steps, start=1):
        if (
            not isinstance(step, dict)
            or not isinstance(step.get("name"), str)
            or not isinstance(step.get("action"), str)
        ):
            raise errors.InvalidDocumentContent(f"Step {index} of mainSteps needs an action and a name.")
        _check_step_name(step["name"], names)
        if step["action"] not in AUTOMATION_ACTIONS:
            raise errors.InvalidDocumentContent(
                f"Step {step['name']}: {step['action']} is not an Automation action; "
                f"use one of {', '.join(sorted(AUTOMATION_ACTIONS))}."
            )


def _check_session(body: dict[str, Any]) -> None:
    if body.get("sessionType") not in _SESSION_TYPES:
        raise errors.InvalidDocumentContent(
            f"Session documents need a sessionType: one of {', '.join(_SESSION_TYPES)}."
        )


def _check_placeholders(body: dict[str, Any], parameters: dict[str, dict[str, Any]]) -> None:
    """Every ``{{ name }}`` a plugin uses must be a declared parameter (``ssm:`` references aside)."""
    text = json.dumps([body.get("runtimeConfig"), body.get("mainSteps")])
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        if ":" not in name and "." not in name and name not in parameters:
            # As the service words it: 'Parameter "PackageVersion" is not declared.'
            # (CrowdStrike/aws-ssm-distributor issue 66).
            raise errors.InvalidDocumentContent(f'Parameter "{name}" is not declared.')
