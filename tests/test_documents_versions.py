"""Versions: UpdateDocument, default versions, version selectors, ListDocumentVersions, DeleteDocument."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from document_samples import command, create, error_code, error_message


def _versions(client: Any, name: str) -> list[str]:
    return [v["DocumentVersion"] for v in client.list_document_versions(Name=name)["DocumentVersions"]]


def test_update_creates_the_next_version(ssm_client: Any) -> None:
    create(ssm_client, "Evolving", command("echo 1"), DisplayName="First")
    updated = ssm_client.update_document(Name="Evolving", Content=command("echo 2"), DocumentVersion="$LATEST")
    description = updated["DocumentDescription"]
    assert description["DocumentVersion"] == description["LatestVersion"] == "2"
    assert description["DefaultVersion"] == "1"
    assert description["DisplayName"] == "First"  # kept when the update doesn't give one
    default = ssm_client.describe_document(Name="Evolving")["Document"]
    assert default["DocumentVersion"] == "1" and default["LatestVersion"] == "2"
    assert json.loads(ssm_client.get_document(Name="Evolving")["Content"])["mainSteps"][0]["inputs"]["runCommand"] == [
        "echo 1"
    ]
    latest = ssm_client.get_document(Name="Evolving", DocumentVersion="$LATEST")
    assert latest["DocumentVersion"] == "2" and "echo 2" in latest["Content"]
    assert ssm_client.get_document(Name="Evolving", DocumentVersion="2")["Content"] == latest["Content"]
    assert (
        ssm_client.describe_document(Name="Evolving", DocumentVersion="$DEFAULT")["Document"]["DocumentVersion"] == "1"
    )


def test_update_without_a_version_updates_the_latest(ssm_client: Any) -> None:
    create(ssm_client, "Implicit", command("echo 1"))
    ssm_client.update_document(Name="Implicit", Content=command("echo 2"))
    ssm_client.update_document(Name="Implicit", Content=command("echo 3"), DocumentVersion="2")
    assert _versions(ssm_client, "Implicit") == ["1", "2", "3"]


def test_only_the_latest_version_can_be_updated(ssm_client: Any) -> None:
    create(ssm_client, "OldVersion", command("echo 1"))
    ssm_client.update_document(Name="OldVersion", Content=command("echo 2"))
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion) as exc:
        ssm_client.update_document(Name="OldVersion", Content=command("echo 3"), DocumentVersion="1")
    assert "latest" in error_message(exc)


def test_identical_content_is_a_duplicate(ssm_client: Any) -> None:
    create(ssm_client, "Same", command("echo 1"))
    with pytest.raises(ssm_client.exceptions.DuplicateDocumentContent):
        ssm_client.update_document(Name="Same", Content=command("echo 1"))
    assert _versions(ssm_client, "Same") == ["1"]


def test_update_checks_the_new_content(ssm_client: Any) -> None:
    create(ssm_client, "Checked")
    with pytest.raises(ssm_client.exceptions.InvalidDocumentContent):
        ssm_client.update_document(Name="Checked", Content="{not json")
    with pytest.raises(ssm_client.exceptions.InvalidDocumentSchemaVersion):
        ssm_client.update_document(Name="Checked", Content=command(schemaVersion="0.3"))
    with pytest.raises(ssm_client.exceptions.MaxDocumentSizeExceeded):
        ssm_client.update_document(Name="Checked", Content=command("x" * 70000))


def test_update_keeps_the_document_type(ssm_client: Any) -> None:
    create(ssm_client, "StaysCommand")
    content = json.dumps({"schemaVersion": "0.3", "mainSteps": [{"name": "s", "action": "aws:sleep", "inputs": {}}]})
    with pytest.raises(ssm_client.exceptions.InvalidDocumentSchemaVersion):
        ssm_client.update_document(Name="StaysCommand", Content=content)


def test_update_to_yaml_format(ssm_client: Any) -> None:
    create(ssm_client, "ToYaml")
    yaml_content = (
        "schemaVersion: '2.2'\nmainSteps:\n- action: aws:runShellScript\n  name: x\n  inputs:\n    runCommand: [ls]\n"
    )
    ssm_client.update_document(Name="ToYaml", Content=yaml_content, DocumentFormat="YAML")
    listed = ssm_client.list_document_versions(Name="ToYaml")["DocumentVersions"]
    assert [v["DocumentFormat"] for v in listed] == ["JSON", "YAML"]


def test_update_of_a_missing_or_amazon_document(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.update_document(Name="Missing", Content=command())
    with pytest.raises(ssm_client.exceptions.InvalidDocument) as exc:
        ssm_client.update_document(Name="AWS-RunShellScript", Content=command())
    assert "Amazon" in error_message(exc)


def test_version_names(ssm_client: Any) -> None:
    create(ssm_client, "Named", command("echo 1"), VersionName="v1")
    ssm_client.update_document(Name="Named", Content=command("echo 2"), VersionName="v2")
    with pytest.raises(ssm_client.exceptions.DuplicateDocumentVersionName):
        ssm_client.update_document(Name="Named", Content=command("echo 3"), VersionName="v1")
    assert ssm_client.describe_document(Name="Named", VersionName="v2")["Document"]["DocumentVersion"] == "2"
    assert ssm_client.get_document(Name="Named", VersionName="v1", DocumentVersion="1")["DocumentVersion"] == "1"
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion):
        ssm_client.get_document(Name="Named", VersionName="v1", DocumentVersion="2")
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion):
        ssm_client.describe_document(Name="Named", VersionName="v9")
    listed = ssm_client.list_document_versions(Name="Named")["DocumentVersions"]
    assert [v.get("VersionName") for v in listed] == ["v1", "v2"]


def test_update_default_version(ssm_client: Any) -> None:
    create(ssm_client, "Defaulted", command("echo 1"))
    ssm_client.update_document(Name="Defaulted", Content=command("echo 2"), VersionName="two")
    reply = ssm_client.update_document_default_version(Name="Defaulted", DocumentVersion="2")
    assert reply["Description"] == {"Name": "Defaulted", "DefaultVersion": "2", "DefaultVersionName": "two"}
    described = ssm_client.describe_document(Name="Defaulted")["Document"]
    assert described["DocumentVersion"] == described["DefaultVersion"] == "2"
    listed = ssm_client.list_document_versions(Name="Defaulted")["DocumentVersions"]
    assert [v["IsDefaultVersion"] for v in listed] == [False, True]
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion):
        ssm_client.update_document_default_version(Name="Defaulted", DocumentVersion="3")
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.update_document_default_version(Name="Nothing", DocumentVersion="1")
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.update_document_default_version(Name="AWS-RunShellScript", DocumentVersion="1")


def test_schema_1_2_versions_cannot_become_the_default(ssm_client: Any) -> None:
    first = json.dumps(
        {"schemaVersion": "1.2", "runtimeConfig": {"aws:runShellScript": {"properties": [{"runCommand": "a"}]}}}
    )
    create(ssm_client, "Legacy", command("echo new"))
    ssm_client.update_document(Name="Legacy", Content=first)
    with pytest.raises(ssm_client.exceptions.InvalidDocumentSchemaVersion) as exc:
        ssm_client.update_document_default_version(Name="Legacy", DocumentVersion="2")
    assert "1.2" in error_message(exc)


def test_version_selectors_everywhere(ssm_client: Any) -> None:
    create(ssm_client, "Selected", command("echo 1"))
    ssm_client.update_document(Name="Selected", Content=command("echo 2"))
    for selector, expected in (("$LATEST", "2"), ("$DEFAULT", "1"), ("1", "1"), ("2", "2")):
        assert (
            ssm_client.describe_document(Name="Selected", DocumentVersion=selector)["Document"]["DocumentVersion"]
            == expected
        )
        assert ssm_client.get_document(Name="Selected", DocumentVersion=selector)["DocumentVersion"] == expected
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion):
        ssm_client.describe_document(Name="Selected", DocumentVersion="3")
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion):
        ssm_client.get_document(Name="Selected", DocumentVersion="99")


def test_version_pattern_is_validated(raw_client: Any) -> None:
    create(raw_client, "Pattern")
    with pytest.raises(ClientError) as exc:
        raw_client.describe_document(Name="Pattern", DocumentVersion="latest")
    assert error_code(exc) == "ValidationException"


def test_version_limit(ssm_client: Any) -> None:
    create(ssm_client, "Busy", command("echo 0"))
    for index in range(1, 1000):
        ssm_client.update_document(Name="Busy", Content=command(f"echo {index}"))
    with pytest.raises(ssm_client.exceptions.DocumentVersionLimitExceeded):
        ssm_client.update_document(Name="Busy", Content=command("echo 1000"))
    ssm_client.delete_document(Name="Busy", DocumentVersion="500")
    assert (
        ssm_client.update_document(Name="Busy", Content=command("echo 1000"))["DocumentDescription"]["DocumentVersion"]
        == "1001"
    )


def test_list_document_versions_pages(ssm_client: Any) -> None:
    create(ssm_client, "Paged", command("echo 0"))
    for index in range(1, 12):
        ssm_client.update_document(Name="Paged", Content=command(f"echo {index}"))
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        kwargs = {"NextToken": token} if token else {}
        reply = ssm_client.list_document_versions(Name="Paged", MaxResults=5, **kwargs)
        assert len(reply["DocumentVersions"]) <= 5
        seen += [v["DocumentVersion"] for v in reply["DocumentVersions"]]
        pages += 1
        token = reply.get("NextToken")
        if not token:
            break
    assert pages == 3
    assert seen == [str(n) for n in range(1, 13)]
    paginated = ssm_client.get_paginator("list_document_versions").paginate(
        Name="Paged", PaginationConfig={"PageSize": 4}
    )
    assert [v["DocumentVersion"] for page in paginated for v in page["DocumentVersions"]] == seen


def test_list_document_versions_errors(ssm_client: Any, raw_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.list_document_versions(Name="Nope")
    create(ssm_client, "Listed")
    with pytest.raises(ssm_client.exceptions.InvalidNextToken):
        ssm_client.list_document_versions(Name="Listed", NextToken="garbage!")
    with pytest.raises(ClientError) as exc:
        raw_client.list_document_versions(Name="Listed", MaxResults=51)
    assert error_code(exc) == "ValidationException"


def test_amazon_document_versions(ssm_client: Any) -> None:
    listed = ssm_client.list_document_versions(Name="AWS-RunShellScript")["DocumentVersions"]
    assert listed[0]["DocumentVersion"] == "1" and listed[0]["IsDefaultVersion"] is True


def test_delete_document(ssm_client: Any) -> None:
    create(ssm_client, "Doomed", Tags=[{"Key": "k", "Value": "v"}])
    ssm_client.delete_document(Name="Doomed")
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.describe_document(Name="Doomed")
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.delete_document(Name="Doomed")
    recreated = create(ssm_client, "Doomed")
    assert recreated["DocumentVersion"] == "1" and recreated["Tags"] == []


def test_delete_one_version(ssm_client: Any) -> None:
    create(ssm_client, "Trimmed", command("echo 1"), VersionName="one")
    ssm_client.update_document(Name="Trimmed", Content=command("echo 2"), VersionName="two")
    ssm_client.update_document(Name="Trimmed", Content=command("echo 3"))
    ssm_client.delete_document(Name="Trimmed", DocumentVersion="2")
    assert _versions(ssm_client, "Trimmed") == ["1", "3"]
    ssm_client.delete_document(Name="Trimmed", DocumentVersion="$LATEST")
    assert _versions(ssm_client, "Trimmed") == ["1"]
    assert ssm_client.describe_document(Name="Trimmed")["Document"]["LatestVersion"] == "1"
    with pytest.raises(ssm_client.exceptions.InvalidDocumentOperation) as exc:
        ssm_client.delete_document(Name="Trimmed", VersionName="one")
    assert "default version" in error_message(exc)
    with pytest.raises(ssm_client.exceptions.InvalidDocumentVersion):
        ssm_client.delete_document(Name="Trimmed", DocumentVersion="2")
    assert (
        ssm_client.update_document(Name="Trimmed", Content=command("echo 4"))["DocumentDescription"]["DocumentVersion"]
        == "4"
    )


def test_amazon_documents_cannot_be_deleted(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.delete_document(Name="AWS-RunShellScript")
    assert ssm_client.describe_document(Name="AWS-RunShellScript")["Document"]["Owner"] == "Amazon"


def test_application_configuration_schemas_need_force_to_be_deleted(ssm_client: Any) -> None:
    # DeleteDocument.Force: "you must specify a Force flag to delete a document of type
    # ApplicationConfigurationSchema".
    schema = json.dumps({"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"})
    create(ssm_client, "FlagSchema", schema, DocumentType="ApplicationConfigurationSchema")
    with pytest.raises(ssm_client.exceptions.InvalidDocumentOperation) as exc:
        ssm_client.delete_document(Name="FlagSchema")
    assert "Force" in error_message(exc)
    ssm_client.delete_document(Name="FlagSchema", Force=True)
    with pytest.raises(ssm_client.exceptions.InvalidDocument):
        ssm_client.describe_document(Name="FlagSchema")
