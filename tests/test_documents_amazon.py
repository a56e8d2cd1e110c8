"""Amazon's documents: the ones users run most exist in every account, with the parameters,
platforms and schema versions the published documents declare, so SendCommand checks a call's
parameters the way the service does (boto/boto3 issue 3151 sends AWS-RunRemoteScript;
aws/aws-tools-for-powershell issue 275 sends AWS-ConfigureAWSPackage)."""

from __future__ import annotations

from typing import Any

import pytest
from service_errors import service_error

REQUIRED = [
    "AWS-RunRemoteScript", "AWS-ConfigureAWSPackage", "AWS-UpdateSSMAgent", "AWS-RunAnsiblePlaybook",
    "AWS-InstallApplication", "AWS-RunDocument", "AWS-ConfigureDocker", "AWS-RunInspecChecks",
    "AWS-JoinDirectoryServiceDomain", "AWS-FindWindowsUpdates", "AWS-InstallWindowsUpdates",
    "AWS-GatherSoftwareInventory", "AWS-RefreshAssociation", "AWS-ConfigureCloudWatch", "AWS-UpdateEC2Config",
]  # fmt: skip
RUNBOOKS = [
    "AWS-RestartEC2Instance", "AWS-StopEC2Instance", "AWS-StartEC2Instance", "AWS-CreateImage",
    "AWS-UpdateLinuxAmi", "AWS-UpdateWindowsAmi", "AWS-CreateSnapshot", "AWS-DeleteSnapshot",
    "AWS-TerminateEC2Instance", "AWS-PatchInstanceWithRollback", "AWS-ResizeInstance",
]  # fmt: skip


def _amazon_documents(client: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"Filters": [{"Key": "Owner", "Values": ["Amazon"]}]}
    while True:
        reply = client.list_documents(**kwargs)
        found.extend(reply["DocumentIdentifiers"])
        if "NextToken" not in reply:
            return found
        kwargs["NextToken"] = reply["NextToken"]


def test_at_least_forty_amazon_documents(ssm_client: Any) -> None:
    documents = _amazon_documents(ssm_client)
    names = {d["Name"] for d in documents}
    assert len(documents) >= 40
    assert set(REQUIRED) <= names and set(RUNBOOKS) <= names
    assert {d["Owner"] for d in documents} == {"Amazon"}


@pytest.mark.parametrize(
    ("name", "schema", "platforms", "required", "defaults"),
    [
        ("AWS-RunRemoteScript", "2.2", ["Windows", "Linux", "MacOS"], {"sourceType", "commandLine"},
         {"sourceInfo": "{}", "workingDirectory": "", "executionTimeout": "3600"}),
        ("AWS-RunAnsiblePlaybook", "2.0", ["Linux"], set(),
         {"playbook": "", "playbookurl": "", "extravars": "SSM=True", "check": "False", "timeoutSeconds": "3600"}),
        ("AWS-InstallApplication", "1.2", ["Windows"], {"source"},
         {"action": "Install", "parameters": "", "sourceHash": ""}),
        ("AWS-RunDocument", "2.2", ["Windows", "Linux"], {"sourceType"},
         {"sourceInfo": "{}", "documentParameters": "{}"}),
        ("AWS-ConfigureDocker", "2.2", ["Windows", "Linux"], set(), {"action": "Install"}),
        ("AWS-JoinDirectoryServiceDomain", "1.2", ["Windows", "Linux"], {"directoryId", "directoryName"},
         {"directoryOU": "", "dnsIpAddresses": "[]"}),
        ("AWS-FindWindowsUpdates", "1.2", ["Windows"], set(), {"UpdateLevel": "All", "KbArticleIds": ""}),
        ("AWS-RefreshAssociation", "2.0", ["Windows", "Linux", "MacOS"], set(), {"associationIds": "[]"}),
        ("AWS-ConfigureCloudWatch", "1.2", ["Windows"], set(), {"status": "Enabled", "properties": ""}),
        ("AWS-UpdateEC2Config", "1.2", ["Windows"], set(), {"version": "", "allowDowngrade": "false"}),
        ("AWS-CreateImage", "0.3", ["Windows", "Linux", "MacOS"], {"InstanceId"},
         {"NoReboot": "false", "AutomationAssumeRole": ""}),
        ("AWS-ResizeInstance", "0.3", ["Windows", "Linux", "MacOS"], {"InstanceId", "InstanceType"},
         {"SleepWait": "PT5S", "AutomationAssumeRole": ""}),
    ],
)  # fmt: skip
def test_published_parameters_and_platforms(
    ssm_client: Any, name: str, schema: str, platforms: list[str], required: set[str], defaults: dict[str, str]
) -> None:
    document = ssm_client.describe_document(Name=name)["Document"]
    assert (document["Owner"], document["SchemaVersion"], document["PlatformTypes"]) == ("Amazon", schema, platforms)
    parameters = {p["Name"]: p for p in document["Parameters"]}
    assert {n for n, p in parameters.items() if "DefaultValue" not in p} == required
    assert {n: p["DefaultValue"] for n, p in parameters.items() if "DefaultValue" in p} == defaults


def test_run_remote_script_as_boto3_issue_3151_sends_it(ssm_fake: Any, ssm_client: Any) -> None:
    instance = ssm_fake.add_instance()
    reply = ssm_client.send_command(
        InstanceIds=[instance],
        DocumentName="AWS-RunRemoteScript",
        Parameters={
            "sourceType": ["S3"],
            "sourceInfo": ['{"path":"https://s3.amazonaws.com/doc-example-bucket/scripts/shell/helloWorld.sh"}'],
            "commandLine": ["helloWorld.sh argument-1 argument-2"],
        },
    )
    command = reply["Command"]
    assert command["Parameters"]["sourceType"] == ["S3"]
    invocation = ssm_client.get_command_invocation(
        CommandId=command["CommandId"], InstanceId=instance, PluginName="runShellScript"
    )
    assert invocation["Status"] == "Success"


def test_configure_aws_package_refuses_a_bad_action(ssm_fake: Any, ssm_client: Any) -> None:
    # aws/aws-tools-for-powershell issue 275 sends AWS-ConfigureAWSPackage; action is Install or Uninstall.
    instance = ssm_fake.add_instance()
    ok = ssm_client.send_command(
        InstanceIds=[instance],
        DocumentName="AWS-ConfigureAWSPackage",
        Parameters={"action": ["Install"], "name": ["AmazonCloudWatchAgent"]},
    )
    assert ok["Command"]["DocumentName"] == "AWS-ConfigureAWSPackage"
    code, message = service_error(
        ssm_client.send_command,
        InstanceIds=[instance],
        DocumentName="AWS-ConfigureAWSPackage",
        Parameters={"action": ["Upgrade"], "name": ["AmazonCloudWatchAgent"]},
    )
    assert code == "InvalidParameters"
    assert "action" in message and "Upgrade" not in message  # the call's value is not repeated


def test_windows_only_document_refuses_a_linux_node(ssm_fake: Any, ssm_client: Any) -> None:
    linux = ssm_fake.add_instance()
    code, _ = service_error(
        ssm_client.send_command, InstanceIds=[linux], DocumentName="AWS-FindWindowsUpdates", Parameters={}
    )
    assert code == "UnsupportedPlatformType"
    windows = ssm_fake.add_instance(platform="Windows")
    ssm_client.send_command(InstanceIds=[windows], DocumentName="AWS-FindWindowsUpdates")


def test_allowed_pattern_of_a_published_parameter(ssm_fake: Any, ssm_client: Any) -> None:
    instance = ssm_fake.add_instance()
    code, _ = service_error(
        ssm_client.send_command,
        InstanceIds=[instance],
        DocumentName="AWS-RunAnsiblePlaybook",
        Parameters={"playbookurl": ["ftp://example.com/playbook.yml"]},
    )
    assert code == "InvalidParameters"
    ssm_client.send_command(
        InstanceIds=[instance],
        DocumentName="AWS-RunAnsiblePlaybook",
        Parameters={"playbookurl": ["s3://examplebucket/playbook.yml"], "extravars": ["color=red flavor=lime"]},
    )


@pytest.mark.parametrize("name", RUNBOOKS)
def test_runbooks_are_automation_documents(ssm_client: Any, name: str) -> None:
    document = ssm_client.describe_document(Name=name)["Document"]
    assert (document["DocumentType"], document["SchemaVersion"]) == ("Automation", "0.3")
    assert "AutomationAssumeRole" in {p["Name"] for p in document["Parameters"]}
    content = ssm_client.get_document(Name=name)["Content"]
    assert '"assumeRole": "{{ AutomationAssumeRole }}"' in content


def test_amazon_documents_cannot_be_changed(ssm_client: Any) -> None:
    assert service_error(ssm_client.delete_document, Name="AWS-RunRemoteScript")[0] == "InvalidDocument"
