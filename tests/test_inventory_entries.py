"""ListInventoryEntries and GetInventorySchema."""

from __future__ import annotations

from typing import Any

import pytest
from inventory_samples import CAPTURE_TIME, application, item, put_applications
from service_errors import service_error


def test_entries_of_a_type_with_schema_version_and_capture_time(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    put_applications(ssm_client, node, application("a"), application("b"))
    reply = ssm_client.list_inventory_entries(InstanceId=node, TypeName="AWS:Application")
    assert reply["InstanceId"] == node
    assert reply["TypeName"] == "AWS:Application"
    assert reply["SchemaVersion"] == "1.1"
    assert reply["CaptureTime"] == CAPTURE_TIME
    assert [entry["Name"] for entry in reply["Entries"]] == ["a", "b"]
    assert "NextToken" not in reply


def test_a_type_the_node_has_not_reported_has_no_entries(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    reply = ssm_client.list_inventory_entries(InstanceId=node, TypeName="AWS:Network")
    assert reply["Entries"] == []
    assert "SchemaVersion" not in reply


def test_instance_information_entries_come_from_the_node(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance(platform="Windows")
    (entry,) = ssm_client.list_inventory_entries(InstanceId=node, TypeName="AWS:InstanceInformation")["Entries"]
    assert entry["InstanceId"] == node
    assert entry["PlatformType"] == "Windows"


@pytest.mark.parametrize("key", ["Name", "AWS:Application.Name"])
def test_filters_keep_matching_entries(ssm_client: Any, ssm_fake: Any, key: str) -> None:
    node = ssm_fake.add_instance()
    put_applications(ssm_client, node, application("nginx", "1"), application("curl", "2"), application("nano", "3"))
    reply = ssm_client.list_inventory_entries(
        InstanceId=node, TypeName="AWS:Application", Filters=[{"Key": key, "Values": ["n"], "Type": "BeginWith"}]
    )
    assert [entry["Name"] for entry in reply["Entries"]] == ["nginx", "nano"]
    reply = ssm_client.list_inventory_entries(
        InstanceId=node,
        TypeName="AWS:Application",
        Filters=[{"Key": key, "Values": ["curl"], "Type": "NotEqual"}, {"Key": "Version", "Values": ["3"]}],
    )
    assert [entry["Name"] for entry in reply["Entries"]] == ["nano"]


def test_paging_through_entries(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    put_applications(ssm_client, node, *(application(f"app-{index:02}") for index in range(23)))
    kwargs: dict[str, Any] = {"InstanceId": node, "TypeName": "AWS:Application", "MaxResults": 5}
    sizes, names = [], []
    while True:
        page = ssm_client.list_inventory_entries(**kwargs)
        sizes.append(len(page["Entries"]))
        names.extend(entry["Name"] for entry in page["Entries"])
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sizes == [5, 5, 5, 5, 3]
    assert names == [f"app-{index:02}" for index in range(23)]


def test_entry_errors(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    put_applications(ssm_client, node, application("a"))
    code, _ = service_error(ssm_client.list_inventory_entries, InstanceId="i-0123456789abcdef0", TypeName="AWS:File")
    assert code == "InvalidInstanceId"
    code, _ = service_error(ssm_client.list_inventory_entries, InstanceId=node, TypeName="Custom:Nothing")
    assert code == "InvalidTypeNameException"
    for key in ("Colour", "AWS:File.Name"):
        code, _ = service_error(
            ssm_client.list_inventory_entries,
            InstanceId=node,
            TypeName="AWS:Application",
            Filters=[{"Key": key, "Values": ["x"]}],
        )
        assert code == "InvalidFilter"
    code, _ = service_error(
        ssm_client.list_inventory_entries, InstanceId=node, TypeName="AWS:Application", NextToken="garbage"
    )
    assert code == "InvalidNextToken"


def test_schema_lists_aws_types_and_the_accounts_custom_ones(ssm_client: Any, ssm_fake: Any) -> None:
    names = {schema["TypeName"] for schema in ssm_client.get_inventory_schema()["Schemas"]}
    for expected in (
        "AWS:Application",
        "AWS:AWSComponent",
        "AWS:Network",
        "AWS:WindowsUpdate",
        "AWS:InstanceInformation",
        "AWS:InstanceDetailedInformation",
        "AWS:Service",
        "AWS:WindowsRole",
        "AWS:WindowsRegistry",
        "AWS:File",
        "AWS:Tag",
        "AWS:ComplianceItem",
        "AWS:ComplianceSummary",
        "AWS:BillingInfo",
    ):
        assert expected in names
    assert not any(name.startswith("Custom:") for name in names)
    node = ssm_fake.add_instance()
    ssm_client.put_inventory(InstanceId=node, Items=[item("Custom:RackInfo")])
    names = {schema["TypeName"] for schema in ssm_client.get_inventory_schema()["Schemas"]}
    assert "Custom:RackInfo" in names


def test_schema_of_one_type(ssm_client: Any) -> None:
    (schema,) = ssm_client.get_inventory_schema(TypeName="AWS:InstanceDetailedInformation")["Schemas"]
    assert schema["Version"] == "1.0"
    kinds = {attribute["Name"]: attribute["DataType"] for attribute in schema["Attributes"]}
    assert kinds["CPUCores"] == "number"
    assert kinds["CPUModel"] == "string"
    code, _ = service_error(ssm_client.get_inventory_schema, TypeName="AWS:Nothing")
    assert code == "InvalidTypeNameException"


def test_aggregator_schemas_list_only_aggregatable_attributes(ssm_client: Any) -> None:
    schemas = ssm_client.get_inventory_schema(Aggregator=True)["Schemas"]
    by_name = {schema["TypeName"]: schema for schema in schemas}
    assert set(by_name) == {
        "AWS:Application",
        "AWS:InstanceInformation",
        "AWS:ResourceGroup",
        "AWS:Service",
        "AWS:WindowsRole",
    }
    platform = by_name["AWS:InstanceInformation"]
    assert platform["DisplayName"] == "Platform"
    assert [a["Name"] for a in platform["Attributes"]] == ["PlatformName", "PlatformType", "PlatformVersion"]


def test_schema_listing_fits_one_page_and_checks_tokens(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    for start in range(0, 20, 10):
        ssm_client.put_inventory(
            InstanceId=node, Items=[item(f"Custom:Type{index:02}") for index in range(start, start + 10)]
        )
    reply = ssm_client.get_inventory_schema(MaxResults=50)
    names = [schema["TypeName"] for schema in reply["Schemas"]]
    assert "NextToken" not in reply
    assert len(names) == 39  # the 19 AWS types and the 20 custom types an account can have
    assert names == sorted(names)
    code, _ = service_error(ssm_client.get_inventory_schema, NextToken="garbage")
    assert code == "InvalidNextToken"
