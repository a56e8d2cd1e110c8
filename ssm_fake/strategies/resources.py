"""Strategies for the things users put into SSM: parameter names, values, labels, tags,
documents, and the outcomes of commands.

Each one is built from the rules the fake enforces (the modules it imports them from are
named beside each), so whatever it generates is accepted by the fake and the service.
"""

from __future__ import annotations

import json
import string
from typing import Any

from hypothesis import strategies as st

from ..backend.commands.outcomes import FINAL_STATES
from ..backend.documents.content import AUTOMATION_ACTIONS, MAX_CONTENT_BYTES, SCHEMA_VERSIONS
from ..backend.documents.plugins import plugin_spec
from ..backend.parameters.data_types import DATA_TYPES
from ..backend.parameters.store import NAME, ParameterStore
from ..backend.shared.tags import DEFAULT_TAG_LIMIT, RESERVED_KEY_PREFIX
from . import shapes

# parameters/store.py NAME: segments of letters, digits and _ . -
_SEGMENT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
_RESERVED_NAME_PREFIXES = ("aws", "ssm")  # parameters/writes.py _name, case-insensitive
MAX_HIERARCHY_DEPTH = 15  # parameters/writes.py: "A hierarchy can have a maximum of 15 levels"
# Names and their ARN together have at most 1011 characters (store.py); ARNs are shorter than 100.
_LONGEST_NAME = ParameterStore.MAX_NAME_WITH_ARN - 100
_TYPES = ("String", "StringList", "SecureString")
_TIERS = ("Standard", "Advanced")


def _not_reserved(text: str, prefixes: tuple[str, ...]) -> bool:
    return not text.lower().startswith(prefixes)


def parameter_names(
    *, hierarchical: bool | None = None, max_depth: int = 4, max_segment: int = 12
) -> st.SearchStrategy[str]:
    """Names PutParameter accepts: ``/a/b/c`` paths of 1 to ``max_depth`` levels when
    ``hierarchical`` is true, plain ``name`` when false, either when None. Never prefixed with
    ``aws`` or ``ssm``. Two names may denote one parameter (``p`` and ``/p``): compare
    ``name.lstrip("/")`` when you need distinct parameters."""
    if not 1 <= max_depth <= MAX_HIERARCHY_DEPTH:
        raise ValueError(f"max_depth must be between 1 and {MAX_HIERARCHY_DEPTH}, got {max_depth}")
    if max_segment < 1:
        raise ValueError(f"max_segment must be at least 1, got {max_segment}")
    segment = st.text(_SEGMENT, min_size=1, max_size=max_segment)
    first = segment.filter(lambda text: _not_reserved(text, _RESERVED_NAME_PREFIXES))
    plain = first
    paths = st.tuples(first, st.lists(segment, max_size=max_depth - 1)).map(
        lambda parts: "/" + "/".join([parts[0], *parts[1]])
    )
    chosen = plain if hierarchical is False else paths if hierarchical else plain | paths
    return chosen.filter(lambda name: NAME.fullmatch(name) is not None and len(name) <= _LONGEST_NAME)


def parameter_values(
    *, type: str = "String", tier: str = "Standard", data_type: str = "text", max_size: int = 200
) -> st.SearchStrategy[str]:
    """Values PutParameter accepts for a parameter of ``type``, ``tier`` and ``data_type``
    (``text``, ``integer``, ``boolean``, ``aws:account:id`` or ``ipv4-address``), that read
    back unchanged: no ``{{ }}`` (refused as nesting), no control characters, and no spaces
    at either end (around a StringList's commas the service removes them). ``max_size`` caps the length (the tier's
    limit caps it too: 4096 characters standard, 8192 advanced)."""
    if type not in _TYPES:
        raise ValueError(f"type must be one of {', '.join(_TYPES)}, got {type!r}")
    if tier not in _TIERS:
        raise ValueError(f"tier must be one of {', '.join(_TIERS)}, got {tier!r}")
    if data_type not in _VALUES_OF_DATA_TYPE:
        raise ValueError(f"data_type must be one of {', '.join(_VALUES_OF_DATA_TYPE)}, got {data_type!r}")
    limit = ParameterStore.STANDARD_VALUE_LIMIT if tier == "Standard" else ParameterStore.ADVANCED_VALUE_LIMIT
    size = min(max_size, limit)
    item = _VALUES_OF_DATA_TYPE[data_type]
    if type == "StringList":
        text = st.lists(item.filter(lambda v: "," not in v), min_size=1, max_size=5).map(",".join)
    else:
        text = item
    check = DATA_TYPES[data_type].check
    items = (lambda v: v.split(",")) if type == "StringList" else (lambda v: [v])
    return text.filter(lambda v: 1 <= len(v) <= size and "{{" not in v and all(map(check, items(v))))


_VALUE_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFFFF, blacklist_categories=("Cs", "Cc")), min_size=1
).filter(lambda v: v.strip(" ") == v)
_VALUES_OF_DATA_TYPE: dict[str, st.SearchStrategy[str]] = {
    "text": _VALUE_TEXT,
    "integer": st.integers(-(2**63), 2**63 - 1).map(str),
    "boolean": st.sampled_from(["true", "false", "True", "FALSE"]),
    "aws:account:id": st.text(string.digits, min_size=12, max_size=12),
    "ipv4-address": st.ip_addresses(v=4).map(str),
}


def labels() -> st.SearchStrategy[str]:
    """Labels LabelParameterVersion accepts (parameters/store.py ``_LABEL``, reads.py ``_valid_label``):
    letters, digits, ``_ . -``, up to 100 characters, not starting with a digit, ``aws`` or ``ssm``."""
    first = st.sampled_from([c for c in _SEGMENT if not c.isdigit()])
    rest = st.text(_SEGMENT, max_size=20)
    return st.builds(lambda a, b: a + b, first, rest).filter(lambda label: _not_reserved(label, ("aws", "ssm")))


def tags(*, min_size: int = 0, max_size: int = 5) -> st.SearchStrategy[list[dict[str, str]]]:
    """A ``Tags`` list (``[{"Key": ..., "Value": ...}]``) with distinct keys that any resource accepts:
    keys and values from the model's tag pattern (letters, digits, spaces and ``_.:/=+-@`` of any
    script), keys not starting with ``aws:``, at most 50 tags (shared/tags.py)."""
    if not 0 <= min_size <= max_size <= DEFAULT_TAG_LIMIT:
        raise ValueError(f"need 0 <= min_size <= max_size <= {DEFAULT_TAG_LIMIT}, got {min_size}, {max_size}")
    tag_shape = _tag_shape()
    key = shapes.strings(tag_shape.members["Key"]).filter(lambda k: not k.lower().startswith(RESERVED_KEY_PREFIX))
    value = shapes.strings(tag_shape.members["Value"])
    return st.dictionaries(key, value, min_size=min_size, max_size=max_size).map(
        lambda mapping: [{"Key": k, "Value": v} for k, v in mapping.items()]
    )


def _tag_shape() -> Any:
    from .. import model

    return model.service_model().shape_for("Tag")


# --- documents -----------------------------------------------------------------------------------

_STEP_NAME = st.text(string.ascii_letters + string.digits + "_.-", min_size=1, max_size=20)
_PARAMETER_NAME = st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=16)
_SHORT_TEXT = st.text(string.ascii_letters + string.digits + " .,:-_", max_size=30)
# Plugins whose inputs the fake checks, with a value for each required property
# (documents/plugins.py); runCommand takes a list of command lines.
_COMMAND_PLUGINS = ("aws:runShellScript", "aws:runPowerShellScript", "aws:configureDocker", "aws:softwareInventory")
_SESSION_TYPES = ("Standard_Stream", "InteractiveCommands", "NonInteractiveCommands", "Port")
_DOCUMENT_TYPES = ("Command", "Policy", "Automation", "Session")


def documents(
    *, document_type: str = "Command", schema_version: str | None = None, format: str = "JSON"
) -> st.SearchStrategy[str]:
    """Document content that CreateDocument accepts with ``DocumentType=document_type`` and
    ``DocumentFormat=format`` (``JSON`` or ``YAML``): ``Command`` (schema 1.2, 2.0 or 2.2),
    ``Policy`` (2.0, 2.2), ``Automation`` (0.3) or ``Session`` (1.0). Command documents use
    plugins from the fake's plugin table, declare parameters and use some of them as
    ``{{ name }}``; every content is distinct enough to make a new version."""
    if document_type not in _DOCUMENT_TYPES:
        raise ValueError(f"document_type must be one of {', '.join(_DOCUMENT_TYPES)}, got {document_type!r}")
    versions = SCHEMA_VERSIONS[document_type]
    if schema_version is not None and schema_version not in versions:
        raise ValueError(f"{document_type} documents take schema version {', '.join(versions)}, not {schema_version!r}")
    if format not in ("JSON", "YAML"):
        raise ValueError(f"format must be JSON or YAML, got {format!r}")
    schema = st.just(schema_version) if schema_version else st.sampled_from(versions)
    bodies = schema.flatmap(lambda version: _bodies(document_type, version))
    return bodies.map(lambda body: _serialised(body, format)).filter(
        lambda text: len(text.encode("utf-8")) <= MAX_CONTENT_BYTES
    )


def _serialised(body: dict[str, Any], document_format: str) -> str:
    if document_format == "JSON":
        return json.dumps(body, indent=2)
    import yaml

    return str(yaml.safe_dump(body, sort_keys=False))


@st.composite
def _bodies(draw: st.DrawFn, document_type: str, schema_version: str) -> dict[str, Any]:
    body: dict[str, Any] = {"schemaVersion": schema_version, "description": draw(_SHORT_TEXT)}
    declared = draw(st.lists(_PARAMETER_NAME, max_size=3, unique=True))
    if declared:
        body["parameters"] = {
            name: {"type": "String", "description": draw(_SHORT_TEXT), "default": draw(_SHORT_TEXT)}
            for name in declared
        }
    if document_type in ("Command", "Policy"):
        steps = draw(st.lists(_command_step(declared), min_size=1, max_size=3))
        if schema_version == "1.2":
            runtime: dict[str, Any] = {}
            for action, inputs in steps:
                runtime.setdefault(action, {"properties": []})["properties"].append(inputs)
            body["runtimeConfig"] = runtime
        else:
            names = draw(st.lists(_STEP_NAME, min_size=len(steps), max_size=len(steps), unique=True))
            body["mainSteps"] = [
                {"action": action, "name": name, "inputs": inputs}
                for (action, inputs), name in zip(steps, names, strict=True)
            ]
    elif document_type == "Automation":
        names = draw(st.lists(_STEP_NAME, min_size=1, max_size=3, unique=True))
        body["mainSteps"] = [
            {"name": name, "action": draw(st.sampled_from(sorted(AUTOMATION_ACTIONS))), "inputs": {}} for name in names
        ]
    else:
        body["sessionType"] = draw(st.sampled_from(_SESSION_TYPES))
        body["inputs"] = {"idleSessionTimeout": str(draw(st.integers(1, 60)))}
    return body


def _command_step(declared: list[str]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    @st.composite
    def step(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
        action = draw(st.sampled_from(_COMMAND_PLUGINS))
        spec = plugin_spec(action)
        assert spec is not None
        inputs: dict[str, Any] = {}
        for prop in sorted(spec.required):
            if prop == "runCommand":
                lines = draw(st.lists(_SHORT_TEXT.map(lambda text: "echo " + text), min_size=1, max_size=3))
                uses_parameter: bool = draw(st.booleans())
                if declared and uses_parameter:
                    lines.append("echo {{ " + draw(st.sampled_from(declared)) + " }}")
                inputs[prop] = lines
            else:
                inputs[prop] = draw(st.sampled_from(["Install", "Uninstall"]))
        return action, inputs

    return step()


# --- commands ------------------------------------------------------------------------------------


def command_outcomes(*, max_duration: float = 600) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``ssm.set_command_outcome(**outcome)``: any final status the fake
    knows (commands/outcomes.py), an exit code, some output and a duration in seconds of clock
    time up to ``max_duration`` (past a plugin's execution timeout, 3600 seconds unless the
    document sets ``timeoutSeconds``, a run ends TimedOut instead). Add
    ``document_name``/``instance_id`` yourself to aim it."""
    if max_duration < 0:
        raise ValueError(f"max_duration must be >= 0 seconds, got {max_duration}")
    return st.fixed_dictionaries(
        {
            "status": st.sampled_from(sorted(FINAL_STATES)),
            "response_code": st.integers(-1, 255),
            "stdout": _SHORT_TEXT,
            "stderr": _SHORT_TEXT,
            "duration": st.one_of(st.just(0), st.integers(0, int(max_duration)), st.floats(0, max_duration)),
        }
    )
