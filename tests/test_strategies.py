"""ssm_fake.strategies keeps its promises: what it generates, the fake accepts (500 examples per
strategy), and every invalid request is refused with the error it advertises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssm_fake import mock_ssm
from ssm_fake.backend.commands.outcomes import FINAL_STATES
from ssm_fake.strategies import (
    STATE_ERRORS,
    command_outcomes,
    documents,
    invalid_requests,
    labels,
    operations,
    parameter_names,
    parameter_values,
    requests,
    tags,
)

CLIENT = boto3.client("ssm", region_name="us-east-1")  # created before any mock: still intercepted
# 500 per strategy, as promised; more under a profile that asks for more.
MANY = settings(max_examples=max(500, settings().max_examples), suppress_health_check=[HealthCheck.too_slow])


@MANY
@given(name=parameter_names())
def test_every_generated_name_is_accepted(name: str) -> None:
    with mock_ssm():
        CLIENT.put_parameter(Name=name, Value="v", Type="String")
        assert CLIENT.get_parameter(Name=name)["Parameter"]["Value"] == "v"


@settings(max_examples=max(100, settings().max_examples))
@given(data=st.data(), hierarchical=st.booleans(), depth=st.integers(1, 15))
def test_names_have_the_shape_asked_for(data: st.DataObject, hierarchical: bool, depth: int) -> None:
    name = data.draw(parameter_names(hierarchical=hierarchical, max_depth=depth))
    assert name.startswith("/") == hierarchical
    assert name.count("/") <= depth


@MANY
@given(
    data=st.data(),
    kind=st.sampled_from(["String", "StringList", "SecureString"]),
    tier=st.sampled_from(["Standard", "Advanced"]),
)
def test_every_generated_value_is_accepted_and_reads_back_unchanged(data: st.DataObject, kind: str, tier: str) -> None:
    value = data.draw(parameter_values(type=kind, tier=tier))
    with mock_ssm():
        CLIENT.put_parameter(Name="/p", Value=value, Type=kind, Tier=tier)
        read = CLIENT.get_parameter(Name="/p", WithDecryption=True)["Parameter"]
        assert (read["Value"], read["Type"]) == (value, kind)


@settings(max_examples=max(100, settings().max_examples))
@given(data=st.data(), data_type=st.sampled_from(["text", "integer", "boolean", "aws:account:id", "ipv4-address"]))
def test_values_of_each_data_type_are_accepted(data: st.DataObject, data_type: str) -> None:
    value = data.draw(parameter_values(data_type=data_type))
    with mock_ssm():
        CLIENT.put_parameter(Name="/typed", Value=value, Type="String", DataType=data_type)
        assert CLIENT.get_parameter(Name="/typed")["Parameter"]["DataType"] == data_type


@MANY
@given(label=labels())
def test_every_generated_label_is_accepted(label: str) -> None:
    with mock_ssm():
        CLIENT.put_parameter(Name="/p", Value="v", Type="String")
        reply = CLIENT.label_parameter_version(Name="/p", Labels=[label])
        assert reply["InvalidLabels"] == []
        assert CLIENT.get_parameter(Name=f"/p:{label}")["Parameter"]["Selector"] == f":{label}"


@MANY
@given(tag_list=tags(max_size=8))
def test_every_generated_tag_list_is_accepted(tag_list: list[dict[str, str]]) -> None:
    with mock_ssm():
        CLIENT.put_parameter(Name="/p", Value="v", Type="String")
        if tag_list:
            CLIENT.add_tags_to_resource(ResourceType="Parameter", ResourceId="/p", Tags=tag_list)
        listed = CLIENT.list_tags_for_resource(ResourceType="Parameter", ResourceId="/p")["TagList"]
        assert sorted((t["Key"], t["Value"]) for t in listed) == sorted((t["Key"], t["Value"]) for t in tag_list)


@MANY
@given(
    data=st.data(),
    document_type=st.sampled_from(["Command", "Policy", "Automation", "Session"]),
    document_format=st.sampled_from(["JSON", "YAML"]),
)
def test_every_generated_document_is_accepted(data: st.DataObject, document_type: str, document_format: str) -> None:
    content = data.draw(documents(document_type=document_type, format=document_format))
    with mock_ssm():
        described = CLIENT.create_document(
            Name="generated", Content=content, DocumentType=document_type, DocumentFormat=document_format
        )["DocumentDescription"]
        assert (described["DocumentType"], described["DocumentFormat"]) == (document_type, document_format)
        got = CLIENT.get_document(Name="generated")
        assert got["Content"] == content


@settings(max_examples=max(100, settings().max_examples))
@given(data=st.data(), schema_version=st.sampled_from(["1.2", "2.0", "2.2"]))
def test_command_documents_of_each_schema_version_run(data: st.DataObject, schema_version: str) -> None:
    content = data.draw(documents(schema_version=schema_version))
    with mock_ssm() as ssm:
        ssm.add_instance("i-0123456789abcdef0", platform="Linux")
        CLIENT.create_document(Name="generated", Content=content)
        described = CLIENT.describe_document(Name="generated")["Document"]
        assert described["SchemaVersion"] == schema_version
        if "Linux" in described["PlatformTypes"]:
            command = CLIENT.send_command(DocumentName="generated", InstanceIds=["i-0123456789abcdef0"])["Command"]
            assert command["DocumentName"] == "generated"


@MANY
@given(outcome=command_outcomes())
def test_every_generated_command_outcome_shows_in_the_invocation(outcome: dict[str, Any]) -> None:
    with mock_ssm() as ssm:
        ssm.clock.freeze()
        instance = ssm.add_instance(platform="Linux")
        ssm.set_command_outcome(**outcome)
        command = CLIENT.send_command(
            DocumentName="AWS-RunShellScript", InstanceIds=[instance], Parameters={"commands": ["true"]}
        )["Command"]
        ssm.clock.advance(outcome["duration"] + 1)
        invocation = CLIENT.get_command_invocation(CommandId=command["CommandId"], InstanceId=instance)
        expected_status, expected_details = FINAL_STATES[outcome["status"]]
        assert (invocation["Status"], invocation["StatusDetails"]) == (expected_status, expected_details)
        assert invocation["StandardOutputContent"] == outcome["stdout"]
        assert invocation["ResponseCode"] == outcome["response_code"]


# --- requests and invalid requests ----------------------------------------------------------------


def _call(request: dict[str, Any], operation: str) -> dict[str, Any]:
    result: dict[str, Any] = getattr(CLIENT, xform_name(operation))(**request)
    return result


@pytest.mark.parametrize("operation", operations())
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_requests_pass_every_check_and_fail_only_for_missing_resources(operation: str, data: st.DataObject) -> None:
    request = data.draw(requests(operation))
    with mock_ssm():
        try:
            _call(request, operation)
        except ClientError as error:
            code = error.response["Error"]["Code"]
            assert code in STATE_ERRORS.get(operation, ()), (request, error.response["Error"])


def _has_invalid_requests(operation: str) -> bool:
    try:
        invalid_requests(operation)
    except ValueError:
        return False
    return True


def test_every_operation_with_requests_has_invalid_requests_but_the_batch_one() -> None:
    """CreateAssociationBatch's one member, Entries, has no constraint boto3 lets through: its
    limits are all inside the entries."""
    assert [operation for operation in operations() if not _has_invalid_requests(operation)] == [
        "CreateAssociationBatch"
    ]
    with pytest.raises(ValueError, match="no constraint boto3 lets through"):
        invalid_requests("CreateAssociationBatch")


@pytest.mark.parametrize("operation", [operation for operation in operations() if _has_invalid_requests(operation)])
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_invalid_requests_are_refused_with_the_advertised_error(operation: str, data: st.DataObject) -> None:
    request, code = data.draw(invalid_requests(operation))
    with mock_ssm(), pytest.raises(ClientError) as refused:
        _call(request, operation)
    error = refused.value.response["Error"]
    assert error["Code"] == code
    assert error["Message"].startswith("1 validation error detected: Value "), error["Message"]
    assert " failed to satisfy constraint: Member must " in error["Message"]


def test_the_guide_lists_exactly_the_operations_with_recipes() -> None:
    text = (Path(__file__).parent.parent / "docs" / "property-testing.md").read_text(encoding="utf-8")
    table = text[text.index("| capability | operations |") :].split("\n\n")[0].splitlines()[2:]
    listed = [
        operation.strip()
        for row in table
        for operation in row.split("|")[2].replace("(parameters and documents)", "").split(",")
    ]
    assert sorted(listed) == operations()


def test_requests_for_a_name_that_is_not_an_operation_say_so() -> None:
    with pytest.raises(ValueError, match="not an SSM operation"):
        requests("GetParamter")


# --- a fresh fake per example: the patterns docs/property-testing.md shows ----------------------


@settings(max_examples=max(30, settings().max_examples))
@given(name=parameter_names())
@mock_ssm
def test_given_above_mock_ssm_gives_every_example_an_empty_fake(name: str) -> None:
    assert CLIENT.describe_parameters()["Parameters"] == []
    CLIENT.put_parameter(Name=name, Value="v", Type="String")


@settings(max_examples=max(30, settings().max_examples))
@given(name=parameter_names())
def test_mock_ssm_in_the_body_gives_every_example_an_empty_fake(name: str) -> None:
    with mock_ssm():
        assert CLIENT.describe_parameters()["Parameters"] == []
        CLIENT.put_parameter(Name=name, Value="v", Type="String")


@settings(max_examples=max(30, settings().max_examples), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=parameter_names())
def test_with_the_fixture_each_example_resets_the_one_fake(ssm_fake: Any, name: str) -> None:
    """The fixture is made once for all examples: without reset() they would share its state."""
    ssm_fake.reset()
    assert CLIENT.describe_parameters()["Parameters"] == []
    CLIENT.put_parameter(Name=name, Value="v", Type="String")


def test_without_a_fresh_fake_examples_would_share_state(ssm_fake: Any) -> None:
    """Why the patterns matter: a mock started inside an active one joins its state."""
    CLIENT.put_parameter(Name="/left/over", Value="v", Type="String")
    with mock_ssm():
        assert [p["Name"] for p in CLIENT.describe_parameters()["Parameters"]] == ["/left/over"]


# --- importing -------------------------------------------------------------------------------------


def test_importing_the_package_does_not_import_the_strategies_or_hypothesis() -> None:
    code = "import sys, ssm_fake; print('ssm_fake.strategies' in sys.modules, 'hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_importing_the_strategies_without_hypothesis_says_what_to_install() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'hypothesis' or name.startswith('hypothesis.'):\n"
        "            raise ImportError('No module named ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import ssm_fake.strategies\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert 'pip install "ssm_fake[hypothesis]"' in result.stderr
