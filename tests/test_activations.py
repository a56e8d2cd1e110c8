"""Activations: CreateActivation, DescribeActivations, DeleteActivation, and registering
hybrid machines with them through ``ssm_fake.register_instance``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from service_errors import service_error

from ssm_fake import errors

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def _only(client: Any, activation_id: str) -> dict[str, Any]:
    found = client.describe_activations(Filters=[{"FilterKey": "ActivationIds", "FilterValues": [activation_id]}])
    (activation,) = found["ActivationList"]
    return dict(activation)


def test_create_activation_returns_an_id_and_code_and_applies_defaults(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    created = ssm_client.create_activation(IamRole="SSMServiceRole")
    assert len(created["ActivationCode"]) == 20
    activation = _only(ssm_client, created["ActivationId"])
    assert activation["IamRole"] == "SSMServiceRole"
    assert activation["RegistrationLimit"] == 1
    assert activation["RegistrationsCount"] == 0
    assert activation["CreatedDate"] == START
    assert activation["ExpirationDate"] == START + timedelta(hours=24)
    assert activation["Expired"] is False
    assert activation["Tags"] == []
    assert "DefaultInstanceName" not in activation


def test_create_activation_keeps_what_it_was_given(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    created = ssm_client.create_activation(
        IamRole="SSMServiceRole",
        Description="lab servers",
        DefaultInstanceName="lab",
        RegistrationLimit=10,
        ExpirationDate=START + timedelta(days=30),
        Tags=[{"Key": "Env", "Value": "lab"}],
    )
    activation = _only(ssm_client, created["ActivationId"])
    assert activation["Description"] == "lab servers"
    assert activation["DefaultInstanceName"] == "lab"
    assert activation["RegistrationLimit"] == 10
    assert activation["ExpirationDate"] == START + timedelta(days=30)
    assert activation["Tags"] == [{"Key": "Env", "Value": "lab"}]


@pytest.mark.parametrize("offset", [timedelta(seconds=-1), timedelta(days=30, seconds=1)])
def test_expiration_must_lie_within_the_next_30_days(ssm_client: Any, ssm_fake: Any, offset: timedelta) -> None:
    ssm_fake.clock.freeze(START)
    code, message = service_error(ssm_client.create_activation, IamRole="r", ExpirationDate=START + offset)
    assert code == "InvalidParameters"
    assert "ExpirationDate" in message


def test_a_service_linked_role_is_refused(ssm_client: Any) -> None:
    code, message = service_error(ssm_client.create_activation, IamRole="AWSServiceRoleForAmazonSSM")
    assert code == "InvalidParameters"
    assert "service-linked" in message


def test_reserved_and_too_many_tags_are_refused(ssm_client: Any) -> None:
    code, _ = service_error(ssm_client.create_activation, IamRole="r", Tags=[{"Key": "aws:x", "Value": "v"}])
    assert code == "ValidationException"
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    code, _ = service_error(ssm_client.create_activation, IamRole="r", Tags=many)
    assert code == "TooManyTagsError"


def test_model_limits_are_enforced(raw_client: Any) -> None:
    code, message = service_error(raw_client.create_activation, IamRole="r", RegistrationLimit=1001)
    assert code == "ValidationException"
    assert "registrationLimit" in message
    code, _ = service_error(raw_client.create_activation)
    assert code == "ValidationException"


def test_describe_activations_filters_by_each_key(ssm_client: Any) -> None:
    a = ssm_client.create_activation(IamRole="RoleA", DefaultInstanceName="web")["ActivationId"]
    b = ssm_client.create_activation(IamRole="RoleB", DefaultInstanceName="db")["ActivationId"]
    c = ssm_client.create_activation(IamRole="RoleA", DefaultInstanceName="db")["ActivationId"]

    def ids(*filters: dict[str, Any]) -> list[str]:
        listed = ssm_client.describe_activations(Filters=list(filters))["ActivationList"]
        return [item["ActivationId"] for item in listed]

    assert ids() == [a, b, c]
    assert ids({"FilterKey": "IamRole", "FilterValues": ["RoleA"]}) == [a, c]
    assert ids({"FilterKey": "DefaultInstanceName", "FilterValues": ["db"]}) == [b, c]
    assert ids({"FilterKey": "ActivationIds", "FilterValues": [a, b]}) == [a, b]
    assert ids(
        {"FilterKey": "IamRole", "FilterValues": ["RoleA"]},
        {"FilterKey": "DefaultInstanceName", "FilterValues": ["db"]},
    ) == [c]
    assert ids({"FilterKey": "IamRole", "FilterValues": ["nobody"]}) == []


def test_describe_activations_refuses_a_filter_without_key(raw_client: Any) -> None:
    raw_client.create_activation(IamRole="r")
    code, message = service_error(raw_client.describe_activations, Filters=[{"FilterValues": ["x"]}])
    assert code == "InvalidFilter"
    assert "FilterKey" in message
    code, _ = service_error(raw_client.describe_activations, Filters=[{"FilterKey": "Nope", "FilterValues": ["x"]}])
    assert code == "ValidationException"


def test_describe_activations_pages_through_everything_once(ssm_client: Any) -> None:
    created = [ssm_client.create_activation(IamRole=f"r{i}")["ActivationId"] for i in range(23)]
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 5}
    pages = 0
    while True:
        page = ssm_client.describe_activations(**kwargs)
        assert len(page["ActivationList"]) <= 5
        seen += [item["ActivationId"] for item in page["ActivationList"]]
        pages += 1
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert seen == created
    assert pages == 5
    assert len(ssm_client.describe_activations()["ActivationList"]) == 10  # the default page size


def test_describe_activations_refuses_a_bad_token(ssm_client: Any) -> None:
    code, _ = service_error(ssm_client.describe_activations, NextToken="garbage!")
    assert code == "InvalidNextToken"


def test_an_activation_shows_expired_once_the_clock_passes_its_date(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    created = ssm_client.create_activation(IamRole="r", ExpirationDate=START + timedelta(hours=2))
    ssm_fake.clock.advance(timedelta(hours=2) - timedelta(seconds=1))
    assert _only(ssm_client, created["ActivationId"])["Expired"] is False
    ssm_fake.clock.advance(1)
    assert _only(ssm_client, created["ActivationId"])["Expired"] is True


def test_delete_activation_removes_it_but_not_its_instances(ssm_client: Any, ssm_fake: Any) -> None:
    created = ssm_client.create_activation(IamRole="r")
    instance_id = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    ssm_client.delete_activation(ActivationId=created["ActivationId"])
    assert ssm_client.describe_activations()["ActivationList"] == []
    listed = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert [i["InstanceId"] for i in listed] == [instance_id]
    # InvalidActivation: "The activation might have been deleted" (was InvalidActivationId).
    with pytest.raises(errors.InvalidActivation, match="deleted"):
        ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    code, _ = service_error(ssm_client.delete_activation, ActivationId=created["ActivationId"])
    assert code == "InvalidActivation"


def test_delete_activation_of_an_unknown_id(ssm_client: Any, raw_client: Any) -> None:
    code, message = service_error(ssm_client.delete_activation, ActivationId="12345678-1234-1234-1234-123456789012")
    assert code == "InvalidActivationId"
    assert "12345678-1234-1234-1234-123456789012" in message
    code, _ = service_error(raw_client.delete_activation, ActivationId="not-an-id")
    assert code == "ValidationException"


def test_activations_belong_to_one_account_and_region(ssm_client: Any, ssm_fake: Any) -> None:
    import boto3

    ssm_client.create_activation(IamRole="r")
    other_region = boto3.client("ssm", region_name="eu-west-1")
    other_account = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("210987654321"))
    assert other_region.describe_activations()["ActivationList"] == []
    assert other_account.describe_activations()["ActivationList"] == []


# --- registering hybrid machines -----------------------------------------------------------


def test_register_instance_creates_a_hybrid_managed_node(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    created = ssm_client.create_activation(
        IamRole="HybridRole", DefaultInstanceName="lab", RegistrationLimit=3, Tags=[{"Key": "Env", "Value": "lab"}]
    )
    instance_id = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"], platform="Windows")
    assert instance_id.startswith("mi-") and len(instance_id) == 20
    int(instance_id[3:], 16)
    (info,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert info["InstanceId"] == instance_id
    assert info["ResourceType"] == "ManagedInstance"
    assert info["SourceType"] == "AWS::SSM::ManagedInstance"
    assert info["ActivationId"] == created["ActivationId"]
    assert info["IamRole"] == "HybridRole"
    assert info["Name"] == "lab"
    assert info["PlatformType"] == "Windows"
    assert info["RegistrationDate"] == START
    tags = ssm_client.list_tags_for_resource(ResourceType="ManagedInstance", ResourceId=instance_id)["TagList"]
    assert tags == [{"Key": "Env", "Value": "lab"}]
    assert _only(ssm_client, created["ActivationId"])["RegistrationsCount"] == 1


def test_register_instance_enforces_the_registration_limit(ssm_client: Any, ssm_fake: Any) -> None:
    created = ssm_client.create_activation(IamRole="r", RegistrationLimit=2)
    first = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    second = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    assert first != second
    with pytest.raises(errors.InvalidActivation, match="registration limit"):
        ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    assert _only(ssm_client, created["ActivationId"])["RegistrationsCount"] == 2


def test_register_instance_refuses_an_expired_activation(ssm_client: Any, ssm_fake: Any) -> None:
    ssm_fake.clock.freeze(START)
    created = ssm_client.create_activation(IamRole="r", ExpirationDate=START + timedelta(hours=1))
    ssm_fake.clock.advance(3600)
    with pytest.raises(errors.InvalidActivation, match="expired"):
        ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])


def test_register_instance_refuses_a_wrong_code_or_unknown_id(ssm_client: Any, ssm_fake: Any) -> None:
    created = ssm_client.create_activation(IamRole="r")
    with pytest.raises(errors.InvalidActivation, match="code does not match"):
        ssm_fake.register_instance(created["ActivationId"], "x" * 20)
    with pytest.raises(errors.InvalidActivationId):
        ssm_fake.register_instance("12345678-1234-1234-1234-123456789012", created["ActivationCode"])
    with pytest.raises(errors.InvalidActivationId):
        ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"], region="eu-west-1")


def test_register_instance_finds_an_activation_in_any_account_and_region(ssm_fake: Any) -> None:
    import boto3

    other = boto3.client("ssm", region_name="eu-west-1", **ssm_fake.credentials("210987654321"))
    created = other.create_activation(IamRole="r")
    instance_id = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    listed = other.describe_instance_information()["InstanceInformationList"]
    assert [i["InstanceId"] for i in listed] == [instance_id]


def test_register_instance_takes_instance_attributes(ssm_client: Any, ssm_fake: Any) -> None:
    created = ssm_client.create_activation(IamRole="r")
    ssm_fake.register_instance(
        created["ActivationId"], created["ActivationCode"], computer_name="rack-7", ip_address="10.0.0.7"
    )
    (info,) = ssm_client.describe_instance_information()["InstanceInformationList"]
    assert (info["ComputerName"], info["IPAddress"]) == ("rack-7", "10.0.0.7")


def test_register_instance_refuses_macos(ssm_client: Any, ssm_fake: Any) -> None:
    # Hybrid Activations: "macOS is not currently supported for Systems Manager hybrid environments."
    created = ssm_client.create_activation(IamRole="r")
    with pytest.raises(ValueError, match="macOS"):
        ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"], platform="MacOS")
    assert ssm_client.describe_activations()["ActivationList"][0]["RegistrationsCount"] == 0
