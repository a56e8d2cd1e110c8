"""Whole requests for the fake's operations: valid ones, and ones with exactly one broken constraint.

A request is the keyword arguments of the boto3 method (``client.put_parameter(**request)``).
Valid requests pass every check the service makes on the request itself: the model's
constraints and the rules the handlers add that need no stored state (reserved prefixes,
hierarchy depth, filter keys and options, document content, tier sizes). Whether the
resources a request names exist is a matter of state, so what is promised (and tested) is:
on an empty account, a request succeeds, or fails with one of ``STATE_ERRORS[operation]`` —
the errors that depend on what the account holds (ParameterNotFound, InvalidDocument,
InvalidCommandId …), never with a validation error. Operations that create or list
(PutParameter, CreateDocument, DescribeParameters …) have no such errors: they succeed.

Invalid requests break one constraint of the model that boto3 does not check itself (a
maximum length or value, a pattern, an enum), so they reach the service, which answers
``ValidationException`` with "1 validation error detected". (boto3 checks required members,
minimum lengths and JSON types before sending.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from botocore.model import ListShape, Shape
from hypothesis import strategies as st

from .. import model
from . import associations, automation, inventory, maintenance_windows, shapes
from .primitives import (
    ACCOUNT_IDS,
    DOCUMENT_NAMES,
    HYBRID_IDS,
    INSTANCE_IDS,
    ROLE_NAMES,
    SMALL_TEXT,
    UUIDS,
    WORD,
    Request,
    RequestStrategy,
    max_results,
    plus,
    request_of,
)
from .resources import documents, labels, parameter_names, parameter_values, tags

_VERSIONS = st.integers(1, 20)
_TYPES = ("String", "StringList", "SecureString")


# --- Parameter Store -----------------------------------------------------------------------------


@st.composite
def _put_parameter(draw: st.DrawFn) -> Request:
    type_ = draw(st.sampled_from(_TYPES))
    tier = draw(st.sampled_from(["Standard", "Advanced", "Intelligent-Tiering"]))
    value_tier = "Advanced" if tier == "Advanced" else "Standard"
    request: Request = {
        "Name": draw(parameter_names()),
        "Value": draw(parameter_values(type=type_, tier=value_tier)),
        "Type": type_,
    }
    if draw(st.booleans()):
        request["Tier"] = tier
    if draw(st.booleans()):
        request["Description"] = draw(SMALL_TEXT)
    if type_ == "SecureString" and draw(st.booleans()):
        request["KeyId"] = draw(st.sampled_from(["alias/aws/ssm", "alias/app-key"]) | UUIDS)
    if draw(st.booleans()):
        request["DataType"] = "text"
    if draw(st.booleans()):
        request["AllowedPattern"] = "^.*$" if type_ != "StringList" else "^[^\\n]*$"
    if draw(st.booleans()):
        request["Overwrite"] = True
    elif draw(st.booleans()):
        request["Tags"] = draw(tags(min_size=1))
    return request


def _selector() -> st.SearchStrategy[str]:
    return st.one_of(_VERSIONS.map(str), labels())


def _read_names() -> st.SearchStrategy[str]:
    """A name, sometimes with a ``:version`` or ``:label`` selector."""
    return st.one_of(parameter_names(), st.tuples(parameter_names(), _selector()).map(":".join))


_PATHS = st.one_of(
    st.just("/"), parameter_names(hierarchical=True), parameter_names(hierarchical=True).map(lambda p: p + "/")
)


def _parameter_filters(by_path: bool) -> st.SearchStrategy[list[dict[str, Any]]]:
    """ParameterFilters with distinct keys, each with a key/option/values combination the action takes
    (parameters/filters.py)."""
    choices: dict[str, st.SearchStrategy[dict[str, Any]]] = {
        "Type": st.fixed_dictionaries(
            {"Key": st.just("Type"), "Values": st.lists(st.sampled_from(_TYPES), min_size=1, max_size=3)},
            optional={"Option": st.just("Equals")},
        ),
        "KeyId": st.fixed_dictionaries(
            {"Key": st.just("KeyId"), "Values": st.lists(st.just("alias/aws/ssm") | UUIDS, min_size=1, max_size=2)},
            optional={"Option": st.sampled_from(["Equals", "BeginsWith"])},
        ),
    }
    if by_path:
        choices["Label"] = st.fixed_dictionaries(
            {"Key": st.just("Label"), "Values": st.lists(labels(), min_size=1, max_size=3)},
            optional={"Option": st.just("Equals")},
        )
    else:
        choices["Name"] = st.fixed_dictionaries(
            {"Key": st.just("Name"), "Values": st.lists(parameter_names(), min_size=1, max_size=3)},
            optional={"Option": st.sampled_from(["Equals", "BeginsWith", "Contains"])},
        )
        choices["Path"] = st.fixed_dictionaries(
            {"Key": st.just("Path"), "Values": st.lists(_PATHS, min_size=1, max_size=2)},
            optional={"Option": st.sampled_from(["Recursive", "OneLevel"])},
        )
        choices["Tier"] = st.fixed_dictionaries(
            {"Key": st.just("Tier"), "Values": st.lists(st.sampled_from(["Standard", "Advanced"]), min_size=1)},
            optional={"Option": st.just("Equals")},
        )
        choices["DataType"] = st.fixed_dictionaries(
            {"Key": st.just("DataType"), "Values": st.lists(st.sampled_from(["text", "aws:ec2:image"]), min_size=1)},
        )
        choices["tag"] = st.fixed_dictionaries(
            {"Key": WORD.map(lambda key: "tag:" + key)},
            optional={"Values": st.lists(WORD, min_size=1, max_size=2), "Option": st.just("Equals")},
        )
    return st.lists(st.sampled_from(sorted(choices)), unique=True, min_size=1, max_size=3).flatmap(
        lambda keys: st.tuples(*(choices[key] for key in keys)).map(list)
    )


def _describe_parameters() -> RequestStrategy:
    old_filters = st.lists(
        st.fixed_dictionaries(
            {
                "Key": st.sampled_from(["Name", "Type", "KeyId"]),
                "Values": st.lists(WORD, min_size=1, max_size=3),
            }
        ),
        min_size=1,
        max_size=2,
    )
    either = st.one_of(
        st.just({}),
        st.fixed_dictionaries({"ParameterFilters": _parameter_filters(by_path=False)}),
        st.fixed_dictionaries({"Filters": old_filters}),
    )
    plain = request_of({}, {"MaxResults": max_results("DescribeParameters")})
    return st.tuples(plain, either).map(lambda pair: pair[0] | pair[1])


# --- documents -----------------------------------------------------------------------------------


@st.composite
def _create_document(draw: st.DrawFn) -> Request:
    document_type = draw(st.sampled_from(["Command", "Command", "Automation", "Session", "Policy"]))
    document_format = draw(st.sampled_from(["JSON", "YAML"]))
    request: Request = {
        "Name": draw(DOCUMENT_NAMES),
        "Content": draw(documents(document_type=document_type, format=document_format)),
        "DocumentType": document_type,
        "DocumentFormat": document_format,
    }
    optional = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "VersionName": shapes.regex(r"[a-zA-Z0-9_.\-]{1,20}"),
                "DisplayName": shapes.regex(r"[a-zA-Z0-9 ._\-]{0,30}"),
                "TargetType": st.sampled_from(["/", "/AWS::EC2::Instance"]),
                "Tags": tags(min_size=1),
            },
        )
    )
    return request | optional


@st.composite
def _update_document(draw: st.DrawFn) -> Request:
    document_format = draw(st.sampled_from(["JSON", "YAML"]))
    request: Request = {
        "Name": draw(DOCUMENT_NAMES),
        "Content": draw(documents(format=document_format)),
        "DocumentFormat": document_format,
    }
    optional = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "DocumentVersion": st.just("$LATEST"),
                "VersionName": shapes.regex(r"[a-zA-Z0-9_.\-]{1,20}"),
            },
        )
    )
    return request | optional


def _document_selector() -> st.SearchStrategy[dict[str, str]]:
    return st.one_of(
        st.just({}),
        st.fixed_dictionaries({"DocumentVersion": st.sampled_from(["$LATEST", "$DEFAULT"]) | _VERSIONS.map(str)}),
        st.fixed_dictionaries({"VersionName": shapes.regex(r"[a-zA-Z0-9_.\-]{1,20}")}),
    )


def _with_selector(base: RequestStrategy) -> RequestStrategy:
    return st.tuples(base, _document_selector()).map(lambda pair: pair[0] | pair[1])


# --- commands ------------------------------------------------------------------------------------


def _send_command() -> RequestStrategy:
    nodes = st.one_of(
        st.fixed_dictionaries(
            {
                "Targets": st.tuples(WORD, st.lists(WORD, min_size=1, max_size=3)).map(
                    lambda pair: [{"Key": "tag:" + pair[0], "Values": pair[1]}]
                )
            }
        ),
        st.fixed_dictionaries({"InstanceIds": st.lists(INSTANCE_IDS, min_size=1, max_size=3, unique=True)}),
    )
    base = request_of(
        {
            "DocumentName": st.just("AWS-RunShellScript"),
            "Parameters": st.lists(SMALL_TEXT.map(lambda t: "echo " + t), min_size=1, max_size=3).map(
                lambda lines: {"commands": lines}
            ),
        },
        {
            "Comment": SMALL_TEXT,
            "TimeoutSeconds": st.integers(30, 3600),
            "MaxConcurrency": shapes.regex(r"[1-9][0-9]?|[1-9]0?%|100%"),
            "MaxErrors": shapes.regex(r"0|[1-9][0-9]?|[1-9]0?%|100%"),
        },
    )
    return st.tuples(base, nodes).map(lambda pair: pair[0] | pair[1])


def _command_queries(operation: str) -> RequestStrategy:
    optional: dict[str, st.SearchStrategy[Any]] = {
        "CommandId": UUIDS,
        "InstanceId": INSTANCE_IDS,
        "MaxResults": max_results(operation),
        "Filters": st.lists(
            st.fixed_dictionaries(
                {"key": st.just("DocumentName"), "value": st.just("AWS-RunShellScript") | DOCUMENT_NAMES}
            ),
            min_size=1,
            max_size=1,
        ),
    }
    if operation == "ListCommandInvocations":
        optional["Details"] = st.booleans()
    return request_of({}, optional)


# --- the table -----------------------------------------------------------------------------------


def _tag_target() -> RequestStrategy:
    return st.one_of(
        request_of({"ResourceType": st.just("Parameter"), "ResourceId": parameter_names()}),
        request_of({"ResourceType": st.just("Document"), "ResourceId": DOCUMENT_NAMES}),
    )


_RECIPES: dict[str, Callable[[], RequestStrategy]] = {
    "PutParameter": _put_parameter,
    "GetParameter": lambda: request_of({"Name": _read_names()}, {"WithDecryption": st.booleans()}),
    "GetParameters": lambda: request_of(
        {"Names": st.lists(_read_names(), min_size=1, max_size=10)}, {"WithDecryption": st.booleans()}
    ),
    "GetParametersByPath": lambda: request_of(
        {"Path": _PATHS},
        {
            "Recursive": st.booleans(),
            "WithDecryption": st.booleans(),
            "MaxResults": max_results("GetParametersByPath"),
            "ParameterFilters": _parameter_filters(by_path=True),
        },
    ),
    "DescribeParameters": _describe_parameters,
    "GetParameterHistory": lambda: request_of(
        {"Name": parameter_names()},
        {"WithDecryption": st.booleans(), "MaxResults": max_results("GetParameterHistory")},
    ),
    "DeleteParameter": lambda: request_of({"Name": parameter_names()}),
    "DeleteParameters": lambda: request_of({"Names": st.lists(parameter_names(), min_size=1, max_size=10)}),
    "LabelParameterVersion": lambda: request_of(
        {"Name": parameter_names(), "Labels": st.lists(labels(), min_size=1, max_size=10, unique=True)},
        {"ParameterVersion": _VERSIONS},
    ),
    "UnlabelParameterVersion": lambda: request_of(
        {
            "Name": parameter_names(),
            "ParameterVersion": _VERSIONS,
            "Labels": st.lists(labels(), min_size=1, max_size=10, unique=True),
        }
    ),
    "AddTagsToResource": lambda: plus(_tag_target(), Tags=tags(min_size=1)),
    "RemoveTagsFromResource": lambda: plus(
        _tag_target(), TagKeys=tags(min_size=1).map(lambda items: [item["Key"] for item in items])
    ),
    "ListTagsForResource": _tag_target,
    "CreateDocument": _create_document,
    "UpdateDocument": _update_document,
    "UpdateDocumentDefaultVersion": lambda: request_of({"Name": DOCUMENT_NAMES, "DocumentVersion": _VERSIONS.map(str)}),
    "DeleteDocument": lambda: _with_selector(request_of({"Name": DOCUMENT_NAMES}, {"Force": st.booleans()})),
    "DescribeDocument": lambda: _with_selector(request_of({"Name": DOCUMENT_NAMES})),
    "GetDocument": lambda: _with_selector(
        request_of({"Name": DOCUMENT_NAMES}, {"DocumentFormat": st.sampled_from(["JSON", "YAML"])})
    ),
    "ListDocuments": lambda: request_of(
        {},
        {
            "MaxResults": max_results("ListDocuments"),
            "Filters": st.lists(
                st.one_of(
                    st.fixed_dictionaries(
                        {
                            "Key": st.just("Owner"),
                            "Values": st.sampled_from(["Self", "Amazon", "All"]).map(lambda o: [o]),
                        }
                    ),
                    st.fixed_dictionaries(
                        {
                            "Key": st.just("DocumentType"),
                            "Values": st.lists(st.sampled_from(["Command", "Automation", "Session"]), min_size=1),
                        }
                    ),
                    st.fixed_dictionaries({"Key": st.just("Name"), "Values": st.lists(WORD, min_size=1, max_size=2)}),
                ),
                max_size=1,
            ),
        },
    ),
    "ListDocumentVersions": lambda: request_of(
        {"Name": DOCUMENT_NAMES}, {"MaxResults": max_results("ListDocumentVersions")}
    ),
    "DescribeDocumentPermission": lambda: request_of(
        {"Name": DOCUMENT_NAMES, "PermissionType": st.just("Share")},
        {"MaxResults": max_results("DescribeDocumentPermission")},
    ),
    "ModifyDocumentPermission": lambda: request_of(
        {
            "Name": DOCUMENT_NAMES,
            "PermissionType": st.just("Share"),
            "AccountIdsToAdd": st.lists(ACCOUNT_IDS | st.just("All"), min_size=1, max_size=3),
        },
        {
            "AccountIdsToRemove": st.lists(ACCOUNT_IDS, max_size=2),
            "SharedDocumentVersion": st.sampled_from(["$DEFAULT", "$LATEST"]),
        },
    ),
    "SendCommand": _send_command,
    "CancelCommand": lambda: request_of(
        {"CommandId": UUIDS}, {"InstanceIds": st.lists(INSTANCE_IDS, min_size=1, max_size=3, unique=True)}
    ),
    "GetCommandInvocation": lambda: request_of(
        {"CommandId": UUIDS, "InstanceId": INSTANCE_IDS}, {"PluginName": st.just("aws:runShellScript")}
    ),
    "ListCommands": lambda: _command_queries("ListCommands"),
    "ListCommandInvocations": lambda: _command_queries("ListCommandInvocations"),
    "CreateActivation": lambda: request_of(
        {"IamRole": ROLE_NAMES},
        {
            "Description": SMALL_TEXT,
            "DefaultInstanceName": shapes.regex(r"[a-zA-Z0-9_.\-]{0,30}"),
            "RegistrationLimit": st.integers(1, 1000),
            "Tags": tags(min_size=1),
        },
    ),
    "DeleteActivation": lambda: request_of({"ActivationId": UUIDS}),
    "DescribeActivations": lambda: request_of(
        {},
        {
            "MaxResults": max_results("DescribeActivations"),
            "Filters": st.lists(
                st.fixed_dictionaries(
                    {"FilterKey": st.just("IamRole"), "FilterValues": st.lists(ROLE_NAMES, min_size=1, max_size=2)}
                ),
                max_size=1,
            ),
        },
    ),
    "DescribeInstanceInformation": lambda: request_of(
        {},
        {
            "MaxResults": max_results("DescribeInstanceInformation"),
            "Filters": st.lists(
                st.fixed_dictionaries(
                    {
                        "Key": st.sampled_from(["PingStatus"]),
                        "Values": st.lists(st.sampled_from(["Online", "ConnectionLost", "Inactive"]), min_size=1),
                    }
                ),
                max_size=1,
            ),
        },
    ),
    "DeregisterManagedInstance": lambda: request_of({"InstanceId": HYBRID_IDS}),
    "UpdateManagedInstanceRole": lambda: request_of({"InstanceId": HYBRID_IDS, "IamRole": ROLE_NAMES}),
}

# The capabilities that came later keep their recipes in a module each.
_LATER = (associations, maintenance_windows, automation, inventory)
for _capability in _LATER:
    _RECIPES.update(_capability.RECIPES)

# What a valid request may still fail with on an account that lacks what it names (or holds
# something in the way: tags already on the resource, the stored document's type). Operations
# not listed succeed on an empty account; a second CreateDocument of a name gets
# DocumentAlreadyExists, as it should.
STATE_ERRORS: dict[str, frozenset[str]] = {
    operation: frozenset(codes)
    for operation, codes in {
        "GetParameter": ["ParameterNotFound", "ParameterVersionNotFound"],
        "GetParameterHistory": ["ParameterNotFound"],
        "DeleteParameter": ["ParameterNotFound"],
        "LabelParameterVersion": [
            "ParameterNotFound",
            "ParameterVersionNotFound",
            "ParameterVersionLabelLimitExceeded",
        ],
        "UnlabelParameterVersion": ["ParameterNotFound", "ParameterVersionNotFound"],
        "AddTagsToResource": ["InvalidResourceId", "TooManyTagsError"],
        "RemoveTagsFromResource": ["InvalidResourceId"],
        "ListTagsForResource": ["InvalidResourceId"],
        # The content must suit the stored document's type; a version and a name must be new.
        "UpdateDocument": [
            "InvalidDocument",
            "InvalidDocumentContent",
            "InvalidDocumentSchemaVersion",
            "DuplicateDocumentContent",
            "DuplicateDocumentVersionName",
            "DocumentVersionLimitExceeded",
        ],
        "UpdateDocumentDefaultVersion": ["InvalidDocument", "InvalidDocumentVersion", "InvalidDocumentSchemaVersion"],
        "DeleteDocument": [
            "InvalidDocument",
            "InvalidDocumentVersion",
            "InvalidDocumentOperation",
            "AssociatedInstances",
        ],
        "DescribeDocument": ["InvalidDocument", "InvalidDocumentVersion"],
        "GetDocument": ["InvalidDocument", "InvalidDocumentVersion"],
        "ListDocumentVersions": ["InvalidDocument"],
        "DescribeDocumentPermission": ["InvalidDocument"],
        "ModifyDocumentPermission": ["InvalidDocument", "DocumentPermissionLimit"],
        "SendCommand": ["InvalidInstanceId", "UnsupportedPlatformType"],
        "CancelCommand": ["InvalidCommandId", "InvalidInstanceId"],
        "GetCommandInvocation": ["InvalidCommandId", "InvocationDoesNotExist", "InvalidPluginName"],
        "ListCommands": ["InvalidCommandId"],
        "ListCommandInvocations": ["InvalidCommandId"],
        "DeleteActivation": ["InvalidActivationId", "InvalidActivation"],
        "DeregisterManagedInstance": ["InvalidInstanceId"],
        "UpdateManagedInstanceRole": ["InvalidInstanceId"],
    }.items()
} | {operation: frozenset(codes) for capability in _LATER for operation, codes in capability.STATE_ERRORS.items()}


def requests(operation: str) -> RequestStrategy:
    """Valid requests for ``operation`` (the API name, e.g. ``"PutParameter"``), as boto3 keyword
    arguments; the module docstring says what valid promises. An SSM operation without a recipe
    here (see ``operations()``) gets requests that pass the model's checks only."""
    return _recipe(operation)


@cache
def _recipe(operation: str) -> RequestStrategy:
    build = _RECIPES.get(operation)
    if build is not None:
        return build()
    if operation not in model.operation_names():
        raise ValueError(f"{operation!r} is not an SSM operation; use the API name, e.g. 'GetParameter'")
    return model_requests(operation)


def model_requests(operation: str) -> RequestStrategy:
    """Requests that pass the model's checks for ``operation`` and nothing more: the handler's own
    rules may still refuse them."""
    shape = model.operation_model(operation).input_shape
    if shape is None:
        return st.just({})
    return shapes.structures(shape)


def operations() -> list[str]:
    """The operations whose ``requests`` keep the whole promise of the module docstring."""
    return sorted(_RECIPES)


# --- invalid requests ----------------------------------------------------------------------------

_NOT_MATCHING = ("!", " ", "#", "é", "\t", "$", "?", "a b")
_FILLERS = ("a", "0", "_", "A", "-", "/", " ")


def _breaks(shape: Shape) -> list[str]:
    """The constraints of a top-level member that boto3 leaves to the service, and that can be
    broken alone."""
    meta = shape.metadata
    found: list[str] = []
    if shape.type_name == "string":
        if getattr(shape, "enum", None):
            found.append("enum")
        if "pattern" in meta and _non_matching(shape) is not None:
            found.append("pattern")
        if "max" in meta and _too_long(shape) is not None:
            found.append("max")
    elif shape.type_name in ("integer", "long") and "max" in meta:
        found.append("max")
    elif shape.type_name == "list" and int(meta.get("max", 1000)) <= 60:
        found.append("max")  # longer ones (a thousand tags) would make slow examples
    return found


def _non_matching(shape: Shape) -> str | None:
    low, high = shapes.string_limits(shape)
    for text in _NOT_MATCHING:
        candidate = (text * max(1, low))[: max(low, len(text))]
        if low <= len(candidate) <= high and not shapes.matches(shape.metadata["pattern"], candidate):
            return candidate
    return None


def _too_long(shape: Shape) -> str | None:
    high = int(shape.metadata["max"])
    pattern = shape.metadata.get("pattern")
    for filler in _FILLERS:
        candidate = filler * (high + 1)
        if pattern is None or shapes.matches(pattern, candidate):
            return candidate
    return None


def _broken_value(shape: Shape, kind: str) -> st.SearchStrategy[Any]:
    if shape.type_name == "string":
        if kind == "enum":
            enum = set(shape.enum)
            return WORD.filter(lambda word: word not in enum)
        if kind == "pattern":
            return st.just(_non_matching(shape))
        return st.just(_too_long(shape))
    if shape.type_name in ("integer", "long"):
        high = int(shape.metadata["max"])
        return st.integers(high + 1, high + 1000)
    high = int(shape.metadata["max"])
    assert isinstance(shape, ListShape)
    element = shapes.from_shape(shape.member)
    return st.lists(element, min_size=high + 1, max_size=high + 1)


@cache
def _breakable_members(operation: str) -> list[tuple[str, str]]:
    input_shape = model.operation_model(operation).input_shape
    return [(name, kind) for name, member in input_shape.members.items() for kind in _breaks(member)]


def invalid_requests(operation: str) -> st.SearchStrategy[tuple[Request, str]]:
    """``(request, error_code)`` pairs: a valid request of ``operation`` with exactly one member
    breaking one constraint of the model (too long, too large, not matching its pattern or enum),
    and the code the service answers with (``ValidationException``)."""
    valid = requests(operation)
    if operation not in _RECIPES:
        raise ValueError(f"no invalid requests for {operation!r}; operations with them: {', '.join(operations())}")
    breakable = _breakable_members(operation)
    if not breakable:
        raise ValueError(f"{operation} has no constraint boto3 lets through to break")
    shape = model.operation_model(operation).input_shape

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[Request, str]:
        request = dict(draw(valid))
        name, kind = draw(st.sampled_from(breakable))
        request[name] = draw(_broken_value(shape.members[name], kind))
        return request, "ValidationException"

    return broken()
