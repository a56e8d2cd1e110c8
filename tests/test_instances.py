"""Managed nodes: ``ssm_fake.add_instance``, DescribeInstanceInformation (both filter
styles, pagination), DeregisterManagedInstance, UpdateManagedInstanceRole and tags on
``ManagedInstance``."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from service_errors import service_error

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
UNKNOWN_MI = "mi-0123456789abcdef0"


def _hybrid(client: Any, ssm: Any, **attributes: Any) -> str:
    created = client.create_activation(IamRole="HybridRole", RegistrationLimit=5)
    instance_id: str = ssm.register_instance(created["ActivationId"], created["ActivationCode"], **attributes)
    return instance_id


def _ids(client: Any, **kwargs: Any) -> list[str]:
    listed = client.describe_instance_information(**kwargs)["InstanceInformationList"]
    return [item["InstanceId"] for item in listed]


def test_add_instance_puts_an_ec2_instance_under_management(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    instance_id = ssm_fake.add_instance()
    assert re.fullmatch(r"i-[0-9a-f]{17}", instance_id)
    (info,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert info["InstanceId"] == instance_id
    assert info["ResourceType"] == "EC2Instance"
    assert info["SourceType"] == "AWS::EC2::Instance"
    assert info["SourceId"] == instance_id
    assert info["PingStatus"] == "Online"
    assert info["PlatformType"] == "Linux"
    assert info["LastPingDateTime"] == START
    assert info["ComputerName"].endswith(".ec2.internal")
    assert "ActivationId" not in info


def test_add_instance_takes_id_platform_status_and_attributes(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.add_instance(
        "i-0aaaaaaaaaaaaaaaa",
        platform="Windows",
        ping_status="ConnectionLost",
        computer_name="WIN-1",
        ip_address="10.1.2.3",
        platform_name="Windows Server",
        platform_version="10.0",
        agent_version="3.2.0.0",
        association_status="Failed",
        is_latest_version=False,
    )
    (info,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert info["InstanceId"] == "i-0aaaaaaaaaaaaaaaa"
    assert info["PlatformType"] == "Windows"
    assert info["PingStatus"] == "ConnectionLost"
    assert (info["ComputerName"], info["IPAddress"]) == ("WIN-1", "10.1.2.3")
    assert (info["PlatformName"], info["PlatformVersion"]) == ("Windows Server", "10.0")
    assert (info["AgentVersion"], info["AssociationStatus"], info["IsLatestVersion"]) == ("3.2.0.0", "Failed", False)


def test_add_instance_refuses_what_it_cannot_represent(ssm_fake: Any) -> None:
    with pytest.raises(ValueError, match="platform"):
        ssm_fake.add_instance(platform="Solaris")
    with pytest.raises(ValueError, match="ping_status"):
        ssm_fake.add_instance(ping_status="Asleep")
    with pytest.raises(ValueError, match="EC2 instance id"):
        ssm_fake.add_instance("mi-0123456789abcdef0")
    with pytest.raises(TypeError, match="unknown instance attribute"):
        ssm_fake.add_instance(favourite_colour="blue")
    with pytest.raises(TypeError, match="must be str"):
        ssm_fake.add_instance(computer_name=7)
    with pytest.raises(ValueError, match="AWS::EC2::Instance"):
        ssm_fake.add_instance(source_type="AWS::S3::Bucket")
    ssm_fake.add_instance("i-0bbbbbbbbbbbbbbbb")
    with pytest.raises(ValueError, match="already"):
        ssm_fake.add_instance("i-0bbbbbbbbbbbbbbbb")


def test_instances_belong_to_their_account_and_region(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.add_instance(region="eu-west-1")
    ssm_fake.add_instance(account_id="210987654321")
    assert _ids(ssm_client) == []
    assert len(_ids(boto3.client("ssm", region_name="eu-west-1"))) == 1
    other = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("210987654321"))
    assert len(_ids(other)) == 1


@pytest.fixture
def fleet(ssm_client: Any, ssm_fake: Any) -> dict[str, str]:
    """Five nodes that differ in every filterable field."""
    created = ssm_client.create_activation(IamRole="HybridRole", RegistrationLimit=5)
    return {
        "web": ssm_fake.add_instance(tags={"Role": "web", "Env": "prod"}, agent_version="3.3.1.0"),
        "win": ssm_fake.add_instance(platform="Windows", tags={"Role": "db"}, association_status="Success"),
        "mac": ssm_fake.add_instance(platform="MacOS", ping_status="ConnectionLost", association_status="Failed"),
        "hybrid": ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"]),
        "activation": created["ActivationId"],
    }


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("PingStatus", ["ConnectionLost"], ["mac"]),
        ("PlatformTypes", ["Windows", "MacOS"], ["win", "mac"]),
        ("ResourceType", ["ManagedInstance"], ["hybrid"]),
        ("ResourceType", ["EC2Instance"], ["web", "win", "mac"]),
        ("AgentVersion", ["3.3.1.0"], ["web"]),
        ("IamRole", ["HybridRole"], ["hybrid"]),
        ("AssociationStatus", ["Failed", "Success"], ["win", "mac"]),
        ("AssociationStatus", ["Pending"], []),
    ],
)
def test_each_filter_key_in_both_styles(
    ssm_client: Any, fleet: dict[str, str], key: str, values: list[str], expected: list[str]
) -> None:
    want = [fleet[name] for name in expected]
    assert _ids(ssm_client, InstanceInformationFilterList=[{"key": key, "valueSet": values}]) == want
    assert _ids(ssm_client, Filters=[{"Key": key, "Values": values}]) == want


def test_instance_and_activation_id_filters(ssm_client: Any, fleet: dict[str, str]) -> None:
    wanted = [fleet["web"], fleet["hybrid"]]
    assert _ids(ssm_client, InstanceInformationFilterList=[{"key": "InstanceIds", "valueSet": wanted}]) == wanted
    assert _ids(ssm_client, Filters=[{"Key": "InstanceIds", "Values": [*wanted, UNKNOWN_MI]}]) == wanted
    by_activation = [{"Key": "ActivationIds", "Values": [fleet["activation"]]}]
    assert _ids(ssm_client, Filters=by_activation) == [fleet["hybrid"]]


def test_filters_only_in_the_current_style(ssm_client: Any, fleet: dict[str, str]) -> None:
    assert _ids(ssm_client, Filters=[{"Key": "SourceIds", "Values": [fleet["mac"]]}]) == [fleet["mac"]]
    managed = [{"Key": "SourceTypes", "Values": ["AWS::SSM::ManagedInstance"]}]
    assert _ids(ssm_client, Filters=managed) == [fleet["hybrid"]]
    # Every SourceType the Key documentation lists is a valid value, the multicloud ones too.
    other_clouds = ["Microsoft.Compute/virtualMachines", "compute.googleapis.com/Instance"]
    assert _ids(ssm_client, Filters=[{"Key": "SourceTypes", "Values": other_clouds}]) == []


def test_platform_type_is_not_a_filter_key(ssm_client: Any, fleet: dict[str, str]) -> None:
    # The documented key is PlatformTypes (InstanceInformationStringFilter); PlatformType is not one.
    code, message = service_error(
        ssm_client.describe_instance_information, Filters=[{"Key": "PlatformType", "Values": ["Windows"]}]
    )
    assert (code, "PlatformTypes" in message) == ("InvalidFilterKey", True)


def test_a_node_of_another_account_is_refused(ssm_client: Any, ssm_fake: Any) -> None:
    # "If you specify a node ID that isn't valid or a node that you don't own, you receive an error."
    foreign = ssm_fake.add_instance(account_id="210987654321")
    code, message = service_error(
        ssm_client.describe_instance_information, Filters=[{"Key": "InstanceIds", "Values": [foreign]}]
    )
    assert (code, foreign in message) == ("InvalidInstanceId", True)
    legacy = [{"key": "InstanceIds", "valueSet": [foreign]}]
    code, _ = service_error(ssm_client.describe_instance_information, InstanceInformationFilterList=legacy)
    assert code == "InvalidInstanceId"


def test_tag_filters(ssm_client: Any, fleet: dict[str, str]) -> None:
    assert _ids(ssm_client, Filters=[{"Key": "tag:Role", "Values": ["db", "web"]}]) == [fleet["web"], fleet["win"]]
    assert _ids(ssm_client, Filters=[{"Key": "tag-key", "Values": ["Env"]}]) == [fleet["web"]]
    both = [{"Key": "tag:Role", "Values": ["web"]}, {"Key": "tag:Env", "Values": ["prod"]}]
    assert _ids(ssm_client, Filters=both) == [fleet["web"]]
    assert _ids(ssm_client, Filters=[{"Key": "tag:Role", "Values": ["cache"]}]) == []


def test_filters_combine_with_and(ssm_client: Any, fleet: dict[str, str]) -> None:
    filters = [
        {"Key": "ResourceType", "Values": ["EC2Instance"]},
        {"Key": "PingStatus", "Values": ["Online"]},
        {"Key": "PlatformTypes", "Values": ["Linux", "MacOS"]},
    ]
    assert _ids(ssm_client, Filters=filters) == [fleet["web"]]


def test_bad_filter_keys_and_values(ssm_client: Any, raw_client: Any, fleet: dict[str, str]) -> None:
    code, message = service_error(
        ssm_client.describe_instance_information, Filters=[{"Key": "Colour", "Values": ["x"]}]
    )
    assert (code, "Colour" in message) == ("InvalidFilterKey", True)
    code, message = service_error(
        ssm_client.describe_instance_information, Filters=[{"Key": "PingStatus", "Values": ["Up"]}]
    )
    assert code == "InvalidInstanceInformationFilterValue"
    assert "Online" in message
    legacy = [{"key": "PlatformTypes", "valueSet": ["BeOS"]}]
    code, _ = service_error(ssm_client.describe_instance_information, InstanceInformationFilterList=legacy)
    assert code == "InvalidInstanceInformationFilterValue"
    bad_activation = [{"Key": "ActivationIds", "Values": ["nope"]}]
    code, _ = service_error(ssm_client.describe_instance_information, Filters=bad_activation)
    assert code == "InvalidInstanceInformationFilterValue"
    code, _ = service_error(
        ssm_client.describe_instance_information, Filters=[{"Key": "InstanceIds", "Values": ["box-1"]}]
    )
    assert code == "InvalidInstanceId"
    code, _ = service_error(
        raw_client.describe_instance_information, InstanceInformationFilterList=[{"key": "Nope", "valueSet": ["x"]}]
    )
    assert code == "ValidationException"


def test_filter_styles_and_tag_filters_do_not_mix(ssm_client: Any, fleet: dict[str, str]) -> None:
    code, _ = service_error(
        ssm_client.describe_instance_information,
        Filters=[{"Key": "PingStatus", "Values": ["Online"]}],
        InstanceInformationFilterList=[{"key": "PingStatus", "valueSet": ["Online"]}],
    )
    assert code == "ValidationException"
    mixed = [{"Key": "tag:Role", "Values": ["web"]}, {"Key": "PingStatus", "Values": ["Online"]}]
    code, message = service_error(ssm_client.describe_instance_information, Filters=mixed)
    assert code == "InvalidFilterKey"
    assert "can't be combined" in message


def test_describe_instance_information_pages(ssm_client: Any, ssm_fake: Any, raw_client: Any) -> None:
    added = [ssm_fake.add_instance(tags={"Half": str(i % 2)}) for i in range(23)]
    for filters, expected in (([], added), ([{"Key": "tag:Half", "Values": ["1"]}], added[1::2])):
        seen: list[str] = []
        kwargs: dict[str, Any] = {"MaxResults": 5, "Filters": filters}
        while True:
            page = ssm_client.describe_instance_information(**kwargs)
            assert len(page["InstanceInformationList"]) <= 5
            seen += [item["InstanceId"] for item in page["InstanceInformationList"]]
            if "NextToken" not in page:
                break
            kwargs["NextToken"] = page["NextToken"]
        assert seen == expected
    assert len(_ids(ssm_client)) == 10  # the documented default page size
    code, _ = service_error(raw_client.describe_instance_information, MaxResults=4)
    assert code == "ValidationException"
    code, _ = service_error(ssm_client.describe_instance_information, NextToken="not-a-token")
    assert code == "InvalidNextToken"


# --- hybrid nodes ---------------------------------------------------------------------------


def test_deregister_removes_a_hybrid_node(ssm_client: Any, ssm_fake: Any) -> None:
    keep = ssm_fake.add_instance()
    gone = _hybrid(ssm_client, ssm_fake)
    ssm_client.deregister_managed_instance(InstanceId=gone)
    assert _ids(ssm_client) == [keep]
    code, message = service_error(ssm_client.deregister_managed_instance, InstanceId=gone)
    assert code == "InvalidInstanceId"
    assert gone in message
    code, _ = service_error(
        ssm_client.send_command, InstanceIds=[gone], DocumentName="AWS-RunShellScript", Parameters={"commands": ["id"]}
    )
    assert code == "InvalidInstanceId"
    code, _ = service_error(ssm_client.list_tags_for_resource, ResourceType="ManagedInstance", ResourceId=gone)
    assert code == "InvalidResourceId"


def test_deregister_takes_only_hybrid_ids(raw_client: Any, ssm_fake: Any) -> None:
    ec2 = ssm_fake.add_instance()
    code, message = service_error(raw_client.deregister_managed_instance, InstanceId=ec2)
    assert code == "ValidationException"
    assert "instanceId" in message


def test_update_managed_instance_role(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = _hybrid(ssm_client, ssm_fake)
    ssm_client.update_managed_instance_role(InstanceId=instance_id, IamRole="NewRole")
    (info,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert info["IamRole"] == "NewRole"
    filtered = _ids(ssm_client, Filters=[{"Key": "IamRole", "Values": ["NewRole"]}])
    assert filtered == [instance_id]
    code, _ = service_error(ssm_client.update_managed_instance_role, InstanceId=UNKNOWN_MI, IamRole="r")
    assert code == "InvalidInstanceId"
    code, _ = service_error(
        ssm_client.update_managed_instance_role, InstanceId=instance_id, IamRole="AWSServiceRoleForX"
    )
    assert code == "ValidationException"


def test_tags_on_a_managed_instance(ssm_client: Any, ssm_fake: Any) -> None:
    instance_id = _hybrid(ssm_client, ssm_fake)
    kwargs = {"ResourceType": "ManagedInstance", "ResourceId": instance_id}
    ssm_client.add_tags_to_resource(Tags=[{"Key": "Env", "Value": "lab"}, {"Key": "Team", "Value": "ops"}], **kwargs)
    ssm_client.add_tags_to_resource(Tags=[{"Key": "Env", "Value": "prod"}], **kwargs)
    ssm_client.remove_tags_from_resource(TagKeys=["Team"], **kwargs)
    assert ssm_client.list_tags_for_resource(**kwargs)["TagList"] == [{"Key": "Env", "Value": "prod"}]
    assert _ids(ssm_client, Filters=[{"Key": "tag:Env", "Values": ["prod"]}]) == [instance_id]
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    code, _ = service_error(ssm_client.add_tags_to_resource, Tags=too_many, **kwargs)
    assert code == "TooManyTagsError"


def test_tags_on_an_ec2_or_unknown_instance_are_refused(ssm_client: Any, ssm_fake: Any) -> None:
    for resource_id, expected in ((ssm_fake.add_instance(), "InvalidResourceType"), (UNKNOWN_MI, "InvalidResourceId")):
        for call, extra in (
            (ssm_client.add_tags_to_resource, {"Tags": [{"Key": "k", "Value": "v"}]}),
            (ssm_client.remove_tags_from_resource, {"TagKeys": ["k"]}),
            (ssm_client.list_tags_for_resource, {}),
        ):
            code, message = service_error(call, ResourceType="ManagedInstance", ResourceId=resource_id, **extra)
            assert code == expected
            assert resource_id in message
