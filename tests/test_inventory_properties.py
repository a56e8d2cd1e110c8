"""Properties of inventory queries against a plain model of the same data.

Random nodes report random applications and a custom type, some of them several times
(so indexes are updated, not only filled); random filters then select through GetInventory,
walked page by page with a random page size. The pages must hold exactly the nodes a
straightforward filter over the model keeps, in registration order, with no repeats or
gaps, and aggregation must count what the model counts.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import boto3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inventory_samples import item

from ssm_fake import mock_ssm

NAMES = st.sampled_from(["nginx", "nano", "curl", "cron", "zsh"])
VERSIONS = st.sampled_from(["1", "1.2", "10", "2", "9"])
APPLICATIONS = st.lists(st.fixed_dictionaries({"Name": NAMES, "Version": VERSIONS}), min_size=1, max_size=4)
RACKS = st.lists(st.fixed_dictionaries({"Row": st.sampled_from(["A", "B", "C"])}), min_size=1, max_size=2)
# One report: node index, its applications, its racks (None: not reported).
REPORTS = st.lists(st.tuples(st.integers(0, 7), APPLICATIONS, RACKS | st.none()), min_size=4, max_size=16)
PLATFORMS = st.lists(st.sampled_from(["Linux", "Windows"]), min_size=3, max_size=8)
FIELDS = {
    "AWS:Application.Name": NAMES,
    "AWS:Application.Version": VERSIONS,
    "Custom:Rack.Row": st.sampled_from(["A", "B", "C", "D"]),
    "AWS:InstanceInformation.PlatformType": st.sampled_from(["Linux", "Windows", "MacOS"]),
}
OPERATORS = st.sampled_from(["Equal", "NotEqual", "BeginWith", "LessThan", "GreaterThan"])


@st.composite
def filters(draw: Any) -> dict[str, Any]:
    key = draw(st.sampled_from(sorted(FIELDS)))
    values = draw(st.lists(FIELDS[key], min_size=1, max_size=3, unique=True))
    return {"Key": key, "Values": values, "Type": draw(OPERATORS)}


def _holds(operator: str, found: str, values: list[str]) -> bool:
    if operator == "Equal":
        return found in values
    if operator == "NotEqual":
        return found not in values
    if operator == "BeginWith":
        return any(found.startswith(value) for value in values)
    if operator == "LessThan":
        return any(found < value for value in values)
    return any(found > value for value in values)


def _model_matches(model: dict[str, list[dict[str, str]]], condition: dict[str, Any]) -> bool:
    type_name, _, attribute = condition["Key"].rpartition(".")
    entries = model.get(type_name)
    if entries is None:
        return False
    return any(
        attribute in entry and _holds(condition["Type"], entry[attribute], condition["Values"]) for entry in entries
    )


def _report(client: Any, node: str, applications: list[dict[str, str]] | None, racks: Any) -> None:
    items = []
    if applications is not None:
        items.append(item("AWS:Application", applications))
    if racks is not None:
        items.append(item("Custom:Rack", racks))
    if items:
        client.put_inventory(InstanceId=node, Items=items)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    platforms=PLATFORMS,
    reports=REPORTS,
    conditions=st.lists(filters(), min_size=1, max_size=2),
    page_size=st.integers(1, 3),
)
def test_get_inventory_pages_hold_exactly_the_models_matches(
    platforms: list[str], reports: list[Any], conditions: list[dict[str, Any]], page_size: int
) -> None:
    with mock_ssm() as ssm:
        client = boto3.client("ssm", region_name="us-east-1")
        nodes = [ssm.add_instance(platform=platform) for platform in platforms]
        models: list[dict[str, list[dict[str, str]]]] = [
            {"AWS:InstanceInformation": [{"PlatformType": platform}]} for platform in platforms
        ]
        for index, applications, racks in reports:
            if index >= len(nodes):
                continue
            _report(client, nodes[index], applications, racks)
            if applications is not None:
                models[index]["AWS:Application"] = applications
            if racks is not None:
                models[index]["Custom:Rack"] = racks
        if not any("Custom:Rack" in model for model in models):
            conditions = [c for c in conditions if not c["Key"].startswith("Custom:")] or [
                {"Key": "AWS:InstanceInformation.PlatformType", "Values": ["Linux"], "Type": "Equal"}
            ]
        expected = [
            node
            for node, model in zip(nodes, models, strict=True)
            if all(_model_matches(model, condition) for condition in conditions)
        ]
        seen: list[str] = []
        kwargs: dict[str, Any] = {"Filters": conditions, "MaxResults": page_size}
        for _ in range(len(nodes) + 1):
            page = client.get_inventory(**kwargs)
            assert len(page["Entities"]) <= page_size
            seen.extend(entity["Id"] for entity in page["Entities"])
            if "NextToken" not in page:
                break
            assert len(page["Entities"]) == page_size
            kwargs["NextToken"] = page["NextToken"]
        else:
            raise AssertionError(f"paging did not end after {len(nodes) + 1} pages: {seen}")
        assert seen == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(platforms=PLATFORMS, reports=REPORTS)
def test_aggregated_counts_equal_the_models(platforms: list[str], reports: list[Any]) -> None:
    with mock_ssm() as ssm:
        client = boto3.client("ssm", region_name="us-east-1")
        nodes = [ssm.add_instance(platform=platform) for platform in platforms]
        latest: dict[int, list[dict[str, str]]] = {}
        for index, applications, racks in reports:
            if index < len(nodes):
                _report(client, nodes[index], applications, racks)
                if applications is not None:
                    latest[index] = applications
        expected: Counter[tuple[str, str]] = Counter()
        for applications in latest.values():
            for pair in {(a["Name"], a["Version"]) for a in applications}:
                expected[pair] += 1
        aggregators = [
            {"Expression": "AWS:Application.Name", "Aggregators": [{"Expression": "AWS:Application.Version"}]}
        ]
        (entity,) = client.get_inventory(Aggregators=aggregators)["Entities"]
        rows = entity["Data"].get("AWS:Application", {"Content": []})["Content"]
        assert Counter({(row["Name"], row["Version"]): int(row["Count"]) for row in rows}) == expected
        platform_rows = client.get_inventory(Aggregators=[{"Expression": "AWS:InstanceInformation.PlatformType"}])
        (entity,) = platform_rows["Entities"]
        counted = {
            row["PlatformType"]: int(row["Count"]) for row in entity["Data"]["AWS:InstanceInformation"]["Content"]
        }
        assert counted == Counter(platforms)
