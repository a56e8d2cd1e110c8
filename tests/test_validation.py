"""The service's generic input validation, seen through boto3 with client-side checks off."""

from __future__ import annotations

import re
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from ssm_fake.validation import compile_pattern, translate_pattern


def _error(call: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error: dict[str, str] = caught.value.response["Error"]
    return error


def test_every_pattern_in_the_model_compiles_in_python() -> None:
    service = botocore.session.get_session().get_service_model("ssm")
    patterns = {
        service.shape_for(name).metadata["pattern"]
        for name in service.shape_names
        if "pattern" in service.shape_for(name).metadata
    }
    assert len(patterns) > 40
    for pattern in patterns:
        assert isinstance(compile_pattern(pattern), re.Pattern), pattern


def test_unicode_categories_are_translated_faithfully() -> None:
    tag_pattern = compile_pattern(r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$")
    assert tag_pattern.fullmatch("Owner é 東京 ٣ + = @ : / _ .")
    assert tag_pattern.fullmatch("a\u00a0b")  # no-break space is a separator (Zs)
    assert not tag_pattern.fullmatch("tab\there")  # a control character is not
    assert not tag_pattern.fullmatch("semi;colon")
    assert "\\p{" not in translate_pattern(r"^[\p{L}\p{Z}\p{N}_.:/=\-@]*$|resource-groups:Name")


def test_punctuation_and_marks_categories_and_java_class_dashes_translate() -> None:
    display_name = compile_pattern(r"^([\p{L}\p{Z}\p{N}\p{P}\p{M}]*)$")
    assert display_name.fullmatch("Café déjà vu, (prod) — é\u0301!")
    assert not display_name.fullmatch("cost: $5")  # $ is a symbol (Sc), not punctuation
    role = compile_pattern(r"^arn:aws[a-z0-9-]*:iam::\d{12}:role\/[\w-\/.@+=,]{1,1017}$")
    assert role.fullmatch("arn:aws:iam::123456789012:role/team-a/deploy")
    assert not role.fullmatch("arn:aws:iam::123456789012:role/has space")


def test_missing_required_member_is_reported_as_not_null(raw_client: Any) -> None:
    error = _error(raw_client.list_tags_for_resource, ResourceType="Parameter")
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "1 validation error detected: Value null at 'resourceId' failed to satisfy constraint: Member must not be null"
    )


def test_enum_violation_lists_the_allowed_values(raw_client: Any) -> None:
    model = botocore.session.get_session().get_service_model("ssm")
    allowed = ", ".join(model.shape_for("ResourceTypeForTagging").enum)
    error = _error(raw_client.list_tags_for_resource, ResourceType="Bucket", ResourceId="x")
    assert error["Message"] == (
        "1 validation error detected: Value 'Bucket' at 'resourceType' failed to satisfy constraint: "
        f"Member must satisfy enum value set: [{allowed}]"
    )
    assert "Document, ManagedInstance, MaintenanceWindow, Parameter" in allowed


def test_several_errors_are_counted_and_joined_with_paths_into_lists(raw_client: Any) -> None:
    error = _error(
        raw_client.add_tags_to_resource,
        ResourceType="Parameter",
        ResourceId="p",
        Tags=[{"Key": "ok", "Value": "fine"}, {"Key": "", "Value": "v" * 257}],
    )
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("2 validation errors detected: ")
    parts = error["Message"].removeprefix("2 validation errors detected: ").split("; ")
    assert parts == [
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        f"Value '{'v' * 257}' at 'tags.2.member.value' failed to satisfy constraint: "
        "Member must have length less than or equal to 256",
    ]


def test_pattern_violation_quotes_the_models_pattern(raw_client: Any) -> None:
    error = _error(
        raw_client.add_tags_to_resource, ResourceType="Parameter", ResourceId="p", Tags=[{"Key": "a;b", "Value": "v"}]
    )
    assert error["Message"] == (
        "1 validation error detected: Value 'a;b' at 'tags.1.member.key' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$"
    )


def test_list_size_limits_apply(raw_client: Any) -> None:
    tags = [{"Key": f"k{i}", "Value": ""} for i in range(1001)]
    error = _error(raw_client.add_tags_to_resource, ResourceType="Parameter", ResourceId="p", Tags=tags)
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("1 validation error detected: Value '[")
    assert error["Message"].endswith(
        "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 1000"
    )


def test_length_counts_utf16_code_units_like_the_service(raw_client: Any) -> None:
    # 128 emoji are 256 UTF-16 units: over the 128 limit although Python counts 128 characters.
    error = _error(
        raw_client.add_tags_to_resource,
        ResourceType="Parameter",
        ResourceId="p",
        Tags=[{"Key": "😀" * 64 + "a", "Value": ""}],
    )
    assert "Member must have length less than or equal to 128" in error["Message"]


def test_numeric_range_is_checked(raw_client: Any) -> None:
    error = _error(raw_client.describe_parameters, MaxResults=0)
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"
    )


def test_a_value_of_the_wrong_json_type_is_a_serialization_error(raw_client: Any) -> None:
    error = _error(raw_client.list_tags_for_resource, ResourceType="Parameter", ResourceId=["not", "a", "string"])
    assert error["Code"] == "SerializationException"
    assert "resourceId" in error["Message"]


def test_a_list_of_strings_reports_element_constraints_once(raw_client: Any) -> None:
    error = _error(
        raw_client.remove_tags_from_resource, ResourceType="Parameter", ResourceId="p", TagKeys=["", "x" * 129, ""]
    )
    assert error["Message"] == (
        "1 validation error detected: Value '[, " + "x" * 129 + ", ]' at 'tagKeys' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must have length greater than or equal to 1, "
        "Member must have length less than or equal to 128]"
    )


def test_a_null_in_a_list_is_reported_not_crashed_on(raw_client: Any) -> None:
    error = _error(raw_client.delete_parameters, Names=["p", None])
    assert error["Code"] == "ValidationException"
    assert error["Message"] == (
        "1 validation error detected: Value '[p, null]' at 'names' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must not be null]"
    )
