"""ListDocuments and the Amazon-owned catalogue: owners, filters, paging."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from document_samples import automation, command, create, error_code

AMAZON_DOCUMENTS = {
    "AWS-RunShellScript": ("Command", ["Linux", "MacOS"]),
    "AWS-RunPowerShellScript": ("Command", ["Windows", "Linux"]),
    "AWS-UpdateSSMAgent": ("Command", ["Windows", "Linux", "MacOS"]),
    # aws:configurePackage "runs on Windows Server and Linux operating systems" (plugin reference).
    "AWS-ConfigureAWSPackage": ("Command", ["Windows", "Linux"]),
    "AWS-ApplyPatchBaseline": ("Command", ["Windows"]),
    "AWS-RunPatchBaseline": ("Command", ["Windows", "Linux", "MacOS"]),
    "AWS-StopEC2Instance": ("Automation", ["Windows", "Linux", "MacOS"]),
    "AWS-StartEC2Instance": ("Automation", ["Windows", "Linux", "MacOS"]),
    "AWS-RestartEC2Instance": ("Automation", ["Windows", "Linux", "MacOS"]),
}


def _names(client: Any, **kwargs: Any) -> list[str]:
    pages = client.get_paginator("list_documents").paginate(**kwargs)
    return [identifier["Name"] for page in pages for identifier in page["DocumentIdentifiers"]]


def test_amazon_documents_are_listed_and_described(ssm_client: Any) -> None:
    listed = {
        identifier["Name"]: identifier
        for page in ssm_client.get_paginator("list_documents").paginate(
            Filters=[{"Key": "Owner", "Values": ["Amazon"]}]
        )
        for identifier in page["DocumentIdentifiers"]
    }
    for name, (document_type, platforms) in AMAZON_DOCUMENTS.items():
        assert listed[name]["Owner"] == "Amazon"
        assert listed[name]["DocumentType"] == document_type
        assert listed[name]["PlatformTypes"] == platforms
        described = ssm_client.describe_document(Name=name)["Document"]
        assert described["Owner"] == "Amazon" and described["PlatformTypes"] == platforms
        assert json.loads(ssm_client.get_document(Name=name)["Content"])["schemaVersion"] == described["SchemaVersion"]


# (Name, Type, DefaultValue or None) as DescribeDocument shows them; sources: the user guide's
# plugin reference and Run Command pages (shell/PowerShell/UpdateSSMAgent), "SSM Command
# document for patching: AWS-RunPatchBaseline", Distributor's "Install or update packages"
# (ConfigureAWSPackage) and the Automation runbook reference (Stop/Start/RestartEC2Instance).
_SCRIPT_PARAMETERS = [
    ("commands", "StringList", None),
    ("workingDirectory", "String", ""),
    ("executionTimeout", "String", "3600"),
]
_INSTANCE_RUNBOOK = [("InstanceId", "StringList", None), ("AutomationAssumeRole", "String", "")]
AMAZON_PARAMETERS: dict[str, list[tuple[str, str, str | None]]] = {
    "AWS-RunShellScript": _SCRIPT_PARAMETERS,
    "AWS-RunPowerShellScript": _SCRIPT_PARAMETERS,
    "AWS-UpdateSSMAgent": [("version", "String", ""), ("allowDowngrade", "String", "false")],
    "AWS-ConfigureAWSPackage": [
        ("action", "String", None),
        ("installationType", "String", "Uninstall and reinstall"),
        ("name", "String", None),
        ("version", "String", ""),
        ("additionalArguments", "String", "{}"),  # StringMap shows as String
    ],
    "AWS-ApplyPatchBaseline": [("Operation", "String", None), ("SnapshotId", "String", "")],
    "AWS-RunPatchBaseline": [
        ("Operation", "String", None),
        ("SnapshotId", "String", ""),
        ("InstallOverrideList", "String", ""),
        ("BaselineOverride", "String", ""),
        ("RebootOption", "String", "RebootIfNeeded"),
    ],
    "AWS-StopEC2Instance": _INSTANCE_RUNBOOK,
    "AWS-StartEC2Instance": _INSTANCE_RUNBOOK,
    "AWS-RestartEC2Instance": _INSTANCE_RUNBOOK,
}
AMAZON_ALLOWED_VALUES = {
    ("AWS-UpdateSSMAgent", "allowDowngrade"): ["true", "false"],
    ("AWS-ConfigureAWSPackage", "action"): ["Install", "Uninstall"],
    ("AWS-ConfigureAWSPackage", "installationType"): ["Uninstall and reinstall", "In-place update"],
    ("AWS-ApplyPatchBaseline", "Operation"): ["Scan", "Install"],
    ("AWS-RunPatchBaseline", "Operation"): ["Scan", "Install"],
    ("AWS-RunPatchBaseline", "RebootOption"): ["RebootIfNeeded", "NoReboot"],
}


@pytest.mark.parametrize("name", sorted(AMAZON_PARAMETERS))
def test_amazon_document_parameters(ssm_client: Any, name: str) -> None:
    described = ssm_client.describe_document(Name=name)["Document"]["Parameters"]
    shown = [(p["Name"], p["Type"], p.get("DefaultValue")) for p in described]
    assert sorted(shown) == sorted(AMAZON_PARAMETERS[name])
    declared = json.loads(ssm_client.get_document(Name=name)["Content"])["parameters"]
    for (document, parameter), allowed in AMAZON_ALLOWED_VALUES.items():
        if document == name:
            assert declared[parameter]["allowedValues"] == allowed


def test_amazon_documents_the_user_guide_limits_to_one_platform(ssm_client: Any) -> None:
    # "AWS-ApplyPatchBaseline ... supports patching on Windows managed nodes only."
    assert ssm_client.describe_document(Name="AWS-ApplyPatchBaseline")["Document"]["PlatformTypes"] == ["Windows"]
    # The service's own DescribeDocument of AWS-RunShellScript shows no TargetType.
    assert "TargetType" not in ssm_client.describe_document(Name="AWS-RunShellScript")["Document"]


def test_amazon_documents_are_seen_in_every_account_and_region(ssm_fake: Any) -> None:
    import boto3

    for region in ("us-east-1", "eu-west-3"):
        client = boto3.client("ssm", region_name=region, **ssm_fake.credentials("999988887777"))
        assert client.describe_document(Name="AWS-RunShellScript")["Document"]["Name"] == "AWS-RunShellScript"
        arn = f"arn:aws:ssm:{region}::document/AWS-RunShellScript"
        assert client.get_document(Name=arn)["Name"] == "AWS-RunShellScript"


def test_own_documents_are_listed_with_amazon_ones_by_default(ssm_client: Any) -> None:
    create(ssm_client, "Mine", Tags=[{"Key": "env", "Value": "dev"}])
    names = _names(ssm_client)
    assert "Mine" in names and "AWS-RunShellScript" in names
    assert names == sorted(names)
    assert len(names) == len(set(names))
    mine = next(
        i
        for p in ssm_client.get_paginator("list_documents").paginate()
        for i in p["DocumentIdentifiers"]
        if i["Name"] == "Mine"
    )
    assert mine["Owner"] == "123456789012"
    assert mine["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert mine["DocumentVersion"] == "1" and mine["SchemaVersion"] == "2.2" and mine["DocumentFormat"] == "JSON"


def test_owner_self_and_amazon(ssm_client: Any) -> None:
    create(ssm_client, "MineA")
    create(ssm_client, "MineB")
    assert _names(ssm_client, Filters=[{"Key": "Owner", "Values": ["Self"]}]) == ["MineA", "MineB"]
    assert _names(ssm_client, DocumentFilterList=[{"key": "Owner", "value": "Self"}]) == ["MineA", "MineB"]
    amazon = _names(ssm_client, Filters=[{"Key": "Owner", "Values": ["Amazon"]}])
    assert set(AMAZON_DOCUMENTS) <= set(amazon) and "MineA" not in amazon
    assert _names(ssm_client, Filters=[{"Key": "Owner", "Values": ["ThirdParty"]}]) == []


def test_owner_filter_errors(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as exc:
        ssm_client.list_documents(Filters=[{"Key": "Owner", "Values": ["Self", "Amazon"]}])
    assert error_code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        ssm_client.list_documents(Filters=[{"Key": "Owner", "Values": ["Somebody"]}])
    assert error_code(exc) == "ValidationException"


def test_filters_by_name_prefix_type_platform_target_and_keyword(ssm_client: Any) -> None:
    create(ssm_client, "Team-Shell", command(), TargetType="/AWS::EC2::Instance")
    windows = json.dumps(
        {
            "schemaVersion": "2.2",
            "description": "Windows housekeeping",
            "mainSteps": [{"action": "aws:psModule", "name": "w", "inputs": {"source": "https://example.com/m.zip"}}],
        }
    )
    create(ssm_client, "Team-Windows", windows)
    create(ssm_client, "Team-Automation", automation(), DocumentType="Automation")
    self_only = {"Key": "Owner", "Values": ["Self"]}
    assert _names(ssm_client, Filters=[{"Key": "Name", "Values": ["Team-W"]}]) == ["Team-Windows"]
    assert _names(ssm_client, Filters=[self_only, {"Key": "DocumentType", "Values": ["Automation"]}]) == [
        "Team-Automation"
    ]
    assert _names(ssm_client, Filters=[self_only, {"Key": "PlatformTypes", "Values": ["Windows"]}]) == [
        "Team-Automation",
        "Team-Windows",
    ]
    assert _names(ssm_client, Filters=[self_only, {"Key": "TargetType", "Values": ["/AWS::EC2::Instance"]}]) == [
        "Team-Shell"
    ]
    assert _names(ssm_client, Filters=[self_only, {"Key": "SearchKeyword", "Values": ["housekeeping"]}]) == [
        "Team-Windows"
    ]
    old_style = [{"key": "PlatformTypes", "value": "Linux"}, {"key": "DocumentType", "value": "Command"}]
    assert _names(ssm_client, DocumentFilterList=[*old_style, {"key": "Name", "value": "Team"}]) == ["Team-Shell"]
    amazon_windows = _names(
        ssm_client,
        Filters=[{"Key": "Owner", "Values": ["Amazon"]}, {"Key": "PlatformTypes", "Values": ["Windows"]}],
    )
    assert "AWS-RunPowerShellScript" in amazon_windows and "AWS-RunShellScript" not in amazon_windows


def test_cloud_providers_filter(ssm_client: Any) -> None:
    # "If you created a document before Systems Manager supported cloud providers, the document
    # runs against AWS" (DocumentKeyValuesFilter); every document of the fake runs against AWS.
    create(ssm_client, "Anywhere")
    self_only = {"Key": "Owner", "Values": ["Self"]}
    assert _names(ssm_client, Filters=[self_only, {"Key": "CloudProviders", "Values": ["AWS", "Azure"]}]) == [
        "Anywhere"
    ]
    assert _names(ssm_client, Filters=[self_only, {"Key": "CloudProviders", "Values": ["GCP"]}]) == []
    amazon = _names(
        ssm_client, Filters=[{"Key": "Owner", "Values": ["Amazon"]}, {"Key": "CloudProviders", "Values": ["AWS"]}]
    )
    assert set(AMAZON_DOCUMENTS) <= set(amazon)


def test_tag_filters(ssm_client: Any) -> None:
    create(ssm_client, "Blue", Tags=[{"Key": "colour", "Value": "blue"}, {"Key": "size", "Value": "s"}])
    create(ssm_client, "Red", Tags=[{"Key": "colour", "Value": "red"}])
    create(ssm_client, "Plain")
    assert _names(ssm_client, Filters=[{"Key": "tag:colour", "Values": ["blue", "red"]}]) == ["Blue", "Red"]
    assert _names(ssm_client, Filters=[{"Key": "tag:colour", "Values": ["red"]}]) == ["Red"]
    assert _names(ssm_client, Filters=[{"Key": "tag:colour"}]) == ["Blue", "Red"]
    both = [{"Key": "tag:colour", "Values": ["blue", "red"]}, {"Key": "tag:size", "Values": ["s"]}]
    assert _names(ssm_client, Filters=both) == ["Blue"]


def test_invalid_filter_keys(ssm_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidFilterKey):
        ssm_client.list_documents(Filters=[{"Key": "Colour", "Values": ["x"]}])
    with pytest.raises(ssm_client.exceptions.InvalidFilterKey):
        ssm_client.list_documents(Filters=[{"Key": "tag:", "Values": ["x"]}])
    with pytest.raises(ClientError) as exc:
        ssm_client.list_documents(Filters=[{"Key": "Name", "Values": []}])
    assert error_code(exc) == "ValidationException"


def test_invalid_old_style_filter_key(raw_client: Any) -> None:
    with pytest.raises(ClientError) as exc:
        raw_client.list_documents(DocumentFilterList=[{"key": "Colour", "value": "x"}])
    assert error_code(exc) == "ValidationException"


def test_paging_walks_every_document_once(ssm_client: Any) -> None:
    for index in range(23):
        create(ssm_client, f"Paged-{index:02}")
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        kwargs = {"NextToken": token} if token else {}
        reply = ssm_client.list_documents(Filters=[{"Key": "Owner", "Values": ["Self"]}], MaxResults=10, **kwargs)
        assert len(reply["DocumentIdentifiers"]) <= 10
        seen += [identifier["Name"] for identifier in reply["DocumentIdentifiers"]]
        pages += 1
        token = reply.get("NextToken")
        if not token:
            break
    assert pages == 3
    assert seen == [f"Paged-{index:02}" for index in range(23)]
    everything = _names(ssm_client, PaginationConfig={"PageSize": 7})
    assert (
        len(everything)
        == len(set(everything))
        == 23 + len(_names(ssm_client, Filters=[{"Key": "Owner", "Values": ["Amazon"]}]))
    )


def test_default_page_size_is_50(ssm_client: Any) -> None:
    for index in range(60):
        create(ssm_client, f"Many-{index:02}")
    first = ssm_client.list_documents()
    assert len(first["DocumentIdentifiers"]) == 50 and first["NextToken"]


def test_paging_errors(ssm_client: Any, raw_client: Any) -> None:
    with pytest.raises(ssm_client.exceptions.InvalidNextToken):
        ssm_client.list_documents(NextToken="not-a-token")
    for bad in (0, 51):
        with pytest.raises(ClientError) as exc:
            raw_client.list_documents(MaxResults=bad)
        assert error_code(exc) == "ValidationException"


def test_deleted_documents_disappear_from_the_list(ssm_client: Any) -> None:
    create(ssm_client, "Gone")
    ssm_client.delete_document(Name="Gone")
    assert _names(ssm_client, Filters=[{"Key": "Owner", "Values": ["Self"]}]) == []
