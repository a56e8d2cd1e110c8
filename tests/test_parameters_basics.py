"""Parameter Store basics: create, read, overwrite, delete; names, paths and ARNs."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

ARN_PREFIX = "arn:aws:ssm:us-east-1:123456789012:parameter"


def _error(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = caught.value.response["Error"]
    return error["Code"], error["Message"]


def test_put_then_get_returns_the_value_and_metadata(ssm_client: Any) -> None:
    reply = ssm_client.put_parameter(Name="/app/db/host", Value="db.internal", Type="String")
    assert (reply["Version"], reply["Tier"]) == (1, "Standard")
    parameter = ssm_client.get_parameter(Name="/app/db/host")["Parameter"]
    assert parameter["Name"] == "/app/db/host"
    assert parameter["Value"] == "db.internal"
    assert parameter["Type"] == "String"
    assert parameter["Version"] == 1
    assert parameter["DataType"] == "text"
    assert parameter["ARN"] == f"{ARN_PREFIX}/app/db/host"
    assert "Selector" not in parameter
    assert parameter["LastModifiedDate"].tzinfo is not None


def test_arn_of_a_top_level_name_has_one_slash(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="plain", Value="v", Type="String")
    assert ssm_client.get_parameter(Name="plain")["Parameter"]["ARN"] == f"{ARN_PREFIX}/plain"


def test_top_level_name_with_and_without_slash_is_one_parameter(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="shared", Value="v", Type="String")
    fetched = ssm_client.get_parameter(Name="/shared")["Parameter"]
    assert (fetched["Name"], fetched["Value"]) == ("/shared", "v")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/shared", Value="w", Type="String")
    assert _error(caught)[0] == "ParameterAlreadyExists"
    assert [p["Name"] for p in ssm_client.describe_parameters()["Parameters"]] == ["shared"]


def test_names_are_case_sensitive(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/App/Key", Value="upper", Type="String")
    ssm_client.put_parameter(Name="/app/key", Value="lower", Type="String")
    assert ssm_client.get_parameter(Name="/App/Key")["Parameter"]["Value"] == "upper"
    assert ssm_client.get_parameter(Name="/app/key")["Parameter"]["Value"] == "lower"


def test_spaces_around_a_name_are_removed(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="  /spaced ", Value="v", Type="String")
    assert ssm_client.get_parameter(Name="/spaced ")["Parameter"]["Name"] == "/spaced"


def test_existing_name_without_overwrite_is_refused(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="one", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="two", Type="String")
    assert _error(caught) == (
        "ParameterAlreadyExists",
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
    )
    assert ssm_client.get_parameter(Name="/p")["Parameter"]["Value"] == "one"


def test_overwrite_makes_a_new_version_and_keeps_what_it_does_not_change(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="one", Type="String", Description="about p", AllowedPattern="[a-z]+")
    reply = ssm_client.put_parameter(Name="/p", Value="two", Overwrite=True)
    assert reply["Version"] == 2
    [described] = ssm_client.describe_parameters()["Parameters"]
    assert described["Version"] == 2
    assert described["Type"] == "String"
    assert described["Description"] == "about p"
    assert described["AllowedPattern"] == "[a-z]+"
    assert ssm_client.get_parameter(Name="/p")["Parameter"]["Value"] == "two"


def test_type_is_required_to_create(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v")
    assert _error(caught) == ("ValidationException", "A parameter type is required when you create a parameter.")


def test_changing_the_type_in_a_hierarchy_is_refused(ssm_client: Any) -> None:
    # Evidence changed this test: a flat parameter may change type (hashicorp/terraform-provider-aws
    # TestAccSSMParameter_updateType, see test_fidelity_parameters.py); in a hierarchy the model's
    # HierarchyTypeMismatchException still applies.
    ssm_client.put_parameter(Name="/app/p", Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/app/p", Value="v", Type="SecureString", Overwrite=True)
    assert _error(caught)[0] == "HierarchyTypeMismatchException"


def test_tags_with_overwrite_is_a_validation_error(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="w", Overwrite=True, Tags=[{"Key": "k", "Value": "v"}])
    code, message = _error(caught)
    assert code == "ValidationException"
    assert message.startswith("Invalid request: tags and overwrite can't be used together.")


def test_empty_value_is_refused(raw_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        raw_client.put_parameter(Name="/p", Value="", Type="String")
    assert _error(caught) == (
        "ValidationException",
        "1 validation error detected: Value at 'value' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
    )


def test_values_cannot_nest_parameters(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="{{ssm:other}}", Type="String")
    assert _error(caught)[0] == "ValidationException"


NAME_MESSAGE = 'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). '


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        # Evidence changed these: first-level "aws" names are AccessDeniedException too
        # (aws-solutions/quota-monitor-for-aws issue 30: awslimitschecker), and malformed names get the
        # service's one name message (boto/boto3 issue 1499, aws/aws-sdk-php issue 1952).
        ("awsTest", "AccessDeniedException", "No access to reserved parameter name: awsTest."),
        ("awslimitschecker", "AccessDeniedException", "No access to reserved parameter name: awslimitschecker."),
        ("/aws-top", "AccessDeniedException", "No access to reserved parameter name: aws-top."),
        ("/aws/testparam1", "AccessDeniedException", "No access to reserved parameter name: aws/testparam1."),
        ("/AWSsec/lab/id", "AccessDeniedException", "No access to reserved parameter name: AWSsec/lab/id."),
        ("SSM-test", "ValidationException", NAME_MESSAGE),
        ("/ssm/path/var", "ValidationException", NAME_MESSAGE),
        ("a/b", "ValidationException", NAME_MESSAGE),
        ("/a//b", "ValidationException", NAME_MESSAGE),
        ("/a/b/", "ValidationException", NAME_MESSAGE),
        ("/a b", "ValidationException", NAME_MESSAGE),
        ("/a$b", "ValidationException", NAME_MESSAGE),
        ("/myPrefix/xmpt/support@gmail.com", "ValidationException", NAME_MESSAGE),
        ("C:\\app", "ValidationException", NAME_MESSAGE),
    ],
)
def test_put_refuses_names_the_service_refuses(ssm_client: Any, name: str, code: str, message: str) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name=name, Value="v", Type="String")
    got_code, got_message = _error(caught)
    assert got_code == code
    assert got_message.startswith(message)


def test_hierarchy_depth_is_at_most_fifteen_levels(ssm_client: Any) -> None:
    deepest = "/" + "/".join(f"L{level}" for level in range(1, 15)) + "/name"
    ssm_client.put_parameter(Name=deepest, Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/L0" + deepest, Value="v", Type="String")
    code, message = _error(caught)
    assert code == "HierarchyLevelLimitExceededException"
    assert message.startswith("A hierarchy can have a maximum of 15 levels.")


def test_name_length_counts_the_arn_prefix(ssm_client: Any) -> None:
    prefix = len(f"{ARN_PREFIX}/")
    longest = "n" * (1011 - prefix)
    ssm_client.put_parameter(Name=longest, Value="v", Type="String")
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name=longest + "n", Value="v", Type="String")
    assert _error(caught)[0] == "ValidationException"


def test_model_limits_still_apply_to_names(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="n" * 2049)
    assert "Member must have length less than or equal to 2048" in _error(caught)[1]


def test_get_by_own_arn_returns_the_bare_name(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/a/b", Value="v", Type="String")
    ssm_client.put_parameter(Name="top", Value="t", Type="String")
    by_arn = ssm_client.get_parameter(Name=f"{ARN_PREFIX}/a/b")["Parameter"]
    assert (by_arn["Name"], by_arn["Value"]) == ("/a/b", "v")
    assert ssm_client.get_parameter(Name=f"{ARN_PREFIX}/top")["Parameter"]["Name"] == "top"
    assert ssm_client.get_parameter(Name=f"{ARN_PREFIX}/a/b:1")["Parameter"]["Selector"] == ":1"


def test_arn_of_another_account_or_region_is_not_found(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/a", Value="v", Type="String")
    for arn in ("arn:aws:ssm:us-east-1:111122223333:parameter/a", "arn:aws:ssm:eu-west-1:123456789012:parameter/a"):
        with pytest.raises(ClientError) as caught:
            ssm_client.get_parameter(Name=arn)
        assert _error(caught)[0] == "ParameterNotFound"


def test_get_missing_parameter(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="/missing")
    # Evidence changed this: no message (awslabs/aws-simple-cicd issue 10).
    assert _error(caught) == ("ParameterNotFound", "")


@pytest.mark.parametrize("name", ["a/b/c", "/a//b", "{test}-test", "/ssm/x"])
def test_get_with_a_malformed_name_is_a_validation_error(ssm_client: Any, name: str) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name=name)
    code, message = _error(caught)
    assert code == "ValidationException"
    assert "sub-paths divided by slash symbol" in message


def test_get_parameters_sorts_found_and_lists_the_rest(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/b", Value="2", Type="String")
    ssm_client.put_parameter(Name="/a", Value="1", Type="String")
    reply = ssm_client.get_parameters(Names=["/b", "/missing", "/a", "/b", "bad name", "/a:7"])
    assert [(p["Name"], p["Value"]) for p in reply["Parameters"]] == [("/a", "1"), ("/b", "2")]
    assert reply["InvalidParameters"] == ["/missing", "bad name", "/a:7"]


def test_get_parameters_takes_at_most_ten_names(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameters(Names=[f"/p{i}" for i in range(11)])
    assert "Member must have length less than or equal to 10" in _error(caught)[1]


def test_get_parameters_accepts_arns(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/x", Value="v", Type="String")
    reply = ssm_client.get_parameters(Names=[f"{ARN_PREFIX}/x"])
    assert [p["Name"] for p in reply["Parameters"]] == ["/x"]
    assert reply["InvalidParameters"] == []


def test_delete_parameter(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tags=[{"Key": "k", "Value": "v"}])
    ssm_client.delete_parameter(Name="/p")
    with pytest.raises(ClientError) as caught:
        ssm_client.get_parameter(Name="/p")
    assert _error(caught)[0] == "ParameterNotFound"
    with pytest.raises(ClientError) as caught:
        ssm_client.delete_parameter(Name="/p")
    assert _error(caught) == ("ParameterNotFound", "")  # no message: awslabs/aws-simple-cicd issue 10
    ssm_client.put_parameter(Name="/p", Value="again", Type="String")
    assert ssm_client.get_parameter(Name="/p")["Parameter"]["Version"] == 1
    assert ssm_client.list_tags_for_resource(ResourceType="Parameter", ResourceId="/p")["TagList"] == []


def test_delete_parameters_reports_deleted_and_invalid(ssm_client: Any) -> None:
    for name in ("/a", "/b"):
        ssm_client.put_parameter(Name=name, Value="v", Type="String")
    reply = ssm_client.delete_parameters(Names=["/a", "/nope", "/b"])
    assert reply["DeletedParameters"] == ["/a", "/b"]
    assert reply["InvalidParameters"] == ["/nope"]
    assert ssm_client.describe_parameters()["Parameters"] == []


def test_accounts_and_regions_are_separate(ssm_client: Any, ssm_fake: Any) -> None:
    import boto3

    ssm_client.put_parameter(Name="/p", Value="home", Type="String")
    other_region = boto3.client("ssm", region_name="eu-west-1")
    other_account = boto3.client("ssm", region_name="us-east-1", **ssm_fake.credentials("111122223333"))
    for client in (other_region, other_account):
        with pytest.raises(ClientError):
            client.get_parameter(Name="/p")
        client.put_parameter(Name="/p", Value="elsewhere", Type="String")
    assert ssm_client.get_parameter(Name="/p")["Parameter"]["Value"] == "home"
    assert other_region.get_parameter(Name="/p")["Parameter"]["ARN"].startswith("arn:aws:ssm:eu-west-1:")


def test_parameter_tags(ssm_client: Any) -> None:
    ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tags=[{"Key": "team", "Value": "a"}])
    ssm_client.add_tags_to_resource(ResourceType="Parameter", ResourceId="/p", Tags=[{"Key": "env", "Value": "prod"}])
    tags = ssm_client.list_tags_for_resource(ResourceType="Parameter", ResourceId="/p")["TagList"]
    assert {t["Key"]: t["Value"] for t in tags} == {"team": "a", "env": "prod"}
    ssm_client.remove_tags_from_resource(ResourceType="Parameter", ResourceId="/p", TagKeys=["team"])
    tags = ssm_client.list_tags_for_resource(ResourceType="Parameter", ResourceId="/p")["TagList"]
    assert tags == [{"Key": "env", "Value": "prod"}]


def test_tags_on_a_missing_parameter(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.list_tags_for_resource(ResourceType="Parameter", ResourceId="/nope")
    assert _error(caught)[0] == "InvalidResourceId"


def test_tag_rules_apply_on_create(ssm_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tags=[{"Key": "aws:x", "Value": "v"}])
    assert _error(caught)[0] == "ValidationException"
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    with pytest.raises(ClientError) as caught:
        ssm_client.put_parameter(Name="/p", Value="v", Type="String", Tags=too_many)
    assert _error(caught)[0] == "TooManyTagsError"
    with pytest.raises(ClientError):
        ssm_client.get_parameter(Name="/p")
