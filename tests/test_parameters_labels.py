"""Versions by number and label: selectors, LabelParameterVersion, UnlabelParameterVersion, history."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def _error(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


@pytest.fixture
def three_versions(ssm_client: Any) -> Any:
    ssm_client.put_parameter(Name="/p", Value="one", Type="String")
    ssm_client.put_parameter(Name="/p", Value="two", Overwrite=True)
    ssm_client.put_parameter(Name="/p", Value="three", Overwrite=True)
    return ssm_client


def test_selector_by_version(three_versions: Any) -> None:
    parameter = three_versions.get_parameter(Name="/p:2")["Parameter"]
    assert (parameter["Name"], parameter["Value"], parameter["Version"], parameter["Selector"]) == (
        "/p",
        "two",
        2,
        ":2",
    )


def test_unknown_version_is_parameter_version_not_found(three_versions: Any) -> None:
    with pytest.raises(ClientError) as caught:
        three_versions.get_parameter(Name="/p:9")
    assert _error(caught) == (
        "ParameterVersionNotFound",
        "Systems Manager could not find version 9 of /p. Verify the version and try again.",
    )


def test_selector_by_label(three_versions: Any) -> None:
    reply = three_versions.label_parameter_version(Name="/p", ParameterVersion=1, Labels=["prod"])
    assert reply == {"InvalidLabels": [], "ParameterVersion": 1, "ResponseMetadata": reply["ResponseMetadata"]}
    parameter = three_versions.get_parameter(Name="/p:prod")["Parameter"]
    assert (parameter["Value"], parameter["Version"], parameter["Selector"]) == ("one", 1, ":prod")


def test_unknown_label_is_not_found(three_versions: Any) -> None:
    with pytest.raises(ClientError) as caught:
        three_versions.get_parameter(Name="/p:nolabel")
    assert _error(caught) == ("ParameterNotFound", "")  # no message: awslabs/aws-simple-cicd issue 10
    assert three_versions.get_parameters(Names=["/p:nolabel"])["InvalidParameters"] == ["/p:nolabel"]


def test_label_defaults_to_the_latest_version(three_versions: Any) -> None:
    assert three_versions.label_parameter_version(Name="/p", Labels=["latest"])["ParameterVersion"] == 3


def test_a_label_moves_between_versions(three_versions: Any) -> None:
    three_versions.label_parameter_version(Name="/p", ParameterVersion=1, Labels=["prod"])
    three_versions.label_parameter_version(Name="/p", ParameterVersion=2, Labels=["prod"])
    labels = {v["Version"]: v["Labels"] for v in three_versions.get_parameter_history(Name="/p")["Parameters"]}
    assert labels == {1: [], 2: ["prod"], 3: []}
    assert three_versions.get_parameter(Name="/p:prod")["Parameter"]["Version"] == 2


@pytest.mark.parametrize("label", ["1st", "aws-x", "AWSx", "ssmLabel", "SSM", "has space", "a/b", "a:b"])
def test_invalid_labels_are_listed_not_applied(three_versions: Any, label: str) -> None:
    reply = three_versions.label_parameter_version(Name="/p", Labels=[label, "ok_label-1.0"])
    assert reply["InvalidLabels"] == [label]
    [*_, latest] = three_versions.get_parameter_history(Name="/p")["Parameters"]
    assert latest["Labels"] == ["ok_label-1.0"]


def test_labels_are_at_most_100_characters(raw_client: Any, three_versions: Any) -> None:
    with pytest.raises(ClientError) as caught:
        raw_client.label_parameter_version(Name="/p", Labels=["x" * 101])
    assert _error(caught)[0] == "ValidationException"


def test_a_version_has_at_most_ten_labels(three_versions: Any) -> None:
    three_versions.label_parameter_version(Name="/p", Labels=[f"l{i}" for i in range(10)])
    three_versions.label_parameter_version(Name="/p", Labels=["l0", "l1"])  # already there: no change
    with pytest.raises(ClientError) as caught:
        three_versions.label_parameter_version(Name="/p", Labels=["eleventh"])
    assert _error(caught)[0] == "ParameterVersionLabelLimitExceeded"


def test_label_errors(three_versions: Any) -> None:
    with pytest.raises(ClientError) as caught:
        three_versions.label_parameter_version(Name="/missing", Labels=["x"])
    assert _error(caught)[0] == "ParameterNotFound"
    with pytest.raises(ClientError) as caught:
        three_versions.label_parameter_version(Name="/p", ParameterVersion=7, Labels=["x"])
    assert _error(caught)[0] == "ParameterVersionNotFound"


def test_unlabel(three_versions: Any) -> None:
    three_versions.label_parameter_version(Name="/p", ParameterVersion=2, Labels=["a", "b"])
    reply = three_versions.unlabel_parameter_version(Name="/p", ParameterVersion=2, Labels=["a", "nope"])
    assert (reply["RemovedLabels"], reply["InvalidLabels"]) == (["a"], ["nope"])
    with pytest.raises(ClientError):
        three_versions.get_parameter(Name="/p:a")
    assert three_versions.get_parameter(Name="/p:b")["Parameter"]["Version"] == 2
    with pytest.raises(ClientError) as caught:
        three_versions.unlabel_parameter_version(Name="/p", ParameterVersion=5, Labels=["b"])
    assert _error(caught)[0] == "ParameterVersionNotFound"


def test_history_shows_every_version_with_labels(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/s", Value="one", Type="SecureString", Description="first")
    ssm_client.put_parameter(Name="/s", Value="two", Overwrite=True)
    ssm_client.label_parameter_version(Name="/s", ParameterVersion=1, Labels=["old"])
    hidden = ssm_client.get_parameter_history(Name="/s")["Parameters"]
    shown = ssm_client.get_parameter_history(Name="/s", WithDecryption=True)["Parameters"]
    assert [v["Value"] for v in shown] == ["one", "two"]
    assert all(v["Value"] not in ("one", "two") for v in hidden)
    first = shown[0]
    assert first["Name"] == "/s"
    assert first["Labels"] == ["old"]
    assert first["Description"] == "first"
    assert first["KeyId"] == "alias/aws/ssm"
    assert first["Tier"] == "Standard"
    assert first["Policies"] == []
    assert first["LastModifiedUser"] == "arn:aws:iam::123456789012:user/ssm-fake"


def test_history_pages(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="0", Type="String")
    for number in range(1, 7):
        ssm_client.put_parameter(Name="/p", Value=str(number), Overwrite=True)
    first = ssm_client.get_parameter_history(Name="/p", MaxResults=4)
    second = ssm_client.get_parameter_history(Name="/p", MaxResults=4, NextToken=first["NextToken"])
    assert [v["Version"] for v in first["Parameters"]] == [1, 2, 3, 4]
    assert [v["Version"] for v in second["Parameters"]] == [5, 6, 7]
    assert "NextToken" not in second


def test_history_errors(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter_history(Name="/missing")
    assert _error(caught) == ("ParameterNotFound", "")  # as GetParameter (awslabs/aws-simple-cicd issue 10)
    ssm_client.put_parameter(Name="/p", Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter_history(Name="/p", NextToken="garbage")
    assert _error(caught)[0] == "InvalidNextToken"
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter_history(Name="/p", MaxResults=51)
    assert _error(caught)[0] == "ValidationException"


def test_history_by_arn(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v", Type="String")
    history = ssm_client.get_parameter_history(Name="arn:aws:ssm:us-east-1:123456789012:parameter/p")
    assert [v["Name"] for v in history["Parameters"]] == ["/p"]
