"""Creating, describing, updating and deleting State Manager associations through boto3:
every request member, the two ways to name nodes (Targets, legacy InstanceId), versions,
tags, CreateAssociationBatch, UpdateAssociationStatus and every documented error the fake
can reach."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
import pytest
from association_samples import ECHO, SHELL, START, WEB, create_association
from service_errors import service_error


@pytest.fixture(autouse=True)
def _frozen(ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)


def _create(client: Any, **kwargs: Any) -> dict[str, Any]:
    return create_association(client, **kwargs)


def _session_document(client: Any) -> str:
    content = {"schemaVersion": "1.0", "description": "A shell.", "sessionType": "Standard_Stream", "inputs": {}}
    client.create_document(Name="MySession", Content=json.dumps(content), DocumentType="Session")
    return "MySession"


# --- create and describe -------------------------------------------------------------------


def test_a_new_association_is_pending_and_reports_its_settings(ssm_client: Any) -> None:
    created = _create(ssm_client)
    assert created["Name"] == SHELL
    assert created["Targets"] == WEB
    assert created["Parameters"] == ECHO
    assert created["AssociationVersion"] == "1"
    assert created["DocumentVersion"] == "$DEFAULT"
    assert created["SyncCompliance"] == "AUTO"
    assert created["ApplyOnlyAtCronInterval"] is False
    assert created["Date"] == created["LastUpdateAssociationDate"] == START
    assert created["Overview"] == {
        "Status": "Pending",
        "DetailedStatus": "Creating",
        "AssociationStatusAggregatedCount": {},
    }
    assert created["Status"]["Name"] == "Pending"
    assert created["Status"]["Message"] == f"Associated with {SHELL}"
    assert "InstanceId" not in created and "LastExecutionDate" not in created
    described = ssm_client.describe_association(AssociationId=created["AssociationId"])["AssociationDescription"]
    assert described["AssociationId"] == created["AssociationId"]
    assert described["Targets"] == WEB


def test_every_setting_of_the_request_is_kept_and_reported(ssm_client: Any) -> None:
    settings: dict[str, Any] = {
        "AssociationName": "nightly-patch",
        "DocumentVersion": "1",
        "ScheduleExpression": "cron(0 2 ? * SUN *)",
        "ApplyOnlyAtCronInterval": True,
        "ScheduleOffset": 2,
        "Duration": 3,
        "OutputLocation": {
            "S3Location": {"OutputS3Region": "eu-west-1", "OutputS3BucketName": "my-logs", "OutputS3KeyPrefix": "ssm/"}
        },
        "MaxConcurrency": "10%",
        "MaxErrors": "2",
        "ComplianceSeverity": "HIGH",
        "SyncCompliance": "MANUAL",
        "CalendarNames": ["MyChangeCalendar"],
        "TargetLocations": [{"Accounts": ["111122223333"], "Regions": ["us-west-2"]}],
        "AlarmConfiguration": {"IgnorePollAlarmFailure": True, "Alarms": [{"Name": "cpu-high"}]},
    }
    created = _create(ssm_client, **settings)
    described = ssm_client.describe_association(AssociationId=created["AssociationId"])["AssociationDescription"]
    for name, value in settings.items():
        assert created[name] == value, name
        assert described[name] == value, name


def test_a_legacy_association_names_one_instance_and_is_found_by_the_pair(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    created = _create(ssm_client, InstanceId=node)
    assert created["InstanceId"] == node
    by_pair = ssm_client.describe_association(Name=SHELL, InstanceId=node)["AssociationDescription"]
    assert by_pair["AssociationId"] == created["AssociationId"]
    assert service_error(ssm_client.create_association, Name=SHELL, InstanceId=node, Parameters=ECHO)[0] == (
        "AssociationAlreadyExists"
    )
    ssm_client.delete_association(Name=SHELL, InstanceId=node)
    code, message = service_error(ssm_client.describe_association, AssociationId=created["AssociationId"])
    assert code == "AssociationDoesNotExist"
    assert message == f"Association {created['AssociationId']} does not exist."


@pytest.mark.parametrize(
    "extra",
    [
        {"AssociationName": "named"},
        {"DocumentVersion": "1"},
        {"MaxErrors": "1"},
        {"MaxConcurrency": "1"},
        {"ScheduleExpression": "rate(1 day)"},
        {"OutputLocation": {"S3Location": {"OutputS3BucketName": "my-logs"}}},
    ],
)
def test_a_legacy_association_refuses_the_settings_that_need_targets(
    ssm_fake: Any, ssm_client: Any, extra: dict[str, Any]
) -> None:
    node = ssm_fake.add_instance()
    code, message = service_error(ssm_client.create_association, Name=SHELL, InstanceId=node, Parameters=ECHO, **extra)
    assert code == "ValidationException"
    assert next(iter(extra)) in message


def test_a_legacy_association_needs_a_known_node_on_a_supported_platform_and_a_1_2_document(
    ssm_fake: Any, ssm_client: Any
) -> None:
    assert service_error(ssm_client.create_association, Name=SHELL, InstanceId="i-0123456789abcdef0", Parameters=ECHO)[
        0
    ] == ("InvalidInstanceId")
    windows = ssm_fake.add_instance(platform="Windows")
    assert service_error(ssm_client.create_association, Name=SHELL, InstanceId=windows, Parameters=ECHO)[0] == (
        "UnsupportedPlatformType"
    )
    content = {
        "schemaVersion": "2.2",
        "description": "x",
        "mainSteps": [{"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["date"]}}],
    }
    ssm_client.create_document(Name="Modern", Content=json.dumps(content), DocumentType="Command")
    linux = ssm_fake.add_instance()
    code, message = service_error(ssm_client.create_association, Name="Modern", InstanceId=linux)
    assert code == "InvalidDocument"
    assert "2.2" in message


def test_targets_and_instance_id_together_are_refused(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    code, _ = service_error(ssm_client.create_association, Name=SHELL, InstanceId=node, Targets=WEB, Parameters=ECHO)
    assert code == "ValidationException"


def test_a_command_document_needs_targets(ssm_client: Any) -> None:
    code, message = service_error(ssm_client.create_association, Name=SHELL, Parameters=ECHO)
    assert code == "ValidationException"
    assert "Targets" in message


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"Name": "NoSuchDocument"}, "InvalidDocument"),
        ({"DocumentVersion": "9"}, "InvalidDocumentVersion"),
        ({"Parameters": {"nope": ["x"]}}, "InvalidParameters"),
        ({"Parameters": {}}, "InvalidParameters"),
        ({"Targets": [{"Key": "ResourceGroup", "Values": ["xyz"]}]}, "InvalidTarget"),
        ({"Targets": [{"Key": "tag:Role", "Values": ["*"]}]}, "InvalidTarget"),
        ({"Targets": [{"Key": "tag:Role", "Values": []}]}, "InvalidTarget"),
        ({"ScheduleExpression": "rate(5 minutes)"}, "InvalidSchedule"),
        ({"ScheduleExpression": "every day"}, "InvalidSchedule"),
        ({"ScheduleExpression": "rate(1 day)", "ApplyOnlyAtCronInterval": True}, "InvalidSchedule"),
        ({"ScheduleExpression": "cron(0 2 ? * SUN *)", "ScheduleOffset": 2}, "InvalidSchedule"),
        (
            {"ScheduleExpression": "rate(1 day)", "ScheduleOffset": 2, "ApplyOnlyAtCronInterval": True},
            "InvalidSchedule",
        ),
        ({"ApplyOnlyAtCronInterval": True}, "InvalidSchedule"),
        ({"OutputLocation": {"S3Location": {"OutputS3BucketName": "Bad_Bucket"}}}, "InvalidOutputLocation"),
        ({"OutputLocation": {"S3Location": {"OutputS3BucketName": "192.168.1.1"}}}, "InvalidOutputLocation"),
        ({"OutputLocation": {"S3Location": {"OutputS3BucketName": "a..b"}}}, "InvalidOutputLocation"),
        (
            {"OutputLocation": {"S3Location": {"OutputS3Region": "mars", "OutputS3BucketName": "ok-b"}}},
            "InvalidOutputLocation",
        ),
        ({"TargetMaps": [{"InstanceId": ["i-0123456789abcdef0"]}]}, "InvalidTargetMaps"),
        ({"AutomationTargetParameterName": "InstanceId"}, "InvalidParameters"),
    ],
)
def test_documented_errors_of_create(ssm_client: Any, kwargs: dict[str, Any], code: str) -> None:
    assert (
        service_error(ssm_client.create_association, **{"Name": SHELL, "Targets": WEB, "Parameters": ECHO, **kwargs})[0]
        == code
    )


def test_a_document_type_that_associations_do_not_run_is_invalid(ssm_client: Any) -> None:
    name = _session_document(ssm_client)
    code, message = service_error(ssm_client.create_association, Name=name, Targets=WEB)
    assert code == "InvalidDocument"
    assert message == "Document type Session is not supported for associations"


def test_resource_group_targets_are_not_modelled(ssm_client: Any) -> None:
    code, _ = service_error(
        ssm_client.create_association,
        Name=SHELL,
        Parameters=ECHO,
        Targets=[{"Key": "resource-groups:Name", "Values": ["g"]}],
    )
    assert code == "NotImplementedByFake"


def test_the_wildcard_targets_every_node(ssm_client: Any) -> None:
    created = _create(ssm_client, Targets=[{"Key": "InstanceIds", "Values": ["*"]}])
    assert created["Targets"] == [{"Key": "InstanceIds", "Values": ["*"]}]


def test_an_automation_association_checks_its_branch_parameter(ssm_client: Any) -> None:
    code, message = service_error(
        ssm_client.create_association,
        Name="AWS-StopEC2Instance",
        Targets=WEB,
        AutomationTargetParameterName="NoSuchParameter",
    )
    assert code == "InvalidParameters"
    assert "NoSuchParameter" in message
    created = ssm_client.create_association(
        Name="AWS-StopEC2Instance", Targets=WEB, AutomationTargetParameterName="InstanceId", MaxConcurrency="2"
    )["AssociationDescription"]
    assert created["AutomationTargetParameterName"] == "InstanceId"


def test_the_association_limit(ssm_fake: Any, ssm_client: Any) -> None:
    for _ in range(2000):
        _create(ssm_client)
    code, message = service_error(ssm_client.create_association, Name=SHELL, Targets=WEB, Parameters=ECHO)
    assert code == "AssociationLimitExceeded"
    assert "2,000" in message


# --- describe, delete ------------------------------------------------------------------------


def test_describe_needs_an_id_or_the_legacy_pair(ssm_fake: Any, ssm_client: Any) -> None:
    assert service_error(ssm_client.describe_association, Name=SHELL)[0] == "ValidationException"
    node = ssm_fake.add_instance()
    code, _ = service_error(ssm_client.describe_association, Name=SHELL, InstanceId=node)
    assert code == "AssociationDoesNotExist"
    code, _ = service_error(ssm_client.describe_association, Name=SHELL, InstanceId="i-0123456789abcdef0")
    assert code == "InvalidInstanceId"


def test_delete_removes_the_association_and_its_timers(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(tags={"Role": "web"})
    created = _create(ssm_client, ScheduleExpression="rate(30 minutes)", ApplyOnlyAtCronInterval=False)
    ssm_client.delete_association(AssociationId=created["AssociationId"])
    ssm_fake.clock.advance(timedelta(hours=2))
    assert ssm_client.describe_instance_associations_status(InstanceId=node)["InstanceAssociationStatusInfos"] == []
    assert ssm_client.list_associations()["Associations"] == []
    assert service_error(ssm_client.delete_association, AssociationId=created["AssociationId"])[0] == (
        "AssociationDoesNotExist"
    )
    assert service_error(ssm_client.delete_association, Name=SHELL)[0] == "ValidationException"


def test_a_document_in_use_cannot_be_deleted(ssm_client: Any) -> None:
    content = {
        "schemaVersion": "2.2",
        "description": "x",
        "mainSteps": [{"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["date"]}}],
    }
    ssm_client.create_document(Name="Mine", Content=json.dumps(content), DocumentType="Command")
    created = ssm_client.create_association(Name="Mine", Targets=WEB)["AssociationDescription"]
    code, message = service_error(ssm_client.delete_document, Name="Mine")
    assert code == "AssociatedInstances"
    assert message.startswith("You must disassociate a document from all managed nodes before you can delete it")
    ssm_client.delete_association(AssociationId=created["AssociationId"])
    ssm_client.delete_document(Name="Mine")


# --- update and versions --------------------------------------------------------------------


def test_every_update_makes_a_version_and_describe_reads_any_of_them(ssm_client: Any, ssm_fake: Any) -> None:
    created = _create(ssm_client, AssociationName="first", ScheduleExpression="rate(1 day)")
    association_id = created["AssociationId"]
    ssm_fake.clock.advance(60)
    updated = ssm_client.update_association(
        AssociationId=association_id, Parameters={"commands": ["echo two"]}, ScheduleExpression="rate(2 days)"
    )["AssociationDescription"]
    assert updated["AssociationVersion"] == "2"
    assert updated["LastUpdateAssociationDate"] == START + timedelta(seconds=60)
    assert updated["Date"] == START
    # Optional settings the update leaves out are cleared, as the documentation warns; the
    # document and the targets stay.
    assert "AssociationName" not in updated
    assert updated["Name"] == SHELL and updated["Targets"] == WEB
    again = ssm_client.update_association(AssociationId=association_id, Parameters=ECHO, AssociationVersion="2")
    assert again["AssociationDescription"]["AssociationVersion"] == "3"
    first = ssm_client.describe_association(AssociationId=association_id, AssociationVersion="1")
    assert first["AssociationDescription"]["AssociationName"] == "first"
    assert first["AssociationDescription"]["AssociationVersion"] == "1"
    latest = ssm_client.describe_association(AssociationId=association_id, AssociationVersion="$LATEST")
    assert latest["AssociationDescription"]["AssociationVersion"] == "3"
    code, _ = service_error(ssm_client.describe_association, AssociationId=association_id, AssociationVersion="4")
    assert code == "InvalidAssociationVersion"
    versions = ssm_client.list_association_versions(AssociationId=association_id)["AssociationVersions"]
    assert [v["AssociationVersion"] for v in versions] == ["1", "2", "3"]
    assert [v["ScheduleExpression"] for v in versions[:2]] == ["rate(1 day)", "rate(2 days)"]
    assert "ScheduleExpression" not in versions[2]
    assert versions[0]["CreatedDate"] == START


def test_update_with_a_stale_version_fails(ssm_client: Any) -> None:
    association_id = _create(ssm_client)["AssociationId"]
    ssm_client.update_association(AssociationId=association_id, Parameters=ECHO)
    code, message = service_error(
        ssm_client.update_association, AssociationId=association_id, Parameters=ECHO, AssociationVersion="1"
    )
    assert code == "InvalidAssociationVersion"
    assert "latest version (2)" in message


def test_update_checks_what_create_checks(ssm_client: Any) -> None:
    association_id = _create(ssm_client)["AssociationId"]
    for kwargs, code in [
        ({"ScheduleExpression": "rate(1 minute)"}, "InvalidSchedule"),
        ({"Parameters": {"nope": ["x"]}}, "InvalidParameters"),
        ({"DocumentVersion": "7"}, "InvalidDocumentVersion"),
        ({"Name": "Missing"}, "InvalidDocument"),
        ({"Targets": [{"Key": "Nope", "Values": ["x"]}]}, "InvalidTarget"),
        ({"OutputLocation": {"S3Location": {"OutputS3BucketName": "UPPER"}}}, "InvalidOutputLocation"),
        ({"TargetMaps": [{"InstanceId": ["i-0123456789abcdef0"]}]}, "InvalidTargetMaps"),
        ({"Name": "AWS-StopEC2Instance", "Parameters": {"InstanceId": ["i-0123456789abcdef0"]}}, "InvalidUpdate"),
    ]:
        request = {"AssociationId": association_id, "Parameters": ECHO, **kwargs}
        assert service_error(ssm_client.update_association, **request)[0] == code
    assert service_error(ssm_client.update_association, AssociationId="11111111-2222-3333-4444-555555555555")[0] == (
        "AssociationDoesNotExist"
    )
    versions = ssm_client.list_association_versions(AssociationId=association_id)["AssociationVersions"]
    assert len(versions) == 1


def test_the_version_limit(ssm_client: Any) -> None:
    association_id = _create(ssm_client)["AssociationId"]
    for _ in range(999):
        ssm_client.update_association(AssociationId=association_id, Parameters=ECHO)
    code, _ = service_error(ssm_client.update_association, AssociationId=association_id, Parameters=ECHO)
    assert code == "AssociationVersionLimitExceeded"


def test_a_legacy_association_keeps_its_document(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    association_id = _create(ssm_client, InstanceId=node)["AssociationId"]
    code, _ = service_error(
        ssm_client.update_association, AssociationId=association_id, Name="AWS-RunPowerShellScript", Parameters=ECHO
    )
    assert code == "InvalidUpdate"


# --- UpdateAssociationStatus ----------------------------------------------------------------


def test_update_association_status_sets_the_nodes_status(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance(platform="Windows")
    ssm_client.create_association(Name="AWS-RunPowerShellScript", InstanceId=node, Parameters={"commands": ["dir"]})
    later = START + timedelta(minutes=5)
    ssm_fake.clock.advance(300)
    status = {"Date": later, "Name": "Failed", "Message": "The agent could not apply it", "AdditionalInfo": "{}"}
    described = ssm_client.update_association_status(
        Name="AWS-RunPowerShellScript", InstanceId=node, AssociationStatus=status
    )["AssociationDescription"]
    assert described["Status"] == status
    assert described["Overview"]["Status"] == "Failed"
    assert described["Overview"]["AssociationStatusAggregatedCount"] == {"Failed": 1}
    (info,) = ssm_client.describe_instance_associations_status(InstanceId=node)["InstanceAssociationStatusInfos"]
    assert (info["Status"], info["ExecutionSummary"]) == ("Failed", "The agent could not apply it")
    (instance,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert instance["AssociationStatus"] == "Failed"
    code, _ = service_error(
        ssm_client.update_association_status, Name="AWS-RunPowerShellScript", InstanceId=node, AssociationStatus=status
    )
    assert code == "StatusUnchanged"


def test_update_association_status_errors(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    status = {"Date": START, "Name": "Success", "Message": "ok"}
    assert (
        service_error(ssm_client.update_association_status, Name=SHELL, InstanceId=node, AssociationStatus=status)[0]
        == "AssociationDoesNotExist"
    )
    assert (
        service_error(
            ssm_client.update_association_status, Name=SHELL, InstanceId="i-0123456789abcdef0", AssociationStatus=status
        )[0]
        == "InvalidInstanceId"
    )
    assert (
        service_error(
            ssm_client.update_association_status, Name="NoSuchDocument", InstanceId=node, AssociationStatus=status
        )[0]
        == "InvalidDocument"
    )


# --- batch ---------------------------------------------------------------------------------------


def test_a_batch_creates_what_it_can_and_reports_the_rest(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    good = {"Name": SHELL, "Targets": WEB, "Parameters": ECHO}
    legacy = {"Name": SHELL, "InstanceId": node, "Parameters": ECHO}
    bad_schedule = {**good, "ScheduleExpression": "rate(1 minute)"}
    reply = ssm_client.create_association_batch(Entries=[good, legacy, bad_schedule, legacy])
    assert [d["Name"] for d in reply["Successful"]] == [SHELL, SHELL]
    assert reply["Successful"][1]["InstanceId"] == node
    failed = reply["Failed"]
    assert [f["Entry"] for f in failed] == [bad_schedule, legacy]
    assert {f["Fault"] for f in failed} == {"Client"}
    assert "rate(1 minute)" in failed[0]["Message"]
    assert "already" in failed[1]["Message"]
    assert len(ssm_client.list_associations()["Associations"]) == 2


# --- tags, accounts, reset -------------------------------------------------------------------


def test_tags_on_create_and_through_the_tag_actions(ssm_client: Any) -> None:
    association_id = _create(ssm_client, Tags=[{"Key": "team", "Value": "ops"}])["AssociationId"]
    listed = ssm_client.list_tags_for_resource(ResourceType="Association", ResourceId=association_id)
    assert listed["TagList"] == [{"Key": "team", "Value": "ops"}]
    ssm_client.add_tags_to_resource(
        ResourceType="Association", ResourceId=association_id, Tags=[{"Key": "env", "Value": "prod"}]
    )
    ssm_client.remove_tags_from_resource(ResourceType="Association", ResourceId=association_id, TagKeys=["team"])
    listed = ssm_client.list_tags_for_resource(ResourceType="Association", ResourceId=association_id)
    assert listed["TagList"] == [{"Key": "env", "Value": "prod"}]
    code, _ = service_error(
        ssm_client.list_tags_for_resource, ResourceType="Association", ResourceId="11111111-2222-3333-4444-555555555555"
    )
    assert code == "InvalidResourceId"


def test_associations_are_per_account_and_region_and_reset_clears_them(ssm_fake: Any, ssm_client: Any) -> None:
    association_id = _create(ssm_client)["AssociationId"]
    west = boto3.client("ssm", region_name="us-west-2")
    other = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("111122223333"))
    assert west.list_associations()["Associations"] == []
    assert other.list_associations()["Associations"] == []
    assert service_error(west.describe_association, AssociationId=association_id)[0] == "AssociationDoesNotExist"
    ssm_fake.reset()
    assert ssm_client.list_associations()["Associations"] == []


def test_the_legacy_pair_names_a_known_document(ssm_fake: Any, ssm_client: Any) -> None:
    node = ssm_fake.add_instance()
    for call in (ssm_client.describe_association, ssm_client.delete_association):
        assert service_error(call, Name="NoSuchDocument", InstanceId=node)[0] == "InvalidDocument"
        assert service_error(call, Name=SHELL, InstanceId=node)[0] == "AssociationDoesNotExist"
