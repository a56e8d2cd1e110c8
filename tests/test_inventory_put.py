"""PutInventory: what it stores, and every check it makes before storing anything."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from inventory_samples import CAPTURE_TIME, application, item, put_applications
from service_errors import service_error

OTHER_ACCOUNT = "210987654321"


def _entries(client: Any, instance_id: str, type_name: str) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = client.list_inventory_entries(InstanceId=instance_id, TypeName=type_name)["Entries"]
    return entries


def test_put_stores_an_aws_type_and_returns_nothing_more(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    reply = ssm_client.put_inventory(
        InstanceId=node, Items=[item("AWS:Application", [application("nginx", "1.24", Publisher="F5")])]
    )
    assert set(reply) == {"ResponseMetadata"}
    listed = ssm_client.list_inventory_entries(InstanceId=node, TypeName="AWS:Application")
    assert listed["SchemaVersion"] == "1.1"
    assert listed["CaptureTime"] == CAPTURE_TIME
    assert listed["Entries"] == [{"Name": "nginx", "Version": "1.24", "Publisher": "F5"}]


def test_a_second_put_replaces_the_item_of_that_type_only(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    ssm_client.put_inventory(InstanceId=node, Items=[item("AWS:Application", [application("a")]), item()])
    put_applications(ssm_client, node, application("b"), application("c"))
    assert [e["Name"] for e in _entries(ssm_client, node, "AWS:Application")] == ["b", "c"]
    assert _entries(ssm_client, node, "Custom:RackInfo") == [{"RackLocation": "Bay B/Row C"}]


def test_an_unchanged_content_hash_leaves_the_item_as_it_was(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    first = item(content=[{"RackLocation": "A"}], ContentHash="abc")
    ssm_client.put_inventory(InstanceId=node, Items=[first])
    same_hash = item(content=[{"RackLocation": "B"}], ContentHash="abc", CaptureTime="2026-04-01T00:00:00Z")
    ssm_client.put_inventory(InstanceId=node, Items=[same_hash])
    listed = ssm_client.list_inventory_entries(InstanceId=node, TypeName="Custom:RackInfo")
    assert listed["Entries"] == [{"RackLocation": "A"}]
    assert listed["CaptureTime"] == CAPTURE_TIME
    ssm_client.put_inventory(InstanceId=node, Items=[item(content=[{"RackLocation": "C"}], ContentHash="def")])
    assert _entries(ssm_client, node, "Custom:RackInfo") == [{"RackLocation": "C"}]


def test_the_first_put_of_a_custom_type_defines_its_schema(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    ssm_client.put_inventory(InstanceId=node, Items=[item("Custom:Disk", [{"Mount": "/", "Free": "10"}])])
    ssm_client.put_inventory(
        InstanceId=node, Items=[item("Custom:Disk", [{"Mount": "/", "Owner": "ops"}], SchemaVersion="1.1")]
    )
    (schema,) = ssm_client.get_inventory_schema(TypeName="Custom:Disk")["Schemas"]
    assert schema["Version"] == "1.1"
    assert [a["Name"] for a in schema["Attributes"]] == ["Mount", "Free", "Owner"]
    assert {a["DataType"] for a in schema["Attributes"]} == {"string"}


@pytest.mark.parametrize("instance_id", ["i-0123456789abcdef0", "mi-0123456789abcdef0"])
def test_the_node_must_be_managed_here(ssm_client: Any, ssm_fake: Any, instance_id: str) -> None:
    code, message = service_error(ssm_client.put_inventory, InstanceId=instance_id, Items=[item()])
    assert code == "InvalidInstanceId"
    assert instance_id in message


def test_a_node_of_another_account_or_region_is_refused(ssm_client: Any, ssm_fake: Any) -> None:
    elsewhere = ssm_fake.add_instance(region="eu-west-1")
    foreign = ssm_fake.add_instance(account_id=OTHER_ACCOUNT)
    for instance_id in (elsewhere, foreign):
        code, _ = service_error(ssm_client.put_inventory, InstanceId=instance_id, Items=[item()])
        assert code == "InvalidInstanceId"
    other = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials(OTHER_ACCOUNT))
    other.put_inventory(InstanceId=foreign, Items=[item()])
    assert _entries(other, foreign, "Custom:RackInfo") == [{"RackLocation": "Bay B/Row C"}]


def test_items_must_number_1_to_30(ssm_client: Any, raw_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    code, message = service_error(raw_client.put_inventory, InstanceId=node, Items=[])
    assert code == "ValidationException"
    assert "items" in message
    many = [item(f"Custom:T{index}") for index in range(31)]
    code, _ = service_error(raw_client.put_inventory, InstanceId=node, Items=many)
    assert code == "ValidationException"
    ssm_client.put_inventory(InstanceId=node, Items=many[:20])


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("AWS:NoSuchType", "InvalidTypeNameException"),
        ("Custom:rack", "InvalidTypeNameException"),
        ("Custom:", "InvalidTypeNameException"),
        ("AWS:InstanceInformation", "InvalidTypeNameException"),
        ("CUSTOM:Rack", "ValidationException"),
    ],
)
def test_type_names_are_checked(raw_client: Any, ssm_fake: Any, type_name: str, expected: str) -> None:
    node = ssm_fake.add_instance()
    code, message = service_error(raw_client.put_inventory, InstanceId=node, Items=[item(type_name)])
    assert code == expected
    assert type_name in message or "typeName" in message


def test_aws_types_take_only_their_schema_version(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    code, message = service_error(
        ssm_client.put_inventory,
        InstanceId=node,
        Items=[item("AWS:Application", [application("a")], SchemaVersion="1.0")],
    )
    assert code == "UnsupportedInventorySchemaVersionException"
    assert "1.1" in message


def test_aws_attributes_must_be_in_the_schema(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    code, message = service_error(
        ssm_client.put_inventory, InstanceId=node, Items=[item("AWS:Application", [{"Name": "a", "Colour": "red"}])]
    )
    assert code == "InvalidItemContentException"
    assert "Colour" in message


def test_number_attributes_must_hold_numbers(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    details = item("AWS:InstanceDetailedInformation", [{"CPUModel": "Xeon", "CPUCores": "four"}])
    code, message = service_error(ssm_client.put_inventory, InstanceId=node, Items=[details])
    assert code == "InvalidItemContentException"
    assert "CPUCores" in message
    details["Content"] = [{"CPUModel": "Xeon", "CPUCores": "4"}]
    ssm_client.put_inventory(InstanceId=node, Items=[details])


def test_attribute_names_must_be_spelled_consistently(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    ssm_client.put_inventory(InstanceId=node, Items=[item(content=[{"Vendor": "DELL"}])])
    for content in ([{"vendor": "DELL"}], [{"Vendor": "A"}, {"VENDOR": "B"}]):
        code, message = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item(content=content)])
        assert code == "ItemContentMismatchException"
        assert "Vendor" in message
    code, _ = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item("AWS:Application", [{"name": "a"}])])
    assert code == "ItemContentMismatchException"


def test_a_custom_type_has_at_most_50_attributes(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    ssm_client.put_inventory(InstanceId=node, Items=[item(content=[{f"A{i}": "x" for i in range(50)}])])
    code, message = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item(content=[{"Another": "x"}])])
    assert code == "InvalidItemContentException"
    assert "50" in message


def test_context_is_only_for_types_that_take_it(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    code, _ = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item(Context={"ExecutionId": "1"})])
    assert code == "UnsupportedInventoryItemContextException"
    compliance = item(
        "AWS:ComplianceItem",
        [{"Id": "KB1", "Title": "Patch", "Status": "COMPLIANT", "Severity": "CRITICAL"}],
        Context={"ComplianceType": "Patch", "ExecutionId": "e-1", "ExecutionType": "Command"},
    )
    ssm_client.put_inventory(InstanceId=node, Items=[compliance])
    compliance["Context"] = {"Colour": "red"}
    code, message = service_error(ssm_client.put_inventory, InstanceId=node, Items=[compliance])
    assert code == "InvalidInventoryItemContextException"
    assert "Colour" in message


def test_an_item_larger_than_200_kb_is_refused(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    big = [{"Name": f"package-{i}", "Summary": "x" * 4000} for i in range(60)]
    code, message = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item("AWS:Application", big)])
    assert code == "ItemSizeLimitExceededException"
    assert "AWS:Application" in message
    ssm_client.put_inventory(InstanceId=node, Items=[item("AWS:Application", big[:45])])


def test_a_call_larger_than_1_mb_is_refused(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    share = [{"Name": f"p-{i}", "Summary": "x" * 4000} for i in range(45)]
    items = [item(f"Custom:Part{index}", share) for index in range(6)]
    code, _ = service_error(ssm_client.put_inventory, InstanceId=node, Items=items)
    assert code == "TotalSizeLimitExceededException"
    code, _ = service_error(ssm_client.get_inventory_schema, TypeName="Custom:Part0")
    assert code == "InvalidTypeNameException"  # nothing of the refused call was stored


def test_at_most_20_custom_types_per_account(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    west_node = ssm_fake.add_instance(region="us-west-2")
    west = boto3.client("ssm", region_name="us-west-2")
    west.put_inventory(InstanceId=west_node, Items=[item("Custom:West")])
    ssm_client.put_inventory(InstanceId=node, Items=[item(f"Custom:T{index}") for index in range(19)])
    code, message = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item("Custom:One")])
    assert code == "CustomSchemaCountLimitExceededException"
    assert "20" in message
    ssm_client.put_inventory(InstanceId=node, Items=[item("Custom:T0", [{"Again": "yes"}])])


def test_a_duplicate_type_in_one_request_is_refused(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    code, _ = service_error(ssm_client.put_inventory, InstanceId=node, Items=[item(), item()])
    assert code == "InvalidItemContentException"


@pytest.mark.parametrize("capture_time", ["2026-02-30T10:00:00Z", "2026-03-01 10:00:00", "2026-03-01T10:00:00+01:00"])
def test_capture_time_must_be_a_real_utc_time(raw_client: Any, ssm_fake: Any, capture_time: str) -> None:
    node = ssm_fake.add_instance()
    code, message = service_error(raw_client.put_inventory, InstanceId=node, Items=[item(CaptureTime=capture_time)])
    assert code == "ValidationException"
    assert capture_time in message or "captureTime" in message


def test_a_refused_request_stores_none_of_its_items(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance()
    good = item("AWS:Application", [application("a")])
    bad = item("AWS:Network", [{"Colour": "red"}])
    code, _ = service_error(ssm_client.put_inventory, InstanceId=node, Items=[good, bad])
    assert code == "InvalidItemContentException"
    assert _entries(ssm_client, node, "AWS:Application") == []


def test_detailed_information_as_a_real_node_reports_it(ssm_client: Any, ssm_fake: Any) -> None:
    # The entry of a real ListInventoryEntries reply pasted in a public AWS SDK issue,
    # KernelVersion included although the user guide's schema omits it.
    entry = {
        "CPUCores": "1",
        "CPUHyperThreadEnabled": "true",
        "CPUModel": "Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz",
        "CPUSockets": "1",
        "CPUSpeedMHz": "2300",
        "CPUs": "2",
        "KernelVersion": "5.10.186-179.751.amzn2.x86_64",
        "OSServicePack": "",
    }
    node = ssm_fake.add_instance()
    ssm_client.put_inventory(InstanceId=node, Items=[item("AWS:InstanceDetailedInformation", [entry])])
    assert _entries(ssm_client, node, "AWS:InstanceDetailedInformation") == [entry]
