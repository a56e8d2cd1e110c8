"""DeleteInventory (data only, DisableSchema, DeleteSchema, DryRun, ClientToken) and
DescribeInventoryDeletions, with the deletion completing on the clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from inventory_samples import item
from service_errors import service_error

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
DELETION_TIME = 5 * 60


@pytest.fixture
def racks(ssm_client: Any, ssm_fake: Any) -> list[str]:
    """Three nodes with Custom:RackSpace: two of version 1.0, one of 2.0 (the user guide's example)."""
    ssm_fake.clock.freeze(START)
    nodes = [ssm_fake.add_instance() for _ in range(3)]
    for node, version in zip(nodes, ["1.0", "1.0", "2.0"], strict=True):
        ssm_client.put_inventory(InstanceId=node, Items=[item("Custom:RackSpace", SchemaVersion=version)])
    return nodes


def _nodes_with_racks(client: Any) -> int:
    groups = [{"Name": "r", "Filters": [{"Key": "TypeName", "Values": ["Custom:RackSpace"], "Type": "Exists"}]}]
    (entity,) = client.get_inventory(Aggregators=[{"Groups": groups}])["Entities"]
    return int(entity["Data"]["r"]["Content"][1]["matchingCount"])


SUMMARY = {
    "TotalCount": 3,
    "RemainingCount": 3,
    "SummaryItems": [
        {"Version": "1.0", "Count": 2, "RemainingCount": 2},
        {"Version": "2.0", "Count": 1, "RemainingCount": 1},
    ],
}


def test_dry_run_summarises_and_deletes_nothing(ssm_client: Any, racks: list[str]) -> None:
    reply = ssm_client.delete_inventory(TypeName="Custom:RackSpace", DryRun=True)
    assert reply["TypeName"] == "Custom:RackSpace"
    assert reply["DeletionSummary"] == SUMMARY
    assert "DeletionId" not in reply
    assert ssm_client.describe_inventory_deletions()["InventoryDeletions"] == []
    assert _nodes_with_racks(ssm_client) == 3


def test_deleting_data_completes_on_the_clock(ssm_client: Any, ssm_fake: Any, racks: list[str]) -> None:
    reply = ssm_client.delete_inventory(TypeName="Custom:RackSpace")
    deletion_id = reply["DeletionId"]
    assert reply["DeletionSummary"] == SUMMARY
    (status,) = ssm_client.describe_inventory_deletions(DeletionId=deletion_id)["InventoryDeletions"]
    assert status["LastStatus"] == "InProgress"
    assert status["LastStatusMessage"] == "The Delete is in progress"
    assert status["DeletionStartTime"] == START
    assert _nodes_with_racks(ssm_client) == 3
    ssm_fake.clock.advance(DELETION_TIME)
    (status,) = ssm_client.describe_inventory_deletions(DeletionId=deletion_id)["InventoryDeletions"]
    assert status["LastStatus"] == "Complete"
    assert status["LastStatusMessage"] == "Deletion is successful"
    assert status["LastStatusUpdateTime"] == START + timedelta(seconds=DELETION_TIME)
    assert status["DeletionSummary"]["RemainingCount"] == 0
    assert {i["RemainingCount"] for i in status["DeletionSummary"]["SummaryItems"]} == {0}
    assert _nodes_with_racks(ssm_client) == 0
    assert ssm_client.list_inventory_entries(InstanceId=racks[0], TypeName="Custom:RackSpace")["Entries"] == []
    # Only the data went: the type is still defined.
    (schema,) = ssm_client.get_inventory_schema(TypeName="Custom:RackSpace")["Schemas"]
    assert schema["Version"] == "2.0"


def test_delete_schema_removes_the_type(ssm_client: Any, ssm_fake: Any, racks: list[str]) -> None:
    ssm_client.delete_inventory(TypeName="Custom:RackSpace", SchemaDeleteOption="DeleteSchema")
    ssm_fake.clock.advance(DELETION_TIME)
    code, _ = service_error(ssm_client.get_inventory_schema, TypeName="Custom:RackSpace")
    assert code == "InvalidTypeNameException"
    ssm_client.put_inventory(InstanceId=racks[0], Items=[item("Custom:RackSpace", [{"Other": "x"}])])
    (schema,) = ssm_client.get_inventory_schema(TypeName="Custom:RackSpace")["Schemas"]
    assert [a["Name"] for a in schema["Attributes"]] == ["Other"]


def test_disable_schema_ignores_versions_up_to_the_disabled_one(
    ssm_client: Any, ssm_fake: Any, racks: list[str]
) -> None:
    ssm_client.delete_inventory(TypeName="Custom:RackSpace", SchemaDeleteOption="DisableSchema")
    ssm_fake.clock.advance(DELETION_TIME)
    assert _nodes_with_racks(ssm_client) == 0
    # The disabled type is still listed.
    assert ssm_client.get_inventory_schema(TypeName="Custom:RackSpace")["Schemas"]
    ssm_client.put_inventory(InstanceId=racks[0], Items=[item("Custom:RackSpace", SchemaVersion="2.0")])
    assert _nodes_with_racks(ssm_client) == 0
    code, _ = service_error(
        ssm_client.delete_inventory, TypeName="Custom:RackSpace", SchemaDeleteOption="DisableSchema"
    )
    assert code == "InvalidOptionException"
    ssm_client.put_inventory(InstanceId=racks[0], Items=[item("Custom:RackSpace", SchemaVersion="2.1")])
    assert _nodes_with_racks(ssm_client) == 1


def test_a_client_token_makes_the_request_idempotent(ssm_client: Any, racks: list[str]) -> None:
    token = "0f8fad5b-d9cb-469f-a165-70867728950e"
    first = ssm_client.delete_inventory(TypeName="Custom:RackSpace", ClientToken=token)
    again = ssm_client.delete_inventory(TypeName="Custom:RackSpace", ClientToken=token)
    assert again["DeletionId"] == first["DeletionId"]
    assert len(ssm_client.describe_inventory_deletions()["InventoryDeletions"]) == 1


def test_one_deletion_per_type_at_a_time(ssm_client: Any, ssm_fake: Any, racks: list[str]) -> None:
    ssm_client.delete_inventory(TypeName="Custom:RackSpace")
    code, message = service_error(ssm_client.delete_inventory, TypeName="Custom:RackSpace")
    assert code == "InvalidDeleteInventoryParametersException"
    assert "in progress" in message
    ssm_fake.clock.advance(DELETION_TIME)
    ssm_client.delete_inventory(TypeName="Custom:RackSpace")


@pytest.mark.parametrize("type_name", ["AWS:Application", "Custom:Unknown"])
def test_only_existing_custom_types_can_be_deleted(ssm_client: Any, racks: list[str], type_name: str) -> None:
    code, message = service_error(ssm_client.delete_inventory, TypeName=type_name)
    assert code == "InvalidTypeNameException"
    assert type_name in message


def test_deletions_are_listed_for_30_days_and_paged(ssm_client: Any, ssm_fake: Any, racks: list[str]) -> None:
    ids = []
    for _ in range(3):
        ids.append(ssm_client.delete_inventory(TypeName="Custom:RackSpace")["DeletionId"])
        ssm_fake.clock.advance(timedelta(days=1))
    first = ssm_client.describe_inventory_deletions(MaxResults=2)
    assert [d["DeletionId"] for d in first["InventoryDeletions"]] == ids[:2]
    rest = ssm_client.describe_inventory_deletions(MaxResults=2, NextToken=first["NextToken"])
    assert [d["DeletionId"] for d in rest["InventoryDeletions"]] == ids[2:]
    assert "NextToken" not in rest
    ssm_fake.clock.advance(timedelta(days=28, hours=12))
    listed = ssm_client.describe_inventory_deletions()["InventoryDeletions"]
    assert [d["DeletionId"] for d in listed] == ids[2:]


def test_an_unknown_deletion_id_is_refused(ssm_client: Any, racks: list[str]) -> None:
    code, _ = service_error(ssm_client.describe_inventory_deletions, DeletionId="0f8fad5b-d9cb-469f-a165-70867728950e")
    assert code == "InvalidDeletionIdException"


def test_reset_drops_pending_deletions(ssm_client: Any, ssm_fake: Any, racks: list[str]) -> None:
    ssm_client.delete_inventory(TypeName="Custom:RackSpace")
    ssm_fake.reset()
    ssm_fake.clock.advance(DELETION_TIME)
    assert ssm_client.describe_inventory_deletions()["InventoryDeletions"] == []
    assert ssm_client.get_inventory()["Entities"] == []
