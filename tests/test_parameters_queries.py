"""Finding parameters: GetParametersByPath and DescribeParameters, their filters and paging."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def _error(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.fixture
def tree(ssm_client: Any) -> Any:
    """/app/a, /app/b (SecureString, tagged), /app/sub/c, /apple, top (top-level), /other/d (Advanced)."""
    put = ssm_client.put_parameter
    put(Name="/app/a", Value="1", Type="String")
    put(Name="/app/b", Value="2", Type="SecureString", KeyId="alias/team", Tags=[{"Key": "env", "Value": "prod"}])
    put(Name="/app/sub/c", Value="3", Type="StringList", Tags=[{"Key": "env", "Value": "dev"}])
    put(Name="/apple", Value="4", Type="String", Tags=[{"Key": "owner", "Value": "x"}])
    put(Name="top", Value="5", Type="String")
    put(Name="/other/d", Value="6", Type="String", Tier="Advanced", DataType="text")
    return ssm_client


def _by_path(client: Any, **kwargs: Any) -> list[str]:
    pages = client.get_paginator("get_parameters_by_path").paginate(**kwargs)
    return [parameter["Name"] for page in pages for parameter in page["Parameters"]]


def _described(client: Any, **kwargs: Any) -> list[str]:
    pages = client.get_paginator("describe_parameters").paginate(**kwargs)
    return [parameter["Name"] for page in pages for parameter in page["Parameters"]]


# --- GetParametersByPath -------------------------------------------------------------------------


def test_by_path_one_level_and_recursive(tree: Any) -> None:
    assert _by_path(tree, Path="/app") == ["/app/a", "/app/b"]
    assert _by_path(tree, Path="/app/") == ["/app/a", "/app/b"]
    assert _by_path(tree, Path="/app", Recursive=True) == ["/app/a", "/app/b", "/app/sub/c"]
    assert _by_path(tree, Path="/", Recursive=False) == ["/apple", "top"]
    assert len(_by_path(tree, Path="/", Recursive=True)) == 6
    assert _by_path(tree, Path="/app/a") == []


def test_by_path_returns_values_and_decrypts_on_request(tree: Any) -> None:
    [hidden] = tree.get_parameters_by_path(Path="/app", ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}])[
        "Parameters"
    ]
    assert hidden["Value"] != "2"
    [shown] = tree.get_parameters_by_path(
        Path="/app", WithDecryption=True, ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}]
    )["Parameters"]
    assert (shown["Name"], shown["Value"], shown["ARN"]) == (
        "/app/b",
        "2",
        "arn:aws:ssm:us-east-1:123456789012:parameter/app/b",
    )


def test_by_path_must_start_with_a_slash(tree: Any) -> None:
    for path in ("app", "/app//x", "/app$"):
        with pytest.raises(ClientError) as caught:
            tree.get_parameters_by_path(Path=path)
        code, message = _error(caught)
        assert code == "ValidationException"
        assert message.startswith("The parameter doesn't meet the parameter name requirements.")


def test_by_path_filters(tree: Any) -> None:
    key_filter = [{"Key": "KeyId", "Values": ["alias/team"]}]
    assert _by_path(tree, Path="/app", Recursive=True, ParameterFilters=key_filter) == ["/app/b"]
    type_filter = [{"Key": "Type", "Option": "BeginsWith", "Values": ["StringL"]}]
    assert _by_path(tree, Path="/app", Recursive=True, ParameterFilters=type_filter) == ["/app/sub/c"]


def test_by_path_label_filter_returns_the_labelled_version(tree: Any) -> None:
    tree.put_parameter(Name="/app/a", Value="1b", Overwrite=True)
    tree.label_parameter_version(Name="/app/a", ParameterVersion=1, Labels=["stable"])
    [found] = tree.get_parameters_by_path(Path="/app", ParameterFilters=[{"Key": "Label", "Values": ["stable"]}])[
        "Parameters"
    ]
    assert (found["Name"], found["Value"], found["Version"]) == ("/app/a", "1", 1)


@pytest.mark.parametrize("key", ["Name", "Path", "Tier", "DataType", "tag:env"])
def test_by_path_refuses_keys_it_does_not_support(tree: Any, key: str) -> None:
    with pytest.raises(ClientError) as caught:
        tree.get_parameters_by_path(Path="/app", ParameterFilters=[{"Key": key, "Values": ["x"]}])
    assert _error(caught) == (
        "InvalidFilterKey",
        f"The following filter key is not valid: {key}. Valid filter keys include: [Type, KeyId, Label].",
    )


def test_by_path_label_takes_only_equals(tree: Any) -> None:
    with pytest.raises(ClientError) as caught:
        tree.get_parameters_by_path(
            Path="/app", ParameterFilters=[{"Key": "Label", "Option": "BeginsWith", "Values": ["x"]}]
        )
    assert _error(caught)[0] == "InvalidFilterOption"


def test_by_path_pages_are_at_most_ten(ssm_client: Any) -> None:
    for index in range(25):
        ssm_client.put_parameter(Name=f"/many/p{index:02d}", Value="v", Type="String")
    first = ssm_client.get_parameters_by_path(Path="/many")
    assert len(first["Parameters"]) == 10
    assert len(_by_path(ssm_client, Path="/many", PaginationConfig={"PageSize": 7})) == 25
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameters_by_path(Path="/many", MaxResults=11)
    assert _error(caught)[0] == "ValidationException"


# --- DescribeParameters --------------------------------------------------------------------------


def test_describe_lists_metadata_in_name_order(tree: Any) -> None:
    assert _described(tree) == ["/app/a", "/app/b", "/app/sub/c", "/apple", "/other/d", "top"]
    secure = tree.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/app/b"]}])["Parameters"][0]
    assert secure["ARN"] == "arn:aws:ssm:us-east-1:123456789012:parameter/app/b"
    assert secure["KeyId"] == "alias/team"
    assert secure["Version"] == 1
    assert secure["Tier"] == "Standard"
    assert secure["DataType"] == "text"
    assert "Value" not in secure


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([{"Key": "Name", "Values": ["/apple"]}], ["/apple"]),
        ([{"Key": "Name", "Values": ["apple"]}], ["/apple"]),
        ([{"Key": "Name", "Values": ["/top"]}], ["top"]),
        ([{"Key": "Name", "Option": "BeginsWith", "Values": ["/app"]}], ["/app/a", "/app/b", "/app/sub/c", "/apple"]),
        ([{"Key": "Name", "Option": "Contains", "Values": ["sub"]}], ["/app/sub/c"]),
        ([{"Key": "Path", "Values": ["/app"]}], ["/app/a", "/app/b"]),
        ([{"Key": "Path", "Option": "Recursive", "Values": ["/app"]}], ["/app/a", "/app/b", "/app/sub/c"]),
        ([{"Key": "Path", "Option": "OneLevel", "Values": ["/"]}], ["/apple", "top"]),
        ([{"Key": "Type", "Values": ["SecureString", "StringList"]}], ["/app/b", "/app/sub/c"]),
        ([{"Key": "KeyId", "Values": ["alias/team"]}], ["/app/b"]),
        ([{"Key": "Tier", "Values": ["Advanced"]}], ["/other/d"]),
        ([{"Key": "DataType", "Values": ["text"]}], ["/app/a", "/app/b", "/app/sub/c", "/apple", "/other/d", "top"]),
        ([{"Key": "tag:env", "Values": ["prod"]}], ["/app/b"]),
        ([{"Key": "tag:env", "Option": "BeginsWith", "Values": ["d"]}], ["/app/sub/c"]),
        ([{"Key": "tag:env"}], ["/app/b", "/app/sub/c"]),
        (
            [{"Key": "Path", "Option": "Recursive", "Values": ["/app"]}, {"Key": "Type", "Values": ["String"]}],
            ["/app/a"],
        ),
    ],
)
def test_describe_parameter_filters(tree: Any, filters: list[dict[str, Any]], expected: list[str]) -> None:
    assert _described(tree, ParameterFilters=filters) == expected


def test_describe_old_filters(tree: Any) -> None:
    assert _described(tree, Filters=[{"Key": "Name", "Values": ["/app/"]}]) == ["/app/a", "/app/b", "/app/sub/c"]
    assert _described(tree, Filters=[{"Key": "Type", "Values": ["SecureString"]}]) == ["/app/b"]
    assert _described(tree, Filters=[{"Key": "KeyId", "Values": ["alias/team"]}]) == ["/app/b"]


@pytest.mark.parametrize(
    ("filters", "code", "message"),
    [
        (
            [{"Key": "Label", "Values": ["x"]}],
            "InvalidFilterKey",
            "The following filter key is not valid: Label. Valid filter keys include: "
            "[Path, Name, Type, KeyId, Tier, DataType, tag:key].",
        ),
        (
            [{"Key": "Name", "Values": ["a"]}, {"Key": "Name", "Values": ["b"]}],
            "InvalidFilterKey",
            "The following filter is duplicated in the request: Name. "
            "A request can contain only one occurrence of a specific filter.",
        ),
        (
            [{"Key": "Name"}],
            "InvalidFilterValue",
            "The following filter values are missing : null for filter key Name.",
        ),
        (
            [{"Key": "Type", "Option": "Contains", "Values": ["String"]}],
            "InvalidFilterOption",
            "The following filter option is not valid: Contains. Valid options include: [Equals, BeginsWith].",
        ),
        (
            [{"Key": "Path", "Option": "Equals", "Values": ["/a"]}],
            "InvalidFilterOption",
            "The following filter option is not valid: Equals. Valid options include: [Recursive, OneLevel].",
        ),
        (
            [{"Key": "Type", "Values": ["Secret"]}],
            "InvalidFilterValue",
            "The following filter value is not valid: Secret. "
            "Valid values include: [String, StringList, SecureString].",
        ),
        ([{"Key": "Tier", "Values": ["Gold"]}], "InvalidFilterValue", "The following filter value is not valid: Gold."),
        ([{"Key": "Path", "Values": ["app"]}], "ValidationException", "The parameter doesn't meet the parameter name"),
        ([{"Key": "Path", "Values": ["/aws/x"]}], "ValidationException", "Filters for common parameters can't be"),
    ],
)
def test_describe_filter_errors(tree: Any, filters: list[dict[str, Any]], code: str, message: str) -> None:
    with pytest.raises(ClientError) as caught:
        tree.describe_parameters(ParameterFilters=filters)
    got_code, got_message = _error(caught)
    assert got_code == code
    assert got_message.startswith(message)


def test_describe_refuses_both_kinds_of_filter(tree: Any) -> None:
    with pytest.raises(ClientError) as caught:
        tree.describe_parameters(
            Filters=[{"Key": "Name", "Values": ["x"]}], ParameterFilters=[{"Key": "Name", "Values": ["x"]}]
        )
    assert _error(caught) == (
        "ValidationException",
        "You can use either Filters or ParameterFilters in a single request.",
    )


def test_describe_shared_lists_nothing_shared(tree: Any) -> None:
    assert tree.describe_parameters(Shared=True)["Parameters"] == []


def test_describe_paging_and_bad_tokens(tree: Any) -> None:
    first = tree.describe_parameters(MaxResults=4)
    assert len(first["Parameters"]) == 4
    rest = tree.describe_parameters(MaxResults=4, NextToken=first["NextToken"])
    assert [p["Name"] for p in rest["Parameters"]] == ["/other/d", "top"]
    assert "NextToken" not in rest
    with pytest.raises(ClientError) as caught:
        tree.describe_parameters(NextToken="not a token")
    assert _error(caught)[0] == "InvalidNextToken"
    with pytest.raises(ClientError) as caught:
        tree.describe_parameters(MaxResults=51)
    assert _error(caught)[0] == "ValidationException"


def test_paging_survives_deletes_between_pages(tree: Any) -> None:
    first = tree.describe_parameters(MaxResults=2)
    tree.delete_parameter(Name="/app/b")
    rest = tree.describe_parameters(MaxResults=50, NextToken=first["NextToken"])
    assert [p["Name"] for p in first["Parameters"]] == ["/app/a", "/app/b"]
    assert [p["Name"] for p in rest["Parameters"]] == ["/app/sub/c", "/apple", "/other/d", "top"]
