"""CreateDocument: content in JSON and YAML, schema versions, plugins, parameters, names, limits."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from document_samples import automation, command, command_body, create, error_code, error_message


def test_create_describes_the_new_document(ssm_client: Any) -> None:
    content = command("echo {{ greeting }}", parameters={"greeting": {"type": "String", "default": "hello"}})
    description = create(ssm_client, "Greeter", content, Tags=[{"Key": "team", "Value": "ops"}])
    assert description["Name"] == "Greeter"
    assert description["Hash"] == hashlib.sha256(content.encode()).hexdigest()
    assert description["HashType"] == "Sha256"
    assert description["Owner"] == "123456789012"
    assert description["Status"] == "Active"
    assert description["DocumentType"] == "Command"
    assert description["DocumentFormat"] == "JSON"
    assert description["SchemaVersion"] == "2.2"
    assert description["DocumentVersion"] == description["LatestVersion"] == description["DefaultVersion"] == "1"
    assert description["PlatformTypes"] == ["Linux", "MacOS"]
    assert description["Description"] == "Runs a shell command."
    assert description["Parameters"] == [{"Name": "greeting", "Type": "String", "DefaultValue": "hello"}]
    assert description["Tags"] == [{"Key": "team", "Value": "ops"}]


def test_content_is_returned_exactly_as_submitted(ssm_client: Any) -> None:
    content = (
        '{ "schemaVersion":"2.2",\n'
        '  "mainSteps":[{"action":"aws:runShellScript","name":"a","inputs":{"runCommand":["ls"]}}]}'
    )
    create(ssm_client, "Spaced", content)
    assert ssm_client.get_document(Name="Spaced")["Content"] == content


def test_yaml_content(ssm_client: Any) -> None:
    content = """schemaVersion: '2.2'
description: YAML document
parameters:
  who:
    type: String
    allowedValues: [world, moon]
mainSteps:
  - action: aws:runPowerShellScript
    name: greet
    inputs:
      runCommand:
        - Write-Output 'hello {{ who }}'
"""
    description = create(ssm_client, "YamlDoc", content, DocumentFormat="YAML")
    assert description["DocumentFormat"] == "YAML"
    assert description["PlatformTypes"] == ["Windows", "Linux"]
    assert description["Hash"] == hashlib.sha256(content.encode()).hexdigest()
    document = ssm_client.get_document(Name="YamlDoc")
    assert document["Content"] == content
    assert document["DocumentFormat"] == "YAML"


def test_get_document_converts_between_json_and_yaml(ssm_client: Any) -> None:
    create(ssm_client, "Convertible", command("uptime"))
    as_yaml = ssm_client.get_document(Name="Convertible", DocumentFormat="YAML")
    assert as_yaml["DocumentFormat"] == "YAML"
    assert "runCommand:\n" in as_yaml["Content"] and "- uptime" in as_yaml["Content"]
    as_json = ssm_client.get_document(Name="Convertible", DocumentFormat="JSON")
    assert json.loads(as_json["Content"]) == command_body("uptime")


def test_yaml_content_sent_as_json_is_invalid(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(ssm_client, "Wrong", "schemaVersion: '2.2'\nmainSteps: []\n")
    assert error_message(exc) == "JSON not well-formed. at Line: 1, Column: 1"  # aws-samples/aws-batch-genomics 14


def test_schema_1_2_document_with_runtime_config(ssm_client: Any) -> None:
    content = json.dumps(
        {
            "schemaVersion": "1.2",
            "runtimeConfig": {
                "aws:runShellScript": {"properties": [{"id": "0.aws:runShellScript", "runCommand": ["date"]}]},
                "aws:runPowerShellScript": {"properties": [{"runCommand": "Get-Date", "timeoutSeconds": "60"}]},
            },
        }
    )
    description = create(ssm_client, "OldSchool", content)
    assert description["SchemaVersion"] == "1.2"
    assert description["PlatformTypes"] == ["Windows", "Linux", "MacOS"]


@pytest.mark.parametrize(
    ("document_type", "content", "schema", "platforms"),
    [
        ("Automation", automation(), "0.3", ["Windows", "Linux", "MacOS"]),
        ("Policy", command(schemaVersion="2.0"), "2.0", ["Linux", "MacOS"]),
        (
            "Session",
            json.dumps({"schemaVersion": "1.0", "sessionType": "Standard_Stream", "inputs": {}}),
            "1.0",
            ["Windows", "Linux", "MacOS"],
        ),
        ("ApplicationConfiguration", json.dumps({"featureFlag": True}), None, []),
    ],
)
def test_other_document_types(
    ssm_client: Any, document_type: str, content: str, schema: str | None, platforms: list[str]
) -> None:
    description = create(ssm_client, f"Doc-{document_type}", content, DocumentType=document_type)
    assert description["DocumentType"] == document_type
    assert description.get("SchemaVersion") == schema
    assert description["PlatformTypes"] == platforms


def test_text_documents_for_types_that_take_text(ssm_client: Any) -> None:
    calendar = "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n"
    create(ssm_client, "Calendar", calendar, DocumentType="ChangeCalendar", DocumentFormat="TEXT")
    assert ssm_client.get_document(Name="Calendar")["Content"] == calendar
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(ssm_client, "TextCommand", "echo hi", DocumentFormat="TEXT")
    assert "TEXT" in error_message(exc)


@pytest.mark.parametrize(
    ("document_type", "schema"),
    [("Command", "3.0"), ("Command", "0.3"), ("Automation", "2.2"), ("Policy", "1.0"), ("Session", "2.2")],
)
def test_unsupported_schema_version(ssm_client: Any, document_type: str, schema: str) -> None:
    content = command(schemaVersion=schema)
    with pytest.raises(ssm_client.exceptions.InvalidDocumentSchemaVersion) as exc:
        create(ssm_client, "BadSchema", content, DocumentType=document_type)
    assert schema in error_message(exc)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"mainSteps": []}, "no schemaVersion"),
        ({"schemaVersion": "2.2"}, "mainSteps"),
        ({"schemaVersion": "2.2", "mainSteps": []}, "mainSteps"),
        ({"schemaVersion": "1.2"}, "runtimeConfig"),
        ({"schemaVersion": "1.2", "runtimeConfig": {"aws:runShellScript": {"runCommand": "ls"}}}, "properties"),
        (command_body(extra="x"), "extra"),
        ({"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript", "inputs": {}}]}, "name"),
        (
            {"schemaVersion": "2.2", "mainSteps": [{"action": "aws:teleport", "name": "t", "inputs": {}}]},
            "Unknown plugin aws:teleport",
        ),
        (
            {"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript", "name": "t", "inputs": {}}]},
            "missing required properties: runCommand",
        ),
        (
            {
                "schemaVersion": "2.2",
                "mainSteps": [
                    {"action": "aws:runShellScript", "name": "t", "inputs": {"runCommand": [], "shell": "zsh"}}
                ],
            },
            "does not accept properties: shell",
        ),
        ({"schemaVersion": "2.2", "mainSteps": [{"action": "aws:runShellScript", "name": "t"}]}, "needs inputs"),
        (
            {
                "schemaVersion": "2.2",
                "mainSteps": [
                    {"action": "aws:runShellScript", "name": "t", "inputs": {"runCommand": ["a"]}},
                    {"action": "aws:runShellScript", "name": "t", "inputs": {"runCommand": ["b"]}},
                ],
            },
            "more than once",
        ),
        (
            {
                "schemaVersion": "2.0",
                "mainSteps": [
                    {
                        "action": "aws:runShellScript",
                        "name": "t",
                        "precondition": {"StringEquals": ["platformType", "Linux"]},
                        "inputs": {"runCommand": ["a"]},
                    }
                ],
            },
            "2.2",
        ),
        # the service's words (CrowdStrike/aws-ssm-distributor issue 66)
        (command_body("echo {{ missing }}"), 'Parameter "missing" is not declared.'),
        ([1, 2], "must be an object"),
    ],
)
def test_invalid_command_content(ssm_client: Any, body: Any, expected: str) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(ssm_client, "Broken", json.dumps(body))
    assert expected in error_message(exc)


# Today's "Command document plugin reference" (user guide) wins where it differs from the 2014
# API reference: domainJoin needs directoryId and dnsIpAddresses (directoryOU is optional),
# psModule needs source, updateAgent/updateSsmAgent need agentName and source (and
# updateSsmAgent allowDowngrade), runDocument needs only documentType.
_JOIN = {"directoryId": "d-1234567890", "directoryName": "corp.example.com", "dnsIpAddresses": ["10.0.0.2"]}
_SSM_AGENT = {"agentName": "amazon-ssm-agent", "source": "https://s3.{Region}.amazonaws.com/m.json"}


@pytest.mark.parametrize(
    ("plugin", "properties", "expected"),
    [
        ("aws:applications", {"action": "Install"}, "missing required properties: source"),
        ("aws:applications", {"action": "Install", "source": "https://x/y.msi", "sourceHash": "h"}, None),
        (
            "aws:domainJoin",
            {"directoryName": "corp.example.com"},
            "missing required properties: directoryId, dnsIpAddresses",
        ),
        ("aws:domainJoin", _JOIN, None),
        ("aws:domainJoin", {**_JOIN, "directoryOU": "OU=test,DC=example,DC=com"}, None),
        ("aws:psModule", {"runCommand": "Get-Module", "source": "https://x/m.zip"}, None),
        ("aws:psModule", {"runCommand": "Get-Module"}, "missing required properties: source"),
        ("aws:psModule", {"source": "x", "module": "x"}, "does not accept properties: module"),
        ("aws:updateAgent", {**_SSM_AGENT, "agentName": "Ec2Config", "allowDowngrade": "true"}, None),
        (
            "aws:updateAgent",
            {"allowDowngrade": "true", "targetVersion": "4.0"},
            "missing required properties: agentName, source",
        ),
        ("aws:updateSSMAgent", {**_SSM_AGENT, "allowDowngrade": "false", "targetVersion": "3.0"}, None),
        (
            "aws:updateSsmAgent",
            {"targetVersion": "3.0"},
            "missing required properties: agentName, allowDowngrade, source",
        ),
        (
            "aws:updateSSMAgent",
            {**_SSM_AGENT, "allowDowngrade": "false", "Version": "3.0"},
            "does not accept properties: Version",
        ),
        ("aws:cloudWatch", {"EngineConfiguration": {"PollInterval": "00:00:15"}}, None),
    ],
)
def test_plugin_properties_from_the_reference(
    ssm_client: Any, plugin: str, properties: dict[str, Any], expected: str | None
) -> None:
    content = json.dumps({"schemaVersion": "1.2", "runtimeConfig": {plugin: {"properties": [properties]}}})
    if expected is None:
        assert create(ssm_client, "PluginDoc", content)["PlatformTypes"]
        return
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(ssm_client, "PluginDoc", content)
    assert expected in error_message(exc)


def test_run_document_needs_only_the_document_type(ssm_client: Any) -> None:
    step = {"action": "aws:runDocument", "name": "nested", "inputs": {"documentType": "SSMDocument"}}
    content = json.dumps({"schemaVersion": "2.2", "mainSteps": [step]})
    assert create(ssm_client, "Nested", content)["PlatformTypes"] == ["Windows", "Linux"]


@pytest.mark.parametrize(
    ("action", "inputs", "platforms"),
    [
        ("aws:domainJoin", _JOIN, ["Windows", "Linux"]),
        ("aws:configurePackage", {"name": "AmazonCloudWatchAgent", "action": "Install"}, ["Windows", "Linux"]),
        ("aws:downloadContent", {"sourceType": "S3", "sourceInfo": {"path": "https://x/y"}}, ["Windows", "Linux"]),
        ("aws:refreshAssociation", {}, ["Windows", "Linux", "MacOS"]),
        ("aws:psModule", {"source": "https://x/m.zip"}, ["Windows"]),
    ],
)
def test_platform_types_follow_the_plugins(
    ssm_client: Any, action: str, inputs: dict[str, Any], platforms: list[str]
) -> None:
    content = json.dumps({"schemaVersion": "2.2", "mainSteps": [{"action": action, "name": "step", "inputs": inputs}]})
    assert create(ssm_client, "Platforms", content)["PlatformTypes"] == platforms


def test_policy_documents_need_schema_2_0_or_later(ssm_client: Any) -> None:
    legacy = json.dumps(
        {"schemaVersion": "1.2", "runtimeConfig": {"aws:runShellScript": {"properties": [{"runCommand": "ls"}]}}}
    )
    with pytest.raises(ssm_client.exceptions.InvalidDocumentSchemaVersion) as exc:
        create(ssm_client, "OldPolicy", legacy, DocumentType="Policy")
    assert "1.2" in error_message(exc) and "2.0, 2.2" in error_message(exc)
    assert create(ssm_client, "OldCommand", legacy)["SchemaVersion"] == "1.2"


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"bad-name": {"type": "String"}}, "bad-name"),
        ({"p": "String"}, "declared as an object"),
        ({"p": {"description": "no type"}}, "has no type"),
        ({"p": {"type": "Float"}}, "'Float', which is not supported"),
        ({"p": {"type": "String", "colour": "red"}}, "unknown attributes: colour"),
        ({"p": {"type": "Integer", "default": "ten"}}, "not a valid Integer"),
        ({"p": {"type": "Boolean", "default": "yes"}}, "not a valid Boolean"),
        ({"p": {"type": "StringList", "default": "a"}}, "not a valid StringList"),
        ({"p": {"type": "String", "default": "c", "allowedValues": ["a", "b"]}}, "not one of its allowed values"),
        ({"p": {"type": "String", "default": "x1", "allowedPattern": "^[a-z]+$"}}, "does not match"),
        ({"p": {"type": "String", "allowedPattern": "(unclosed"}}, "not a valid regular expression"),
        ({"p": {"type": "String", "allowedValues": []}}, "non-empty list"),
        ({"p": {"type": "StringList", "minItems": -1}}, "minItems"),
        ("not an object", "parameters must be an object"),
    ],
)
def test_invalid_parameter_declarations(ssm_client: Any, parameters: Any, expected: str) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(ssm_client, "BadParameters", command(parameters=parameters))
    assert expected in error_message(exc)


def test_every_parameter_type_is_declared_and_described(ssm_client: Any) -> None:
    parameters = {
        "text": {"type": "String", "default": "", "description": "empty default"},
        "items": {"type": "StringList", "default": ["a", "b"]},
        "flag": {"type": "Boolean", "default": True},
        "count": {"type": "Integer", "default": 3, "allowedValues": [1, 3]},
        "rows": {"type": "MapList", "default": [{"k": "v"}]},
        "settings": {"type": "StringMap", "default": {"k": "v"}},
        "required": {"type": "String"},
    }
    described = {p["Name"]: p for p in create(ssm_client, "Typed", command(parameters=parameters))["Parameters"]}
    assert described["text"] == {"Name": "text", "Type": "String", "Description": "empty default", "DefaultValue": ""}
    assert described["items"]["Type"] == "StringList" and described["items"]["DefaultValue"] == '["a","b"]'
    assert described["flag"]["DefaultValue"] == "true"
    assert described["count"]["DefaultValue"] == "3"
    assert described["rows"]["Type"] == "StringList"
    assert described["settings"]["DefaultValue"] == '{"k":"v"}'
    assert "DefaultValue" not in described["required"]


def test_automation_steps_are_checked(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(
            ssm_client,
            "BadAutomation",
            automation({"name": "x", "action": "aws:runShellScript"}),
            DocumentType="Automation",
        )
    assert "not an Automation action" in error_message(exc)
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent):
        create(ssm_client, "NoSteps", json.dumps({"schemaVersion": "0.3"}), DocumentType="Automation")


def test_session_documents_need_a_session_type(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent) as exc:
        create(ssm_client, "BadSession", json.dumps({"schemaVersion": "1.0"}), DocumentType="Session")
    assert "sessionType" in error_message(exc)


def test_document_already_exists(ssm_client: Any) -> None:
    create(ssm_client, "Twice")
    with pytest.raises(ssm_client.exceptions.DocumentAlreadyExists):
        create(ssm_client, "Twice")


@pytest.mark.parametrize(
    "name",
    [
        "AWS-MyDoc",
        "aws-lower",
        "AWSEC2-Thing",
        "AWSConfigRemediation-X",
        "AWSSupport-Y",
        "Amazon-Doc",
        "amzn-doc",
        "AmazonCloudWatch-Custom",
    ],
)
def test_reserved_name_prefixes(ssm_client: Any, name: str) -> None:
    with pytest.raises(ClientError) as exc:
        create(ssm_client, name)
    assert error_code(exc) == "ValidationException"
    assert "reserved" in error_message(exc)


def test_name_pattern_is_validated(raw_client: Any) -> None:
    with pytest.raises(ClientError) as exc:
        raw_client.create_document(Name="no spaces allowed", Content=command())
    assert error_code(exc) == "ValidationException"


def test_content_of_64_kb_is_accepted_and_more_is_refused(ssm_client: Any) -> None:
    base = command("x")
    padding = 64 * 1024 - len(base.encode())
    create(ssm_client, "Largest", base.replace('"x"', '"' + "x" * (padding + 1) + '"'))
    too_big = base.replace('"x"', '"' + "x" * (padding + 2) + '"')
    with pytest.raises(ssm_client.exceptions.MaxDocumentSizeExceeded) as exc:
        create(ssm_client, "TooLarge", too_big)
    assert "64 KB" in error_message(exc)


def test_document_limit(ssm_client: Any) -> None:
    content = command()
    for index in range(500):
        ssm_client.create_document(Name=f"Doc{index:03}", Content=content)
    with pytest.raises(ssm_client.exceptions.DocumentLimitExceeded):
        create(ssm_client, "OneTooMany", content)
    ssm_client.delete_document(Name="Doc000")
    create(ssm_client, "FitsAgain", content)


def test_tags_on_create_are_checked(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as exc:
        create(ssm_client, "Tagged", Tags=[{"Key": "aws:reserved", "Value": "x"}])
    assert error_code(exc) == "ValidationException"
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.describe_document(Name="Tagged")


def test_document_tags_through_the_tag_actions(ssm_client: Any) -> None:
    create(ssm_client, "Tagged", Tags=[{"Key": "a", "Value": "1"}])
    ssm_client.add_tags_to_resource(ResourceType="Document", ResourceId="Tagged", Tags=[{"Key": "b", "Value": "2"}])
    ssm_client.remove_tags_from_resource(ResourceType="Document", ResourceId="Tagged", TagKeys=["a"])
    listed = ssm_client.list_tags_for_resource(ResourceType="Document", ResourceId="Tagged")["TagList"]
    assert listed == [{"Key": "b", "Value": "2"}]
    assert ssm_client.describe_document(Name="Tagged")["Document"]["Tags"] == listed
    with pytest.raises(ssm_client.exceptions.InvalidResourceId):
        ssm_client.list_tags_for_resource(ResourceType="Document", ResourceId="AWS-RunShellScript")


def test_display_name_version_name_target_type_and_requires(ssm_client: Any) -> None:
    description = create(
        ssm_client,
        "Rich",
        DisplayName="Rich document",
        VersionName="Release-1.0",
        TargetType="/AWS::EC2::Instance",
        Requires=[{"Name": "SchemaDoc", "Version": "1"}],
    )
    assert description["DisplayName"] == "Rich document"
    assert description["VersionName"] == "Release-1.0"
    assert description["TargetType"] == "/AWS::EC2::Instance"
    assert description["Requires"] == [{"Name": "SchemaDoc", "Version": "1"}]
    got = ssm_client.get_document(Name="Rich", VersionName="Release-1.0")
    assert got["DisplayName"] == "Rich document" and got["DocumentVersion"] == "1"


def test_yaml_values_without_a_json_form_are_kept_as_text(ssm_client: Any) -> None:
    content = "schemaVersion: '1.0'\nsessionType: Standard_Stream\ninputs:\n  since: 2024-01-31\n  7: seven\n"
    create(ssm_client, "YamlDates", content, DocumentType="Session", DocumentFormat="YAML")
    as_json = json.loads(ssm_client.get_document(Name="YamlDates", DocumentFormat="JSON")["Content"])
    assert as_json["inputs"] == {"since": "2024-01-31", "7": "seven"}


@pytest.mark.parametrize("document_format", ["JSON", "YAML"])
def test_deeply_nested_content_is_invalid(ssm_client: Any, document_format: str) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent):
        create(ssm_client, "Deep", "[" * 20000 + "]" * 20000, DocumentFormat=document_format)
