"""GetInventory: filters of every operator, paging, result types, aggregators and groups."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from inventory_samples import application, item, put_applications
from service_errors import service_error


def _ids(client: Any, **kwargs: Any) -> list[str]:
    return [entity["Id"] for entity in client.get_inventory(**kwargs)["Entities"]]


def _filter(key: str, *values: str, kind: str = "Equal") -> dict[str, Any]:
    return {"Key": key, "Values": list(values), "Type": kind}


@pytest.fixture
def fleet(ssm_client: Any, ssm_fake: Any) -> list[str]:
    """Four nodes: two Linux with nginx 1.24 / 1.25, a Windows one with chrome, one with nothing put."""
    nodes = [
        ssm_fake.add_instance(),
        ssm_fake.add_instance(),
        ssm_fake.add_instance(platform="Windows"),
        ssm_fake.add_instance(),
    ]
    put_applications(ssm_client, nodes[0], application("nginx", "1.24"), application("curl", "8.5"))
    put_applications(ssm_client, nodes[1], application("nginx", "1.25"))
    put_applications(ssm_client, nodes[2], application("chrome", "120"))
    ssm_client.put_inventory(
        InstanceId=nodes[2],
        Items=[item("AWS:InstanceDetailedInformation", [{"CPUModel": "Xeon", "CPUCores": "16"}])],
    )
    ssm_client.put_inventory(
        InstanceId=nodes[0],
        Items=[item("AWS:InstanceDetailedInformation", [{"CPUModel": "Xeon", "CPUCores": "4"}])],
    )
    return nodes


def test_without_filters_every_managed_node_shows_its_instance_information(ssm_client: Any, ssm_fake: Any) -> None:
    node = ssm_fake.add_instance(platform="Windows", computer_name="WIN-1", ip_address="10.0.0.5")
    (entity,) = ssm_client.get_inventory()["Entities"]
    assert entity["Id"] == node
    information = entity["Data"]["AWS:InstanceInformation"]
    assert information["TypeName"] == "AWS:InstanceInformation"
    assert information["SchemaVersion"] == "1.0"
    (content,) = information["Content"]
    assert content["InstanceId"] == node
    assert content["ComputerName"] == "WIN-1"
    assert content["IpAddress"] == "10.0.0.5"
    assert content["PlatformType"] == "Windows"
    assert content["ResourceType"] == "EC2Instance"
    assert content["AgentType"] == "amazon-ssm-agent"
    assert content["InstanceStatus"] == "Active"
    assert list(content) == sorted(content)


def test_instance_information_follows_the_node(ssm_client: Any, ssm_fake: Any) -> None:
    created = ssm_client.create_activation(IamRole="HybridRole")
    node = ssm_fake.register_instance(created["ActivationId"], created["ActivationCode"])
    ssm_client.update_managed_instance_role(InstanceId=node, IamRole="NewRole")
    (entity,) = ssm_client.get_inventory()["Entities"]
    assert entity["Data"]["AWS:InstanceInformation"]["Content"][0]["IamRole"] == "NewRole"
    ssm_client.deregister_managed_instance(InstanceId=node)
    assert ssm_client.get_inventory()["Entities"] == []


def test_equal_selects_nodes_with_an_entry_of_that_value(ssm_client: Any, fleet: list[str]) -> None:
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Name", "nginx")]) == fleet[:2]
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Name", "curl", "chrome")]) == [fleet[0], fleet[2]]
    assert _ids(ssm_client, Filters=[{"Key": "AWS:Application.Name", "Values": ["chrome"]}]) == [fleet[2]]


def test_not_equal_selects_nodes_with_an_entry_of_another_value(ssm_client: Any, fleet: list[str]) -> None:
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Name", "nginx", kind="NotEqual")]) == [
        fleet[0],
        fleet[2],
    ]


def test_begin_with_matches_prefixes(ssm_client: Any, fleet: list[str]) -> None:
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Version", "1", kind="BeginWith")]) == [
        fleet[0],
        fleet[1],
        fleet[2],
    ]
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Version", "1.", kind="BeginWith")]) == fleet[:2]
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Name", "ch", "cu", kind="BeginWith")]) == [
        fleet[0],
        fleet[2],
    ]


def test_less_and_greater_than_compare_numbers_as_numbers(ssm_client: Any, fleet: list[str]) -> None:
    key = "AWS:InstanceDetailedInformation.CPUCores"
    assert _ids(ssm_client, Filters=[_filter(key, "8", kind="LessThan")]) == [fleet[0]]
    assert _ids(ssm_client, Filters=[_filter(key, "8", kind="GreaterThan")]) == [fleet[2]]
    code, _ = service_error(ssm_client.get_inventory, Filters=[_filter(key, "many", kind="LessThan")])
    assert code == "InvalidFilter"


def test_filters_on_instance_information(ssm_client: Any, fleet: list[str]) -> None:
    assert _ids(ssm_client, Filters=[_filter("AWS:InstanceInformation.PlatformType", "Windows")]) == [fleet[2]]
    assert _ids(ssm_client, Filters=[_filter("AWS:InstanceInformation.InstanceId", fleet[3], fleet[1])]) == [
        fleet[1],
        fleet[3],
    ]


def test_all_filters_must_match(ssm_client: Any, fleet: list[str]) -> None:
    filters = [
        _filter("AWS:Application.Name", "nginx"),
        _filter("AWS:InstanceDetailedInformation.CPUModel", "Xeon"),
    ]
    assert _ids(ssm_client, Filters=filters) == [fleet[0]]


def test_paging_walks_every_match_once(ssm_client: Any, ssm_fake: Any) -> None:
    nodes = [ssm_fake.add_instance() for _ in range(7)]
    for node in nodes[::2]:
        put_applications(ssm_client, node, application("nginx"))
    seen: list[str] = []
    kwargs: dict[str, Any] = {"Filters": [_filter("AWS:Application.Name", "nginx")], "MaxResults": 3}
    pages = 0
    while True:
        reply = ssm_client.get_inventory(**kwargs)
        seen.extend(entity["Id"] for entity in reply["Entities"])
        pages += 1
        if "NextToken" not in reply:
            break
        kwargs["NextToken"] = reply["NextToken"]
    assert seen == nodes[::2]
    assert pages == 2
    paginated = ssm_client.get_paginator("get_inventory").paginate(PaginationConfig={"PageSize": 2})
    assert [entity["Id"] for page in paginated for entity in page["Entities"]] == nodes


def test_result_attributes_pick_patch_summary(ssm_client: Any, fleet: list[str]) -> None:
    summary = item("AWS:PatchSummary", [{"PatchGroup": "web", "BaselineId": "pb-1", "InstalledCount": "3"}])
    ssm_client.put_inventory(InstanceId=fleet[1], Items=[summary])
    (entity,) = ssm_client.get_inventory(ResultAttributes=[{"TypeName": "AWS:PatchSummary"}])["Entities"]
    assert entity["Id"] == fleet[1]
    assert entity["Data"]["AWS:PatchSummary"]["Content"] == summary["Content"]


def test_other_result_types_are_refused_with_the_services_message(ssm_client: Any, fleet: list[str]) -> None:
    code, message = service_error(
        ssm_client.get_inventory, ResultAttributes=[{"TypeName": "AWS:InstanceDetailedInformation"}]
    )
    assert code == "InvalidResultAttributeException"
    assert message == (
        "Result type name AWS:InstanceDetailedInformation is not supported. Supported type names are: "
        "AWS:InstanceInformation, AWS:PatchSummary. Default result type name is AWS:InstanceInformation."
    )


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("AWS:Application", "InvalidFilter"),
        ("AWS:Application.Colour", "InvalidFilter"),
        ("AWS:NoSuchType.Name", "InvalidTypeNameException"),
        ("Custom:Undefined.Name", "InvalidTypeNameException"),
        ("TypeName", "InvalidFilter"),
    ],
)
def test_bad_filter_keys(ssm_client: Any, fleet: list[str], key: str, code: str) -> None:
    found, message = service_error(ssm_client.get_inventory, Filters=[_filter(key, "x")])
    assert found == code
    assert key.split(".")[0] in message


def test_exists_needs_aggregators(ssm_client: Any, fleet: list[str]) -> None:
    code, message = service_error(
        ssm_client.get_inventory, Filters=[_filter("AWS:Application.Name", "x", kind="Exists")]
    )
    assert code == "InvalidFilter"
    assert "Exists" in message


def test_a_bad_token_is_refused(ssm_client: Any, fleet: list[str]) -> None:
    code, _ = service_error(ssm_client.get_inventory, NextToken="not-a-token")
    assert code == "InvalidNextToken"


def test_aggregating_counts_nodes_per_value(ssm_client: Any, fleet: list[str]) -> None:
    reply = ssm_client.get_inventory(Aggregators=[{"Expression": "AWS:InstanceInformation.PlatformType"}])
    assert "NextToken" not in reply
    (entity,) = reply["Entities"]
    assert entity["Data"]["AWS:InstanceInformation"]["Content"] == [
        {"PlatformType": "Linux", "Count": "3"},
        {"PlatformType": "Windows", "Count": "1"},
    ]


def test_nested_aggregators_count_combinations_of_one_entry(ssm_client: Any, fleet: list[str]) -> None:
    aggregators = [
        {
            "Expression": "AWS:Application.Name",
            "Aggregators": [
                {
                    "Expression": "AWS:Application.Version",
                    "Aggregators": [{"Expression": "AWS:InstanceInformation.PlatformType"}],
                }
            ],
        }
    ]
    (entity,) = ssm_client.get_inventory(Aggregators=aggregators)["Entities"]
    rows = entity["Data"]["AWS:Application"]["Content"]
    assert sorted(rows, key=lambda row: (row["Name"], row["Version"])) == [
        {"Name": "chrome", "Version": "120", "PlatformType": "Windows", "Count": "1"},
        {"Name": "curl", "Version": "8.5", "PlatformType": "Linux", "Count": "1"},
        {"Name": "nginx", "Version": "1.24", "PlatformType": "Linux", "Count": "1"},
        {"Name": "nginx", "Version": "1.25", "PlatformType": "Linux", "Count": "1"},
    ]


def test_aggregation_counts_only_filtered_nodes(ssm_client: Any, fleet: list[str]) -> None:
    (entity,) = ssm_client.get_inventory(
        Filters=[_filter("AWS:Application.Name", "nginx")],
        Aggregators=[{"Expression": "AWS:Application.Name"}],
    )["Entities"]
    assert entity["Data"]["AWS:Application"]["Content"] == [
        {"Name": "nginx", "Count": "2"},
        {"Name": "curl", "Count": "1"},
    ]


def test_groups_count_matching_and_not_matching_nodes(ssm_client: Any, fleet: list[str]) -> None:
    groups = [
        {
            "Name": "ApplicationAndDetails",
            "Filters": [
                _filter("TypeName", "AWS:Application", kind="Exists"),
                _filter("TypeName", "AWS:InstanceDetailedInformation", kind="Exists"),
            ],
        },
        {
            "Name": "ApplicationOrDetails",
            "Filters": [_filter("TypeName", "AWS:Application", "AWS:InstanceDetailedInformation", kind="Exists")],
        },
        {"Name": "Nginx", "Filters": [_filter("AWS:Application.Name", "nginx")]},
    ]
    (entity,) = ssm_client.get_inventory(Aggregators=[{"Groups": groups}])["Entities"]
    assert entity["Data"] == {
        "ApplicationAndDetails": {"Content": [{"notMatchingCount": "2"}, {"matchingCount": "2"}]},
        "ApplicationOrDetails": {"Content": [{"notMatchingCount": "1"}, {"matchingCount": "3"}]},
        "Nginx": {"Content": [{"notMatchingCount": "2"}, {"matchingCount": "2"}]},
    }


@pytest.mark.parametrize(
    "aggregator",
    [
        {"Expression": "AWS:Application.Publisher"},
        {"Expression": "AWS:Application"},
        {
            "Expression": "AWS:Application.Name",
            "Groups": [{"Name": "g", "Filters": [_filter("TypeName", "AWS:File", kind="Exists")]}],
        },
        {"Aggregators": [{"Expression": "AWS:Application.Name"}]},
        {
            "Expression": "AWS:Application.Name",
            "Aggregators": [{"Groups": [{"Name": "g", "Filters": [_filter("TypeName", "AWS:File", kind="Exists")]}]}],
        },
    ],
)
def test_invalid_aggregators(ssm_client: Any, fleet: list[str], aggregator: dict[str, Any]) -> None:
    code, _ = service_error(ssm_client.get_inventory, Aggregators=[aggregator])
    assert code == "InvalidAggregatorException"


def test_group_names_must_be_unique(ssm_client: Any, fleet: list[str]) -> None:
    group = {"Name": "g", "Filters": [_filter("TypeName", "AWS:File", kind="Exists")]}
    code, message = service_error(ssm_client.get_inventory, Aggregators=[{"Groups": [group, group]}])
    assert code == "InvalidInventoryGroupException"
    assert "g" in message


def test_filters_on_a_custom_type(ssm_client: Any, fleet: list[str]) -> None:
    ssm_client.put_inventory(InstanceId=fleet[3], Items=[item(content=[{"RackLocation": "Row C"}])])
    ssm_client.put_inventory(InstanceId=fleet[1], Items=[item(content=[{"RackLocation": "Row D"}])])
    assert _ids(ssm_client, Filters=[_filter("Custom:RackInfo.RackLocation", "Row C")]) == [fleet[3]]
    assert _ids(ssm_client, Filters=[_filter("Custom:RackInfo.RackLocation", "Row", kind="BeginWith")]) == [
        fleet[1],
        fleet[3],
    ]


def test_group_filters_may_test_that_an_attribute_exists(ssm_client: Any, fleet: list[str]) -> None:
    put_applications(ssm_client, fleet[3], application("vim", Publisher="vim.org"))
    groups = [{"Name": "Published", "Filters": [_filter("AWS:Application.Publisher", "x", kind="Exists")]}]
    (entity,) = ssm_client.get_inventory(Aggregators=[{"Groups": groups}])["Entities"]
    assert entity["Data"]["Published"]["Content"] == [{"notMatchingCount": "3"}, {"matchingCount": "1"}]
    unknown = [{"Name": "g", "Filters": [_filter("TypeName", "Custom:Nothing", kind="Exists")]}]
    code, _ = service_error(ssm_client.get_inventory, Aggregators=[{"Groups": unknown}])
    assert code == "InvalidTypeNameException"


def test_each_account_sees_its_own_nodes(ssm_client: Any, ssm_fake: Any, fleet: list[str]) -> None:
    other_account = "210987654321"
    theirs = ssm_fake.add_instance(account_id=other_account)
    other = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials(other_account))
    put_applications(other, theirs, application("nginx"))
    assert _ids(other, Filters=[_filter("AWS:Application.Name", "nginx")]) == [theirs]
    assert _ids(ssm_client, Filters=[_filter("AWS:Application.Name", "nginx")]) == fleet[:2]
    west = boto3.client("ssm", region_name="us-west-2")
    assert west.get_inventory()["Entities"] == []
