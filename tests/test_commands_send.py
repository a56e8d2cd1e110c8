"""SendCommand: what the reply echoes, how targets and documents are chosen, and every
documented way the request can be refused."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
from service_errors import service_error

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SHELL = "AWS-RunShellScript"
ECHO = {"commands": ["echo hi"]}
TWO_STEPS = {
    "schemaVersion": "2.2",
    "description": "two steps",
    "parameters": {"msg": {"type": "String", "default": "hi"}},
    "mainSteps": [
        {"action": "aws:runShellScript", "name": "first", "inputs": {"runCommand": ["echo {{ msg }}"]}},
        {"action": "aws:runShellScript", "name": "second", "inputs": {"runCommand": ["echo two"]}},
    ],
}


def _send(client: Any, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("DocumentName", SHELL)
    if kwargs["DocumentName"] == SHELL:
        kwargs.setdefault("Parameters", ECHO)
    command: dict[str, Any] = client.send_command(**kwargs)["Command"]
    return command


def _runs(ssm: Any) -> list[Any]:
    """Records every plugin run the handler is asked about, and lets the outcome rules decide."""
    seen: list[Any] = []
    ssm.set_command_handler(lambda run: seen.append(run))
    return seen


def test_the_reply_is_the_pending_command_as_received(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    instance_id = ssm_fake.add_instance()
    command = _send(ssm_client, InstanceIds=[instance_id], Comment="say hi")
    assert len(command["CommandId"]) == 36
    assert (command["Status"], command["StatusDetails"]) == ("Pending", "Pending")
    assert command["DocumentName"] == SHELL
    assert command["DocumentVersion"] == "$DEFAULT"
    assert command["Parameters"] == ECHO
    assert command["InstanceIds"] == [instance_id]
    assert command["Targets"] == []
    assert command["Comment"] == "say hi"
    assert command["RequestedDateTime"] == START
    assert command["ExpiresAfter"] == START + timedelta(seconds=3600 + 3600)
    assert (command["MaxConcurrency"], command["MaxErrors"], command["TimeoutSeconds"]) == ("50", "0", 3600)
    counts = [command[k] for k in ("TargetCount", "CompletedCount", "ErrorCount", "DeliveryTimedOutCount")]
    assert counts == [1, 0, 0, 0]
    assert command["CloudWatchOutputConfig"] == {"CloudWatchOutputEnabled": False}


def test_delivery_settings_are_echoed(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    notification = {
        "NotificationArn": "arn:aws:sns:us-east-1:123456789012:commands",
        "NotificationEvents": ["Success", "Failed"],
        "NotificationType": "Command",
    }
    command = _send(
        ssm_client,
        InstanceIds=[instance_id],
        OutputS3BucketName="my-output-bucket",
        OutputS3KeyPrefix="runs",
        OutputS3Region="us-west-2",
        MaxConcurrency="10%",
        MaxErrors="2",
        TimeoutSeconds=600,
        ServiceRoleArn="arn:aws:iam::123456789012:role/SnsPublisher",
        NotificationConfig=notification,
        CloudWatchOutputConfig={"CloudWatchOutputEnabled": True},
    )
    assert command["OutputS3BucketName"] == "my-output-bucket"
    assert command["OutputS3KeyPrefix"] == "runs"
    assert command["OutputS3Region"] == "us-west-2"
    assert (command["MaxConcurrency"], command["MaxErrors"], command["TimeoutSeconds"]) == ("10%", "2", 600)
    assert command["ServiceRole"] == "arn:aws:iam::123456789012:role/SnsPublisher"
    assert command["NotificationConfig"] == notification
    assert command["CloudWatchOutputConfig"] == {
        "CloudWatchOutputEnabled": True,
        "CloudWatchLogGroupName": f"aws/ssm/{SHELL}",
    }
    assert command["ExpiresAfter"] == command["RequestedDateTime"] + timedelta(seconds=600 + 3600)


def test_instance_ids_xor_targets(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    code, message = service_error(ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO)
    assert code == "ValidationException"
    assert "InstanceIds or Targets" in message
    both = {"InstanceIds": [instance_id], "Targets": [{"Key": "InstanceIds", "Values": [instance_id]}]}
    code, _ = service_error(ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO, **both)
    assert code == "ValidationException"


def test_instance_ids_must_be_distinct_managed_online_nodes_of_the_caller(ssm_client: Any, ssm_fake: Any) -> None:
    online = ssm_fake.add_instance()
    offline = ssm_fake.add_instance(ping_status="ConnectionLost")
    elsewhere = ssm_fake.add_instance(region="eu-west-1")
    other_account = ssm_fake.add_instance(account_id="210987654321")
    code, message = service_error(
        ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO, InstanceIds=[online, online]
    )
    assert code == "DuplicateInstanceId"
    assert online in message
    for instance_id in (offline, elsewhere, other_account, "i-0123456789abcdef0"):
        code, message = service_error(
            ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO, InstanceIds=[online, instance_id]
        )
        assert code == "InvalidInstanceId"
        assert instance_id in message
    assert ssm_client.list_commands()["Commands"] == []


def test_the_document_must_support_the_instance_platform(ssm_client: Any, ssm_fake: Any) -> None:
    windows = ssm_fake.add_instance(platform="Windows")
    linux = ssm_fake.add_instance()
    code, message = service_error(
        ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO, InstanceIds=[linux, windows]
    )
    assert code == "UnsupportedPlatformType"
    assert windows in message
    mac = ssm_fake.add_instance(platform="MacOS")
    code, _ = service_error(
        ssm_client.send_command, DocumentName="AWS-RunPowerShellScript", Parameters=ECHO, InstanceIds=[mac]
    )
    assert code == "UnsupportedPlatformType"
    assert _send(ssm_client, DocumentName="AWS-RunPowerShellScript", Parameters=ECHO, InstanceIds=[windows, linux])


def test_targets_by_tag_tag_key_and_instance_ids(ssm_client: Any, ssm_fake: Any) -> None:
    web = ssm_fake.add_instance(tags={"Role": "web", "Env": "prod"})
    web_test = ssm_fake.add_instance(tags={"Role": "web", "Env": "test"})
    db = ssm_fake.add_instance(tags={"Role": "db"})
    ssm_fake.add_instance(tags={"Role": "web"}, ping_status="ConnectionLost")

    def targeted(*targets: dict[str, Any]) -> list[str]:
        command = _send(ssm_client, Targets=list(targets))
        listed = ssm_client.list_command_invocations(CommandId=command["CommandId"])["CommandInvocations"]
        assert command["TargetCount"] == len(listed)
        assert command["Targets"] == list(targets)
        assert command["InstanceIds"] == []
        return [item["InstanceId"] for item in listed]

    assert targeted({"Key": "tag:Role", "Values": ["web"]}) == [web, web_test]
    assert targeted({"Key": "tag:Role", "Values": ["web", "db"]}) == [web, web_test, db]
    assert targeted({"Key": "tag:Role", "Values": ["web"]}, {"Key": "tag:Env", "Values": ["prod"]}) == [web]
    assert targeted({"Key": "tag-key", "Values": ["Env"]}) == [web, web_test]
    assert targeted({"Key": "InstanceIds", "Values": [db, web]}) == [web, db]
    assert targeted({"Key": "InstanceIds", "Values": ["*"]}) == [web, web_test, db]
    # "Run commands at scale" spells the key Key=instanceids.
    assert targeted({"Key": "instanceids", "Values": [db]}) == [db]


def test_targets_matching_nothing_make_an_empty_command(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.add_instance(tags={"Role": "web"})
    command = _send(ssm_client, Targets=[{"Key": "tag:Role", "Values": ["cache"]}])
    assert command["TargetCount"] == 0
    (listed,) = ssm_client.list_commands()["Commands"]
    assert (listed["Status"], listed["StatusDetails"]) == ("Success", "NoInstancesInTag")


def test_unsupported_target_keys_are_refused(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.add_instance()
    code, message = service_error(
        ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO, Targets=[{"Key": "Colour", "Values": ["x"]}]
    )
    assert code == "InvalidTarget"
    assert "Colour" in message
    groups = [{"Key": "resource-groups:Name", "Values": ["web"]}]
    code, message = service_error(ssm_client.send_command, DocumentName=SHELL, Parameters=ECHO, Targets=groups)
    assert code == "NotImplementedByFake"
    assert "resource groups" in message


def test_a_targeted_node_of_another_platform_gets_an_invalid_platform_invocation(
    ssm_client: Any, ssm_fake: Any
) -> None:
    linux = ssm_fake.add_instance(tags={"Fleet": "all"})
    windows = ssm_fake.add_instance(platform="Windows", tags={"Fleet": "all"})
    command = _send(ssm_client, Targets=[{"Key": "tag:Fleet", "Values": ["all"]}])
    listed = ssm_client.list_command_invocations(CommandId=command["CommandId"])["CommandInvocations"]
    states = {item["InstanceId"]: (item["Status"], item["StatusDetails"]) for item in listed}
    assert states == {linux: ("Success", "Success"), windows: ("Failed", "InvalidPlatform")}


def test_parameters_are_checked_against_the_document(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    code, message = service_error(ssm_client.send_command, DocumentName=SHELL, InstanceIds=[instance_id])
    assert code == "InvalidParameters"
    assert "commands" in message
    code, message = service_error(
        ssm_client.send_command,
        DocumentName=SHELL,
        InstanceIds=[instance_id],
        Parameters={"commands": ["id"], "colour": ["blue"]},
    )
    # Evidence changed this message: "document AWS-RunRemoteScript does not support parameters."
    # (boto/boto3 issue 3151).
    assert (code, message) == ("InvalidParameters", f"document {SHELL} does not support parameters.")


def test_defaults_fill_the_parameters_the_run_sees(ssm_client: Any, ssm_fake: Any) -> None:
    runs = _runs(ssm_fake)
    command = _send(ssm_client, InstanceIds=[ssm_fake.add_instance()])
    ssm_client.list_commands()
    (run,) = runs
    assert run.command_id == command["CommandId"]
    assert run.parameters == {"commands": ["echo hi"], "workingDirectory": [""], "executionTimeout": ["3600"]}
    assert run.plugin.action == "aws:runShellScript"
    assert run.plugin.inputs["runCommand"] == ["echo hi"]
    assert (run.document_name, run.platform) == (SHELL, "Linux")
    assert command["Parameters"] == ECHO


def test_unknown_documents_versions_and_types(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    code, _ = service_error(ssm_client.send_command, DocumentName="NoSuchDocument", InstanceIds=[instance_id])
    assert code == "InvalidDocument"
    code, _ = service_error(
        ssm_client.send_command, DocumentName=SHELL, DocumentVersion="99", Parameters=ECHO, InstanceIds=[instance_id]
    )
    assert code == "InvalidDocumentVersion"
    automation = {
        "schemaVersion": "0.3",
        "mainSteps": [{"name": "s", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}],
    }
    ssm_client.create_document(Name="Auto", Content=json.dumps(automation), DocumentType="Automation")
    code, message = service_error(ssm_client.send_command, DocumentName="Auto", InstanceIds=[instance_id])
    assert code == "InvalidDocument"
    assert "Automation" in message


def test_documents_by_version_and_hash(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    first = ssm_client.create_document(Name="Steps", Content=json.dumps(TWO_STEPS), DocumentType="Command")
    changed = dict(TWO_STEPS, description="second version")
    second = ssm_client.update_document(Name="Steps", Content=json.dumps(changed), DocumentVersion="$LATEST")
    runs = _runs(ssm_fake)

    def version_run(**kwargs: Any) -> str:
        runs.clear()
        _send(ssm_client, DocumentName="Steps", InstanceIds=[instance_id], **kwargs)
        ssm_client.list_commands()
        return str(runs[0].document_version)

    assert version_run() == "1"  # the default version
    assert version_run(DocumentVersion="$LATEST") == "2"
    assert version_run(DocumentVersion="2") == "2"
    assert version_run(DocumentHash=second["DocumentDescription"]["Hash"], DocumentHashType="Sha256") == "2"
    assert version_run(DocumentHash=first["DocumentDescription"]["Hash"]) == "1"
    code, message = service_error(
        ssm_client.send_command,
        DocumentName="Steps",
        InstanceIds=[instance_id],
        DocumentVersion="2",
        DocumentHash=first["DocumentDescription"]["Hash"],
    )
    assert code == "InvalidDocument"
    assert "hash" in message


def test_a_hash_finds_a_version_after_a_deleted_one(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    ssm_client.create_document(Name="Steps", Content=json.dumps(TWO_STEPS), DocumentType="Command")
    for number in (2, 3):
        content = json.dumps(dict(TWO_STEPS, description=f"version {number}"))
        latest = ssm_client.update_document(Name="Steps", Content=content, DocumentVersion="$LATEST")
    ssm_client.delete_document(Name="Steps", DocumentVersion="2")
    runs = _runs(ssm_fake)
    _send(
        ssm_client, DocumentName="Steps", InstanceIds=[instance_id], DocumentHash=latest["DocumentDescription"]["Hash"]
    )
    ssm_client.list_commands()
    assert [str(run.document_version) for run in runs][:1] == ["3"]


def test_a_shared_document_runs_by_arn(ssm_client: Any, ssm_fake: Any) -> None:
    owner = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("210987654321"))
    owner.create_document(Name="Shared", Content=json.dumps(TWO_STEPS), DocumentType="Command")
    arn = "arn:aws:ssm:us-east-1:210987654321:document/Shared"
    instance_id = ssm_fake.add_instance()
    code, _ = service_error(ssm_client.send_command, DocumentName=arn, InstanceIds=[instance_id])
    assert code == "InvalidDocument"
    owner.modify_document_permission(Name="Shared", PermissionType="Share", AccountIdsToAdd=["123456789012"])
    command = _send(ssm_client, DocumentName=arn, InstanceIds=[instance_id])
    assert command["DocumentName"] == arn
    (listed,) = ssm_client.list_commands(Filters=[{"key": "DocumentName", "value": "Shared"}])["Commands"]
    assert listed["CommandId"] == command["CommandId"]


def test_concurrency_errors_and_timeouts_are_validated_by_the_model(raw_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    base = {"DocumentName": SHELL, "Parameters": ECHO, "InstanceIds": [instance_id]}
    for field, value, path in (
        ("MaxConcurrency", "0", "maxConcurrency"),
        ("MaxConcurrency", "101%", "maxConcurrency"),
        ("MaxErrors", "many", "maxErrors"),
        ("TimeoutSeconds", 29, "timeoutSeconds"),
        ("TimeoutSeconds", 2592001, "timeoutSeconds"),
    ):
        code, message = service_error(raw_client.send_command, **base, **{field: value})
        assert code == "ValidationException"
        assert path in message
    code, _ = service_error(raw_client.send_command, **dict(base, InstanceIds=[f"i-{n:017x}" for n in range(51)]))
    assert code == "ValidationException"


def test_notification_and_output_settings_are_checked(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = ssm_fake.add_instance()
    base = {"DocumentName": SHELL, "Parameters": ECHO, "InstanceIds": [instance_id]}
    topic = {"NotificationArn": "arn:aws:sns:us-east-1:123456789012:t", "NotificationEvents": ["All"]}
    role = "arn:aws:iam::123456789012:role/SnsPublisher"
    code, _ = service_error(
        ssm_client.send_command, **base, NotificationConfig={"NotificationArn": "not-a-topic"}, ServiceRoleArn=role
    )
    assert code == "InvalidNotificationConfig"
    code, message = service_error(ssm_client.send_command, **base, NotificationConfig=topic)
    assert code == "InvalidRole"
    assert "ServiceRoleArn" in message
    code, _ = service_error(ssm_client.send_command, **base, NotificationConfig=topic, ServiceRoleArn="SnsPublisher")
    assert code == "InvalidRole"
    code, _ = service_error(ssm_client.send_command, **base, OutputS3BucketName="Not_A_Bucket")
    assert code == "InvalidOutputFolder"
